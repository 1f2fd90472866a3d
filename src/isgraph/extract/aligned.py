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


def _row(lines: list[tuple[str, list[int]]]) -> str:
    """One row's lines, each with the columns of its page, as cells joined by ' | '."""
    cells: list[list[str]] = [[] for _ in lines[0][1]]
    for line, starts in lines:
        for pos, text in _chunks(line):
            k = max([k for k, s in enumerate(starts) if s <= pos + 3] or [0])
            money = _TRAILING_AMOUNT.search(text)
            if money and k + 1 < len(starts) and money.start() > 0 and not text[: money.start()][-1:].isdigit():  # 'Villefranche-de-Rouergue 6 000 €': one
                cells[k].append(text[: money.start()].strip())  # space left between the last two cells
                cells[-1].append(money.group(0).strip())
                continue
            cells[k].append(text)
    return " | ".join(re.sub(r"(?<=\w-) (?=\w)", "", _joined(parts)) for parts in cells)  # 'Basse-|Marche', 'garde-|manger'


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
                         "qui sa se ses si son sur ta te un une va vu y "
                         "âge air art axe bio bus duo eau été feu fil jeu kit lot mer sol tri vie".split())


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


# a header cell whose last word calls for more ('Ville de' / 'Vierzon', 'État (BOP' / '147)')
_OPEN_HEAD = re.compile(r"(?:\b(?:de|du|des|d'|la|le|les|en|et|à|au|aux|par|pour)|\([^)]*)$", re.IGNORECASE)


def _header_continued(line: str, heads: list[tuple[int, str]]) -> bool:
    """A line under a header that goes on with its cells' words ('      147)     Vierzon      Cher' under 'État
    (BOP   Ville de   CAF du'): the first column empty, every chunk under a header cell, no digit but in brackets,
    and each chunk a continuation: lower case ('Structure' / 'porteuse'), or after a header cell that calls for
    more ('Ville de' / 'Vierzon'). A capitalised chunk under a complete heading is a cell of the first row, printed
    above the row's middle line ('Association Le' under 'N°  Structure')."""
    chunks = _chunks(line)
    if not chunks or chunks[0][0] <= heads[0][0] + 3 or len(heads) < 2:
        return False
    if any(re.search(r"\d", re.sub(r"\([^()]*\)?|\d+\)", "", text)) for _, text in chunks):
        return False
    for pos, text in chunks:
        dist = sorted((abs(h - pos), k) for k, (h, _) in enumerate(heads))
        if dist[0][0] > 6 or len(text.split()) > 3:
            return False
        if text[:1].isupper() and not _OPEN_HEAD.search(heads[dist[0][1]][1]):
            return False
    return True


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


def _spans_columns(line: str, starts: list[int]) -> bool:
    """A line of prose run on under a table (no blank line between): one chunk from the first column reaching
    past the third column's start, wider than any cell."""
    chunks = _chunks(line)
    return len(starts) >= 3 and len(chunks) == 1 and chunks[0][0] <= starts[0] + 3 and \
        chunks[0][0] + len(chunks[0][1]) > starts[2] + 3


def _amount_line(line: str) -> bool:
    return any(_AMOUNT_CELL.fullmatch(text) for _, text in _chunks(line))


def _nearest_rows(seq: list[int], amounts: list[int]) -> list[list[int]]:
    """Cells wrapped above and below the row's middle line, where its one-line cells and its amount are printed:
    each line of `seq` to the row of the nearest amount line, counted in lines of the table (a page break and its
    repeated header between two lines count for nothing); the line halfway between two to the row above."""
    at = {k: pos for pos, k in enumerate(seq)}
    rows: list[list[int]] = [[] for _ in amounts]
    for k in seq:
        rows[min(range(len(amounts)), key=lambda r: (abs(at[amounts[r]] - at[k]), amounts[r] > k))].append(k)
    return rows


def _repeated_header(lines: list[str], run: list[int], starts: list[int], out: dict[int, str]) -> list[int]:
    """A run that begins with the table's header again (the top of its next page): the header's lines emptied, the
    rest of the run given back (the run unchanged when it does not begin so)."""
    again = _header(lines[run[0]])
    if again is None or len(again) != len(starts):
        return run
    heads = _chunks(lines[run[0]])
    k = 1
    while k < len(run) and _header_continued(lines[run[k]], heads):
        k += 1
    for line in run[:k]:
        out[line] = ""
    return run[k:]


def _upper_line(line: str, middle: str) -> bool:
    """`line`, above a row's middle line `middle`, holds only cells wrapped upwards: it begins right of the middle
    line's first cell (the row's number, printed on the middle line only)."""
    a, b = _chunks(line), _chunks(middle)
    return bool(a and b) and a[0][0] > b[0][0] + 2


def aligned_tables(lines: list[str], ends: dict[int, int] | None = None) -> dict[int, str]:
    """{line index: new text} for the lines of the space-aligned tables of a document (none: {}). A row's text is
    given to its first line, its other lines emptied; `ends` (when given) gets {first line: last line} of each row
    printed on several lines."""
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
        page: dict[int, int] = {}  # line -> the table's page (0 before the first repeated header): its own columns
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
        centred: tuple[int, list[int], list[int]] | None = None  # (first row, lines, amount lines) of the last run
        # read by _nearest_rows
        pages = 0
        while j < n:
            while j < n and not lines[j].strip():
                j += 1
            run = []
            while j < n and lines[j].strip():
                run.append(j)
                j += 1
            repeated = False
            if run and rows:  # the header again at the top of the next page: the table goes on
                cut = _repeated_header(lines, run, starts, out)
                repeated, run = len(cut) < len(run), cut
                pages += repeated
                if repeated and not run:
                    continue
            page.update((k, pages) for k in run)
            if not run or not any(len(_chunks(lines[k])) >= 2 for k in run):
                j = run[0] if run else j
                break  # prose again: the table has ended
            amounts = [k for k in run if _amount_line(lines[k])]
            if not amounts and rows and page[rows[-1][0]] != pages and any(_amount_line(lines[k]) for k in rows[-1]):
                rows[-1] += run  # the last row's cells cut by the page break, alone under the repeated header
                continue
            if all(len(_chunks(lines[k])) >= min(3, len(starts)) for k in run) and len(amounts) in (0, len(run)):
                # every line fills the columns: a row each (not a row's line and the line its three cells wrap
                # onto, 'Groupement d'achat | Association Terroirs en | … | 20 000 €' over 'paysan solidaire |
                # Commun | Comté', which has no amount)
                rows += [[k] for k in run]
                centred = None
                continue
            anchors = [k for k in run if _row_start(lines[k], starts)]
            upper = bool(amounts) and run[0] < amounts[0] and (
                run[0] not in anchors or _upper_line(lines[run[0]], lines[amounts[0]]))
            if amounts and not _prose(lines[run[-1]], starts) and (upper or repeated and centred is not None):
                # cells wrapped above and below the row's amount, printed on its middle line (a budget annex's
                # 'Liste des concours attribués', a results list whose rows have lines above their middle one):
                # each line to the nearest amount's row. The rows cut by a page break go on after the repeated
                # header; prose run on under the last row ends the table.
                end = next((k for k in run if k > amounts[-1] and _spans_columns(lines[k], starts)), None)
                if end is not None:
                    run = [k for k in run if k < end]
                if repeated and centred is not None:
                    first, seq, amounts = centred[0], centred[1] + run, centred[2] + amounts
                    del rows[first:]
                else:
                    first, seq = len(rows), run
                rows += _nearest_rows(seq, amounts)
                centred = (first, seq, amounts)
                if end is not None:
                    j = end
                    break
                continue
            centred = None
            if amounts and amounts[0] == run[0]:
                # a row's first line holds its amount: another line begins a row only when it fills as many
                # cells but the amount ('Les Ateliers du | et d'un tiers-lieu de | (Loire-' wraps three cells of
                # the row above)
                full = sorted(len(_chunks(lines[k])) for k in amounts)[len(amounts) // 2] - 1
                anchors = [k for k in anchors if k in amounts or len(_chunks(lines[k])) >= full]
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
        columns = [_columns([lines[k] for row in rows for k in row if page[k] == p], len(starts))
                   for p in range(pages + 1)]
        for row in rows:
            out[row[0]] = _row([(lines[k], columns[page[k]]) for k in row])
            for k in row[1:]:
                out[k] = ""
            if ends is not None and len(row) > 1:
                ends[row[0]] = max(row)
        i = j
    return out
