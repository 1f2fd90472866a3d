"""Tables laid out with spaces, as a PDF's text comes out of it (pdftotext's layout): a header line naming the
fields ('Association      Projet      Commune      Montant'), then rows whose cells wrap over several lines, the
one-line cells printed on the row's middle line:

                        Visites à domicile « éco-gestes » et pose
    Chaleur Partagée 87     de petits équipements d'économie               Limoges                  18 000 €
                        d'énergie chez 150 ménages

Each row is given back as one line of cells joined by ' | ' (the form `tables.find_table` reads), on the row's first
line; the row's other lines are emptied, so line numbers still point into the text as published (OUT/documents/).
Rows are told apart by the blank lines between them or, when every line of a run fills the columns, line by line."""

from __future__ import annotations

import re

_TRAILING_AMOUNT = re.compile(r"\s\d{1,3}(?:[  .]\d{3})*(?:,\d{1,2})?\s?(?:€|euros?|k€)$")
_AMOUNT_CELL = re.compile(r"\d{1,3}(?:[  .]\d{3})+(?:,\d{1,2})?(?:\s?(?:€|euros?))?|\d+,\d{2}(?:\s?(?:€|euros?))?|"
                          r"\d[\d  .]*\s?(?:€|k€|euros?)")
_CHUNK = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces; two or more spaces separate cells


def _chunks(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _CHUNK.finditer(line)]


def _header(line: str) -> list[int] | None:
    """The start of each column when the line is a table's header naming its fields."""
    from isgraph.extract.blocks import label_field

    if "|" in line or "\t" in line:
        return None
    chunks = _chunks(line)
    if len(chunks) < 3 or any(len(text.split()) > 4 for _, text in chunks):
        return None
    fields = [label_field(text, table=True) for _, text in chunks]
    if sum(1 for f in fields if f) < 2 or not any(f in ("porteur", "titre") for f in fields):
        return None
    return [start for start, _ in chunks]


def _columns(lines: list[str], width: int) -> list[int]:
    """Where the table's columns start, read from its rows (a header is often centred over its column): the
    `width` positions where most cells start, in order."""
    counts: dict[int, int] = {}
    for line in lines:
        for pos, _ in _chunks(line):
            counts[pos] = counts.get(pos, 0) + 1
    clusters: list[list[int]] = []
    for pos in sorted(counts):
        if clusters and pos - clusters[-1][-1] <= 3:
            clusters[-1].append(pos)
        else:
            clusters.append([pos])
    weight = [sum(counts[p] for p in c) for c in clusters]
    keep = sorted(sorted(range(len(clusters)), key=lambda k: (-weight[k], k))[:width])
    return [clusters[k][0] for k in keep]


def _row(lines: list[str], starts: list[int]) -> str:
    cells: list[list[str]] = [[] for _ in starts]
    for line in lines:
        for pos, text in _chunks(line):
            k = max([k for k, s in enumerate(starts) if s <= pos + 3] or [0])
            money = _TRAILING_AMOUNT.search(text)
            if money and k + 1 < len(starts) and money.start() > 0 and not text[: money.start()][-1:].isdigit():  # 'Villefranche-de-Rouergue 6 000 €': one
                cells[k].append(text[: money.start()].strip())  # space left between the last two cells
                cells[-1].append(money.group(0).strip())
                continue
            cells[k].append(text)
    return " | ".join(re.sub(r"(?<=\w-) (?=[A-ZÉÈÀ])", "", _joined(parts)) for parts in cells)  # 'Basse-|Marche'


def _header_cells(lines: list[str], i: int, out: dict[int, str]) -> list[str]:
    """The header's cells, with the words of a header wrapped upwards on the line above it ('N°  …  Dépense
    Montant' over 'dossier  Bénéficiaire  …  retenue  Taux  attribué'): 'Dépense retenue', 'Montant attribué'."""
    cells = _chunks(lines[i])
    texts = [text for _, text in cells]
    if i == 0 or "  " not in lines[i - 1] or "|" in lines[i - 1] or i - 1 in out:
        return texts
    up = _chunks(lines[i - 1])
    if not 2 <= len(up) < len(cells) or any(len(text.split()) > 3 for _, text in up):
        return texts
    nearest = [min(range(len(cells)), key=lambda k: abs(cells[k][0] - pos)) for pos, _ in up]
    if any(abs(cells[k][0] - pos) > 3 for k, (pos, _) in zip(nearest, up)) or len(set(nearest)) != len(up):
        return texts
    for k, (_, text) in zip(nearest, up):
        texts[k] = f"{text} {texts[k]}"
    out[i - 1] = ""
    return texts


# the short words a cell's next line may begin with; any other fragment of one to three lower-case letters is the
# end of a word the layout cut where the cell was too narrow ('intergénérationn' / 'el')
_SHORT_WORDS = frozenset("a à au aux ce ces de des du en et il la le les lui ma mes ne ni on or ou où par pas peu "
                         "qui sa se ses si son sur ta te un une va vu y".split())


def _joined(parts: list[str]) -> str:
    out = ""
    for part in parts:
        first = part.split()[0] if part.split() else ""
        core = first.rstrip(".,;:)")
        if out and out[-1:].isalpha() and core.isalpha() and core.islower() and len(core) <= 3 \
                and core not in _SHORT_WORDS:
            out += part
        else:
            out = f"{out} {part}" if out else part
    return out


def _header_continued(line: str, heads: list[tuple[int, str]]) -> bool:
    """A line under a header that goes on with its cells' words ('      147)     Vierzon      Cher' under 'État
    (BOP   Ville de   CAF du'): the first column empty, every chunk under a header cell, no digit but in brackets."""
    chunks = _chunks(line)
    if not chunks or chunks[0][0] <= heads[0][0] + 3 or len(heads) < 2:
        return False
    if any(re.search(r"\d", re.sub(r"\([^()]*\)?|\d+\)", "", text)) for _, text in chunks):
        return False
    return all(min(abs(h - pos) for h, _ in heads) <= 6 and len(text.split()) <= 3 for pos, text in chunks)


def _row_start(line: str, starts: list[int]) -> bool:
    """A line that begins a row: it fills most columns, or it has the first column's cell and the last column's
    amount ('TOTAL   …   10 300 €')."""
    from isgraph.extract.blocks import is_total

    chunks = _chunks(line)
    if len(chunks) >= min(3, len(starts)):
        return True
    if any(is_total(text) for _, text in chunks):
        return True  # ('TOTAL   111 700 €' under the last columns: the total's row, not the row above's)
    return len(chunks) >= 2 and chunks[0][0] <= starts[0] + 3 and bool(_TRAILING_AMOUNT.search(" " + chunks[-1][1]))


def _prose(line: str, starts: list[int]) -> bool:
    """A line of prose under a table: one chunk from the first column, longer than a column, ending a sentence."""
    chunks = _chunks(line)
    return len(chunks) == 1 and chunks[0][0] <= starts[0] + 3 and len(chunks[0][1]) > 30 and \
        chunks[0][1].rstrip().endswith((".", ":", ";"))


def aligned_tables(lines: list[str]) -> dict[int, str]:
    """{line index: new text} for the lines of the space-aligned tables of a document (none: {})."""
    out: dict[int, str] = {}
    i, n = 0, len(lines)
    while i < n:
        starts = _header(lines[i]) if "  " in lines[i] else None
        if starts is None:
            i += 1
            continue
        texts = _header_cells(lines, i, out)
        heads = _chunks(lines[i])
        rows: list[list[int]] = []
        j = i + 1
        while j < n and lines[j].strip() and (len(_chunks(lines[j])) <= 2 and len(lines[j].strip()) <= 12
                                              or _header_continued(lines[j], heads)):
            # the header's last words, wrapped under it ('État' / '(BOP' / '147)', 'dossi' / 'er'): each to the
            # cell it stands under
            for pos, text in _chunks(lines[j]):
                k = min(range(len(heads)), key=lambda c: abs(heads[c][0] - pos))
                if abs(heads[k][0] - pos) <= 6:
                    texts[k] = _joined([texts[k], text])
            out[j] = ""
            j += 1
        out[i] = " | ".join(texts)
        while j < n:
            while j < n and not lines[j].strip():
                j += 1
            run = []
            while j < n and lines[j].strip():
                run.append(j)
                j += 1
            if not run or not any(len(_chunks(lines[k])) >= 2 for k in run):
                j = run[0] if run else j
                break  # prose again: the table has ended
            if all(len(_chunks(lines[k])) >= min(3, len(starts)) for k in run):
                rows += [[k] for k in run]  # every line fills the columns: a row each
                continue
            anchors = [k for k in run if _row_start(lines[k], starts)]
            amounts = [k for k in run if any(_AMOUNT_CELL.fullmatch(text) for _, text in _chunks(lines[k]))]
            if len(amounts) >= 2 and len(anchors) > len(amounts) and not _prose(lines[run[-1]], starts):
                # cells wrapped above and below the row's amount, printed on its middle line, no blank line between
                # rows (a budget annex's 'Liste des concours attribués'): each line to the nearest amount's row, the
                # one halfway between two to the row above
                for a in amounts:
                    rows.append([])
                for k in run:
                    near = min(range(len(amounts)), key=lambda r: (abs(amounts[r] - k), amounts[r] > k))
                    rows[len(rows) - len(amounts) + near].append(k)
                continue
            if len(anchors) >= 2 and anchors[0] == run[0]:
                # rows one under the other, each cell wrapping downwards from the row's first line ('Association
                # Les | Lumbres | Épicerie sociale | 6 000 €' over 'Potes du Bourg | | itinérante'): a row per
                # first line; prose after the last row ('Les crédits sont inscrits…') ends the table
                for a, b in zip(anchors, anchors[1:] + [run[-1] + 1]):
                    row = [k for k in run if a <= k < b]
                    prose = next((k for k in row[1:] if _prose(lines[k], starts)), None)
                    if prose is not None:
                        rows.append([k for k in row if k < prose])
                        j = prose
                        break
                    rows.append(row)
                else:
                    continue
                break
            rows.append(run)
        columns = _columns([lines[k] for row in rows for k in row], len(starts))
        for row in rows:
            out[row[0]] = _row([lines[k] for k in row], columns)
            for k in row[1:]:
                out[k] = ""
        i = j
    return out
