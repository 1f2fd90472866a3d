"""The text read from each document, published as OUT/documents/<key>.txt so that every line span of the
provenance (isg:ligneDebut / isg:ligneFin / isg:ligne) points at a file the user can open: line N of that file is
line N the extractors read. For a PDF, OUT/documents/<key>.pages.tsv gives the lines of each page.

Personal data is masked in place, on its line, so line numbers do not move: e-mails, phone numbers and the
contact persons' names found by the extractors become "[courriel]", "[téléphone]", "[nom]"; a line where the
final check (`privacy.leaks`) still finds something is replaced by "[ligne masquée]"."""

from __future__ import annotations

from pathlib import Path

import re

from isgraph.extract.common import (_NAMED_AFTER, _PERSON_CANDIDATE, EMAIL_RE, PERSON_CONTEXT, PHONE_RE, looks_like_person,
                                    marked_persons)
from isgraph.privacy import NameMatcher, ascii_fold, leaks
from isgraph.extract.first_names import marked_first_names, name_pattern

MASK_EMAIL, MASK_PHONE, MASK_NAME, MASK_LINE = "[courriel]", "[téléphone]", "[nom]", "[ligne masquée]"
# a line that gives contact details: a person's name on it or next to it is a contact's name
CONTACT_CUE = re.compile(r"(?i)\b(?:contacts?|t[ée]l(?:[ée]phone)?|courriel|e-?mail|mail|charg[ée]e? de mission|"
                         r"r[ée]f[ée]rente?|interlocut(?:eur|rice))\b|\[(?:courriel|téléphone|nom)\]")


def _mask_names(line: str, matcher: NameMatcher) -> str:
    folded_chars, origin = [], []
    for i, c in enumerate(line):
        f = ascii_fold(c)
        folded_chars.append(f)
        origin += [i] * len(f)
    folded = "".join(folded_chars)
    found = matcher.findall(folded)
    if not found:
        return line
    spans, pos = [], 0
    for m in found:
        at = folded.find(m, pos)
        if at < 0:
            continue
        spans.append((origin[at], origin[at + len(m) - 1] + 1))
        pos = at + len(m)
    for a, b in reversed(spans):
        line = line[:a] + MASK_NAME + line[b:]
    return line


def _mask_contacts(line: str) -> str:
    if "@" in line:
        line = EMAIL_RE.sub(MASK_EMAIL, line)
        line = _BROKEN_EMAIL.sub(MASK_EMAIL, line)  # 'jb.hamelin@vivre-ensemble-' (the rest on the next line)
    return PHONE_RE.sub(MASK_PHONE, line)


_BROKEN_EMAIL = re.compile(r"[\w.+-]+@[\w.-]*")
# a civility and a surname ('M. FARGEAUDOUX', 'Mme Pourtaud-Lescure', 'M.\nDELPEYRAT' across a line break): the
# surname masked, the civility kept
# (with a particle: 'Mme LE FUR', 'M. Le Goff'; with a first name before a surname in capitals, or that first
# name already masked: 'M. Yannick LE GOFF', 'M. [nom] LE GOFF')
_CAP_WORD = r"[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’]*(?:-[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’]*)*"
_PARTICLE = r"(?:LE|LA|DE|DU|DES|VAN|Le|La|De|Du|Des|Van)[ \t]+(?=[A-ZÉÈÀÂÎÏÔÖÛÜÇ])"
_CIVILITY_NAME = re.compile(r"\b(?P<c>M\.|Mme|Mlle|MM\.|Madame|Monsieur|Mademoiselle)(?P<s>[ \t]*\n[ \t]*|[ \t]{1,2})"
                            rf"(?P<n>(?:(?:\[nom\]|{_CAP_WORD})[ \t]+(?=(?:{_PARTICLE})?[A-ZÉÈÀÂÎÏÔÖÛÜÇ]{{2,}}\b))?"
                            rf"(?:{_PARTICLE})?{_CAP_WORD}-?)")
_NOT_SURNAMES = {"le", "la", "les", "l", "de", "du", "des"} | {"maire", "president", "presidente", "prefet", "prefete",
                                                                 "directeur", "directrice", "ministre", "depute",
                                                                 "rapporteur", "rapporteure", "secretaire", "adjoint",
                                                                 "adjointe", "conseiller", "conseillere", "senateur",
                                                                 "senatrice", "deputee", "tresorier", "tresoriere"}


def _mask_civilities(lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    if "M" not in text:
        return lines

    def repl(m: re.Match) -> str:
        if ascii_fold(m.group("n").split()[-1]).strip("-").lower() in _NOT_SURNAMES:
            return m.group(0)
        return f"{m.group('c')}{m.group('s')}{MASK_NAME}"

    masked = _CIVILITY_NAME.sub(repl, text)
    return masked.split("\n") if masked != text else lines


def _mask_split_names(lines: list[str]) -> list[str]:
    """A name cut by a line break ('Le Maire, Jean-Luc' / 'Fargeaudoux', '[nom]-' / 'Letellier'): both halves."""
    out = list(lines)
    for i in range(len(out) - 1):
        nxt = re.match(r"\s*(?P<w>[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’-]+)(?!\s*:)", out[i + 1])
        if not nxt:
            continue  # (nor the label opening the next line: 'Hugo Bernard' / 'Décès : …')
        end = re.search(r"(?:(?P<p>[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’-]+)\s+)?"
                        r"(?P<w>[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’-]+|\[nom\]-)\s*$", out[i])
        if not end:
            continue
        w = end.group("w")
        whole = f"{end.group('p')} {w}{nxt.group('w')}" if w.endswith("-") and end.group("p") else \
            f"{w} {nxt.group('w')}"  # 'Marie-Claire Dupont-' / 'Letellier': one hyphenated surname
        # a person's: a function or a civility on its two lines, or the masked contact details of a contact block
        # below it ('Caroline' / 'MAIRESSE,' / '[nom],' / '[téléphone]')
        below = " ".join(out[i : i + 4])
        if w == "[nom]-" or (looks_like_person(whole) and (PERSON_CONTEXT.search(" ".join(out[i : i + 2]))
                                                          or re.search(r"\[(?:nom|courriel|téléphone)\]", below))):
            if w.endswith("-") and end.group("p") and w != "[nom]-":
                out[i] = out[i][: end.start("p")] + MASK_NAME + out[i][end.end("w"):]
            elif w != "[nom]-":
                out[i] = out[i][: end.start("w")] + MASK_NAME + out[i][end.end("w"):]
            out[i + 1] = out[i + 1][: nxt.start("w")] + MASK_NAME + out[i + 1][nxt.end("w"):]
    return out


_CELL = re.compile(r"\S+(?: \S+)*")  # a table cell of a space-aligned layout: words one space apart
_CELL_CIVILITY = re.compile(r"(?:^|\s)(?:M\.|Mme|Mlle|MM\.|Madame|Monsieur)(?: \[nom\])?-?$")
_CELL_NAME = re.compile(rf"(?:{_CAP_WORD})(?: {_CAP_WORD})?")


def _mask_split_cells(lines: list[str]) -> list[str]:
    """A name wrapped inside a cell of a table laid out with spaces (a PDF's text): 'M. Didier' on one line, 'Roussel'
    under it in the same column, the next line's other cells between them. A cell ending on a civility, masked or
    not ('M.', 'M. [nom]'): the name words starting the same column on the next line are masked too."""
    out = list(lines)
    for i in range(len(out) - 1):
        if "  " not in out[i] or "M" not in out[i]:
            continue
        for cell in _CELL.finditer(out[i]):
            if not _CELL_CIVILITY.search(cell.group()):
                continue
            below = next((m for m in _CELL.finditer(out[i + 1]) if abs(m.start() - cell.start()) <= 2), None)
            name = _CELL_NAME.match(below.group()) if below else None
            if name is None or ascii_fold(name.group().split()[-1]).lower() in _NOT_SURNAMES:
                continue
            at = below.start()
            out[i + 1] = out[i + 1][:at] + MASK_NAME + out[i + 1][at + name.end():]
    return out


def _name_lines(lines: list[str], matcher: NameMatcher | None) -> set[int]:
    """Indexes of the lines holding a contact's name (the whole text folded and searched once)."""
    if not matcher:
        return set()
    folded = ascii_fold("\n".join(lines)).split("\n")
    if len(folded) != len(lines):  # a character folded into a line break: search line by line
        folded = [ascii_fold(line) for line in lines]
    names = set(matcher.findall("\n".join(folded)))
    if not names:
        return set()
    found = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
    return {i for i, f in enumerate(folded) if found.search(f)}


def published_text(lines: list[str], persons: set[str], matcher: "NameMatcher | None" = None) -> tuple[str, int]:
    """(text, number of lines masked): one line per line read, personal data masked on its line. `matcher`: the
    NameMatcher of `persons`, when the caller has built it once for many documents."""
    if matcher is None:
        matcher = NameMatcher(persons)
    matcher = matcher if matcher else None
    out = [_mask_contacts(line) for line in lines]
    for i in _name_lines(out, matcher):
        out[i] = _mask_names(out[i], matcher)
    # names shaped like a person's anywhere in this document, not only in the initiatives' blocks: a signatory
    # ('Le Président, Yann Le Bihan-Kervella'), a quoted official, a photographer ('© Fondation X / P. Guérin')
    own = NameMatcher(marked_persons("\n".join(out)))
    if own:
        for i in _name_lines(out, own):
            out[i] = _mask_names(out[i], own)
    # residents, volunteers, users quoted by their first name alone ('témoigne Sandrine, bénévole')
    alone = name_pattern(marked_first_names("\n".join(out)))
    if alone is not None:
        out = [alone.sub(MASK_NAME, line) for line in out]
    out = _mask_civilities(out)
    out = _mask_split_names(out)
    out = _mask_split_cells(out)
    out = _mask_name_lists(out)
    out = _mask_name_columns(out)
    contact = [bool(CONTACT_CUE.search(line)) for line in out]
    for i in range(len(out)):
        if any(contact[max(0, i - 1):i + 2]):
            out[i] = _mask_persons(out[i])
    # the publication check (`privacy.leaks`: whatever else it recognises), on the whole text once
    found = set(leaks("\n".join(out), set()))
    if found:
        for i, line in enumerate(out):
            for f in found:
                if f in line:
                    line = line.replace(f, MASK_PHONE if any(ch.isdigit() for ch in f) else MASK_EMAIL)
            out[i] = line
        for i in {i for i, line in enumerate(out) if leaks(line, set())}:
            out[i] = MASK_LINE
    for i in _name_lines(out, matcher):
        out[i] = MASK_LINE
    masked = sum(1 for a, b in zip(lines, out) if a != b)
    return "\n".join(out) + "\n" if out else "", masked


# a town magazine's civil status ('Naissances : Timéo Chabanne, le 19 septembre', 'Décès : Odette Vernhet, 87 ans'):
# every name on the line is a person's, whatever its first name
_CIVIL_STATUS = re.compile(r"(?i)^\s*[*_]*(?:naissances?|mariages?|pacs|d[ée]c[èe]s|bapt[êe]mes?|ils nous ont quitt[ée]s|"
                           r"carnet(?:\s+\w+)?)[*_]*\s*:")
_CAPITALISED_NAME = re.compile(r"\b[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’-]+(?:\s+(?:(?:de|du|des|le|la)\s+)?"
                               r"[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüç'’-]+){1,3}")


# a council's attendance ('Présents : Mmes et MM. ANDRÉ-MOUREY, BAILLY, …', 'Excusés : M. Paul Roux, Mme …',
# 'Pouvoirs : …'): every name on the line is a councillor's
_ATTENDANCE = re.compile(r"(?i)^\s*[*_]*(?:(?:étaient\s+|membres\s+)?présent(?:e)?s|absent(?:e)?s(?:\s+excusé(?:e)?s)?|"
                         r"excusé(?:e)?s|pouvoirs?|procurations?|ont\s+donné\s+(?:pouvoir|procuration)|"
                         r"(?:étaient\s+)?représenté(?:e)?s)[*_]*\s*:")
_UPPER_NAME = re.compile(r"(?<![\w\[])(?!(?:MM|MME|MMES|MLLE|ET)\b)[A-ZÉÈÀÂÎÏÔÖÛÜÇ]{2,}(?:[-'’ ][A-ZÉÈÀÂÎÏÔÖÛÜÇ]{2,})*"
                         r"(?![\w\]])")


# a table's column of persons' names ('Collège   Nom   Structure   Statut', 'Nom | Prénom | Fonction')
_NAME_HEADER = re.compile(r"(?i)(?:noms?(?:\s+(?:et\s+)?pr[ée]noms?)?|pr[ée]noms?(?:\s+(?:et\s+)?noms?)?|nom\s*-\s*pr[ée]nom|"
                          r"repr[ée]sentée?s?\s+par|repr[ée]sentant(?:e|s|es)?)")
NAME_COLUMN_ROWS = 60  # the longest table of names read under its header


def _column_person(cell: str) -> bool:
    """A cell of a column of names that is a person's: shaped like one ('Martine ESCOFFIER'), or one word, a first
    name ('Thierry') or a surname in capitals ('BOUCHARDEAU', the end of a wrapped name); never a body's name (a
    'Nom' column of a table of associations keeps them)."""
    from isgraph.extract.common import first_names, looks_like_person, organisation_type
    from isgraph.normalize import fold

    cell = cell.strip()
    if not cell or organisation_type(cell) is not None:
        return False
    if looks_like_person(cell):
        return True
    return " " not in cell and (fold(cell) in first_names() or (cell.isupper() and len(cell) >= 3))


def _mask_name_columns(lines: list[str]) -> list[str]:
    """Under a table's header naming a column of persons ('Collège   Nom   Structure   Statut', 'Nom | Prénom |
    Fonction'), the cell of each row in that column is masked: an attendance sheet laid out in columns names its
    members without any other cue ('Public    Martine ESCOFFIER    Communauté de communes …'), and a name wrapped
    onto the next line ('Thierry' / 'BOUCHARDEAU') stands in the same column. The table ends at a blank line
    followed by another, or at a line with no column."""
    out = list(lines)
    k = 0
    while k < len(out):
        head = out[k]
        if _NAME_HEADER.search(head) is None:  # (most lines: no header cell can match, not split into cells)
            k += 1
            continue
        cells = [m for m in re.finditer(r"[^\s|](?:[^|]*?[^\s|])?(?=\s{2,}|\s*\||\s*$)", head)]
        hit = next((m for m in cells if _NAME_HEADER.fullmatch(m.group(0).strip())), None)
        if hit is None or len(cells) < 2 or not (re.search(r"\S\s{2,}\S", head) or " | " in head):
            k += 1
            continue
        col, piped = hit.start(), " | " in head
        idx = head[: hit.start()].count(" | ") if piped else None
        blank = 0
        j = k + 1
        while j < len(out) and j - k <= NAME_COLUMN_ROWS:
            line = out[j]
            if not line.strip():
                blank += 1
                if blank >= 2:
                    break
                j += 1
                continue
            blank = 0
            if piped:
                parts = line.split(" | ")
                if idx is not None and idx < len(parts) and _column_person(parts[idx].strip()) and \
                        MASK_NAME not in parts[idx]:
                    parts[idx] = MASK_NAME
                    out[j] = " | ".join(parts)
            else:  # the row's cell over the header's column (a PDF's cells start left of a centred header)
                m = next((c for c in re.finditer(r"\S+(?:\s\S+)*", line) if col - 12 <= c.start() <= col + 2), None)
                if m is None:
                    if not re.search(r"\S\s{2,}\S", line) and len(line) - len(line.lstrip()) < col:
                        break  # (a line of prose from the margin: the table has ended; not a cell's wrapped end)
                elif MASK_NAME not in m.group(0) and _column_person(m.group(0)):
                    out[j] = line[: m.start()] + MASK_NAME + line[m.end():]
            j += 1
        k = j
    return out


_NEW_FIELD = re.compile(r"^\s*[*_]*[A-ZÉÈÀÂÎÔa-zéèà][\w'’ ]{1,40}[*_]*\s*:")  # 'Secrétaire de séance :', 'Objet :'
LIST_LINES = 15  # the longest attendance list or civil status column read on (lines after its head)


def _mask_name_lists(lines: list[str]) -> list[str]:
    """Each line of a civil status or a council's attendance masked (`_mask_civil_status`), and the lines that go
    on with its list: a PDF wraps 'Étaient présents : …, M. Yann' / 'LE BIHAN, Mme …' (the next surname, the
    next names) until a line ending the sentence, a blank line or the next field ('Absents excusés :')."""
    out = list(lines)
    open_list = 0  # lines left to read on in the current list (0: none)
    for i, line in enumerate(out):
        if _CIVIL_STATUS.match(line) or _ATTENDANCE.match(line):
            out[i] = _mask_civil_status(line)
            open_list = 0 if line.rstrip().endswith(".") else LIST_LINES
        elif open_list and _list_line(line) and not _NEW_FIELD.match(line):
            rest = _CAPITALISED_NAME.sub(_unless_body, line)
            out[i] = _UPPER_NAME.sub(_unless_body, _ONE_CAPITALISED.sub(_one_name, rest))
            open_list = 0 if line.rstrip().endswith(".") else open_list - 1
        else:
            open_list = 0
    return out


def _list_line(line: str) -> bool:
    """A line that can go on with a list of names: items of at most four words, each opening with a capital
    ('LE BIHAN, M. Erwan Kervella, Mme Katell'), not a sentence ('Le conseil municipal, après en avoir délibéré')."""
    items = [x.strip() for x in line.strip().rstrip(".").split(",")]
    return bool(line.strip()) and all(x and (x[:1].isupper() or x[:1] == "[") and len(x.split()) <= 4 for x in items)


# a single capitalised word between a list's separators ('…, Mme [nom]' / 'Kervella, M. …'): a surname wrapped
_ONE_CAPITALISED = re.compile(r"(?:(?<=^)|(?<=,)|(?<=\s))\s*(?P<w>[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüç'’-]{2,})(?=\s*(?:,|\.$|$))")


def _one_name(m: re.Match) -> str:
    return m.group(0).replace(m.group("w"), MASK_NAME)


def _unless_body(m: re.Match) -> str:
    """A capitalised name of a list of persons masked, unless it is a body's ('Christian AUBLANC (Commune de
    Saint-Amand-en-Puisaye)': the commune he represents stays)."""
    from isgraph.extract.common import organisation_type

    return m.group(0) if organisation_type(m.group(0)) is not None else MASK_NAME


def _mask_civil_status(line: str) -> str:
    m = _CIVIL_STATUS.match(line)
    if m is None:
        m = _ATTENDANCE.match(line)
        if m is None:
            return line
        rest = _CAPITALISED_NAME.sub(_unless_body, line[m.end():])
        # ('Présents : Mmes et MM. Delpech, Vayssié, Laborie, …': surnames alone between the list's commas)
        return line[: m.end()] + _UPPER_NAME.sub(_unless_body, _ONE_CAPITALISED.sub(_one_name, rest))
    return line[: m.end()] + _CAPITALISED_NAME.sub(_unless_body, line[m.end():])


def _mask_persons(line: str) -> str:
    """Names shaped like a person's ("Irène Hedrich", "Mme LOGIE Marie-France") masked on a contact line."""
    for m in reversed(list(_PERSON_CANDIDATE.finditer(line))):
        if looks_like_person(m.group(0)) and not _NAMED_AFTER.search(line[max(0, m.start() - 40):m.start()]):
            line = line[:m.start()] + MASK_NAME + line[m.end():]  # (not 'rue Victor Hugo', 'école Jean Moulin')
    return line


def pages_tsv(pages: list[int]) -> str:
    """page <TAB> first line <TAB> last line, one row per page that has lines."""
    rows: dict[int, list[int]] = {}
    for number, page in enumerate(pages, 1):
        span = rows.setdefault(page, [number, number])
        span[1] = number
    return "page\tligne_debut\tligne_fin\n" + "".join(f"{p}\t{a}\t{b}\n" for p, (a, b) in sorted(rows.items()))


def write_documents(documents, out: Path, persons: set[str]) -> int:
    """Write OUT/documents/<key>.txt (and .pages.tsv for PDFs) for every document; returns the masked lines."""
    from isgraph.publication import publish

    masked = 0
    matcher = NameMatcher(persons)  # once: the names of every document (built per document, a build of N
    for doc in sorted(documents, key=lambda d: d.key):  # documents spent N x names on it)
        text, n = published_text(doc.text_lines(), persons, matcher)
        masked += n
        publish.write_text(out / "documents" / f"{doc.key}.txt", text)
        if doc.pages is not None:
            publish.write_text(out / "documents" / f"{doc.key}.pages.tsv", pages_tsv(doc.pages))
    return masked



def documents_writer(documents, out: Path, persons: set[str], parallel: bool = True):
    """`write_documents` started now, finished by `.wait()` (the masked lines): in another process when
    `parallel` (a national build's documents/ took 7 % of it, on one core of two), else at `.wait()`."""
    from isgraph.publication.forked import Forked

    # spawned, not forked: its inputs are small (each document's lines compressed), and a forked child would keep a
    # snapshot of the build's memory while the build writes to it (1.7 GB more at 1000x: isgraph.publication.forked)
    documents = list(documents)
    # a few documents are written faster here than a new interpreter starts (the seeds: ~3,000 lines, 0.07 s)
    big = sum(d.line_count for d in documents) >= PARALLEL_LINES
    return Forked(write_documents, documents, Path(out), set(persons), parallel=parallel and big,
                  name="isgraph-documents", method="spawn")


PARALLEL_LINES = 50_000  # documents' lines from which OUT/documents/ is written by another process
