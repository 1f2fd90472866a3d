"""Tables of a document: rows under a header that names the fields ('Bénéficiaire | Projet | Commune | Aide
régionale'), from HTML, Word, PDF (`aligned`) and data files (`ingest.sheets`), one initiative per row.

A header cell is a field by `blocks.label_field(…, table=True)` (card_labels.tsv); a column naming a funder
('Aide ADEME', 'Aide PAT (DRAAF)') holds that funder's amounts; a data file's cells are read as a document's
(`_data_cells`: bare numbers in amount columns, the attributing body's column, names in capitals)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from isgraph.extract.amounts import find_amounts
from isgraph.extract.blocks import (Line, _acronyms, _cells, _column_words, _in_capitals, _is_number, is_placeholder, is_total,
                                    label_field)
from isgraph.extract.common import organisation_type
from isgraph.normalize import clean_text, fold


_ATTRIBUTING = re.compile(r"(?:nom\s*(?:de\s*l['’]?\s*)?)?(?:attribu\w*|organisme\s*attribu\w*)|financeur|"
                          r"organisme\s*financeur|funders?|grantor|funding\s*body")


@dataclass
class TableRow:
    line: Line
    cells: dict[str, str]  # field -> cell ("titre" for the first column when its header names no field)


def commune_body(name: str) -> str:
    """'Gramat' -> 'Commune de Gramat', 'Le Blanc' -> 'Commune du Blanc', 'Les Rousses' -> 'Commune des Rousses',
    'Albi' -> 'Commune d'Albi': the commune as the body a table's row grants."""
    name = clean_text(name).strip()
    if re.match(r"Le\s", name):
        return f"Commune du {name[3:]}"
    if re.match(r"Les\s", name):
        return f"Commune des {name[4:]}"
    return f"Commune d'{name}" if re.match(r"(?i)[aeiouyhéèêàâîôû]", name) else f"Commune de {name}"


def _latest_year_amount(head: list[str], fields: list[str | None]) -> list[str | None]:
    """'Montant 2024 | Montant 2025': of the amount columns named by their year, the latest year's is the row's
    amount (the others are the previous years' grants, no field)."""
    years = {k: int(m.group(0)) for k, (h, f) in enumerate(zip(head, fields))
             if f == "montant" and (m := re.search(r"\b(?:19|20)\d\d\b", h))}
    if len(years) < 2:
        return fields
    latest = max(years, key=lambda k: (years[k], k))
    return [None if k in years and k != latest else f for k, f in enumerate(fields)]


def find_table(lines: list[Line]) -> list[TableRow]:
    """Rows of a table whose header names the fields ('Épicerie | Structure porteuse | Commune | Partenaires',
    'Bénéficiaire | Projet | Commune | Aide régionale'); total rows are left out."""
    for i, ln in enumerate(lines):
        head = _cells(ln.text)
        fields = [label_field(h, table=True) for h in head]
        if len(head) < 2 or len(head) == 2 and not (fields[0] in ("porteur", "titre") and fields[1] == "montant"):
            continue  # ('Association | Subvention 2025': a commune's list of grants, one name and one amount a row)
        if sum(1 for f in fields if f) < 2 or not any(f in ("porteur", "titre") for f in fields) and fields[0]:
            continue
        fields = _latest_year_amount(head, fields)
        # 'Commune | Projet | Coût HT | Fonds de concours': the communes granted are the rows' porteurs
        communes = next((k for k, (h, f) in enumerate(zip(head, fields)) if f == "territoire"
                         and re.fullmatch(r"(?i)communes?(?:\s+bénéficiaires?)?", h.strip(" :*"))), None) \
            if "porteur" not in fields and "montant" in fields else None
        if fields[0] is None and "titre" not in fields:
            fields[0] = "titre"  # 'Épicerie', 'Initiative': the column naming each row
        if "porteur" not in fields and "titre" not in fields:
            continue
        # 'Aide ADEME | Aide Région': each column the amount of the funder its header names
        payers = [column_funder(h) if f in ("montant", None) else None for h, f in zip(head, fields)]
        body = lines[i + 1 :]
        for k, (h, f) in enumerate(zip(head, fields)):
            # 'État (BOP 147) | Ville de Montluçon | Montluçon Communauté' over amounts: each column one funder's
            # (a programme's table of co-financings); over places ('Commune', 'Région'), the field it names
            if payers[k] is None and f in (None, "territoire"):
                name = header_body(h)
                if name is not None and _amount_column(body, k, len(head)):
                    payers[k] = name
        if any(payers):
            # 'Aide régionale | Soutien de l'État (ANCT)': beside another funder's column, the adjective names whose
            # amounts a column holds (alone, 'Aide régionale' is the amount of the body running the call)
            payers = [payer or (column_adjective(h) if f == "montant" else None) for h, f, payer in
                      zip(head, fields, payers)]
        fields = ["financeurs" if payer else f for f, payer in zip(fields, payers)]
        # 'nomAttribuant', 'Financeur': the column of who gives the row's amount (not 'Cofinanceurs sollicités')
        attributing = any(f == "financeurs" and _ATTRIBUTING.fullmatch(_column_words(h)) for h, f in zip(head, fields))
        sub = _cells(body[0].text) if body else []
        if len(sub) >= len(head) - 1 and _sub_header(head, fields, sub):
            # 'Financements' over two columns, the funders on the header's second row ('– | – | Région |
            # Département'): each of those columns the amounts of the funder under it
            for k, c in enumerate(sub[: len(head)]):
                if not is_placeholder(c):  # (a funder's name: _sub_header checked it)
                    payers[k], fields[k] = c, "financeurs"
            attributing = False
            body = body[1:]
        rows = []
        k = -1
        while k + 1 < len(body):
            k += 1
            row = body[k]
            cells = _cells(row.text)
            if _same_header(cells, head):
                continue  # the header again, on the next page
            if _group_heading(body, k, len(head)):
                continue  # a group's heading between the rows ('Pilier cohésion sociale'): the table goes on
            if len(cells) < len(head) - 1:
                nxt = _after_page_break(body, k, head)
                if nxt is None:
                    break
                k = nxt - 1  # a page's foot and the next page's head between two rows of the table
                continue
            if _total_row(cells):
                continue
            values: dict[str, str] = {}
            for f, c, payer in zip(fields, cells, payers):
                if f == "titre" and _is_number(c):  # a file number ('24011532', '3', 'N° 12'): no title
                    continue
                if payer:
                    c = _in_euros(c)  # ('Montant FEDER' of a data file: '96 000')
                    if c and not is_placeholder(c) and find_amounts(c):
                        values[f] = f"{values[f]} ; {payer} : {c}" if f in values else f"{payer} : {c}"
                    continue
                if f and f != "numero" and c and not is_placeholder(c):
                    # two columns of one field ('Commune', 'Département') are read together
                    values[f] = f"{values[f]}, {c}" if f in values and f in ("territoire", "partenaires") else \
                        values.get(f, c)
            if communes is not None and communes < len(cells) and not is_placeholder(cells[communes]):
                values["porteur"] = commune_body(cells[communes])
            rows.append(TableRow(row, _data_cells(values, attributing)))
        if len(rows) >= 1:
            return rows
    return []


_PAGE_MARK = re.compile(r"(?i)\s*(?:page\s*\d+(?:\s*(?:/|sur)\s*\d+)?|[-–]?\s*\d{1,3}\s*[-–]?|\d+\s*/\s*\d+|"
                        r"(?:envoyé|reçu|publié|affiché)\s+(?:en|à\s+la)\s+préfecture\b.*|accusé de réception.*|"
                        r"id\s*:\s*\S+|annexe\b.*\((?:suite|fin)\)|\(suite\).*)\s*")


def _same_header(cells: list[str], head: list[str]) -> bool:
    return len(cells) == len(head) and [fold(c) for c in cells] == [fold(h) for h in head]


def _after_page_break(body: list[Line], k: int, head: list[str]) -> int | None:
    """Where the table goes on after the page break at body[k] ('Page 1/2', 'Envoyé en préfecture le …', the
    header again), or None when the table ends there."""
    j = k
    while j < len(body) and j - k <= 6 and _PAGE_MARK.fullmatch(body[j].text):
        j += 1
    if j == k or j >= len(body):
        return None
    if _same_header(_cells(body[j].text), head):
        return j + 1
    return j if len(_cells(body[j].text)) == len(head) else None


def _sub_header(head: list[str], fields: list[str | None], sub: list[str]) -> bool:
    """The second row of a two-row header: empty under the named fields, funders' names under a group
    ('Financements', or the empty cells a merged group leaves) and no amount."""
    named = [k for k, c in enumerate(sub[: len(head)]) if not is_placeholder(c)]
    if not named or any(find_amounts(sub[k]) or _BARE_NUMBER.fullmatch(sub[k]) for k in named):
        return False
    if not all(organisation_type(sub[k]) is not None for k in named):
        return False
    # the group's heading above the names, or before them (a merged cell is written in its first column)
    grouped = [k for k in range(len(fields)) if k in named or k < min(named)]
    return all(fields[k] in ("financeurs", "montant", None) for k in named) and \
        any(fields[k] in ("financeurs", "montant") for k in grouped)


_BARE_NUMBER = re.compile(r"-?\d[\d\s\u202f\u00a0.,]*")
_CODE_IN_BRACKETS = re.compile(r"\s*\([^()]*\d[^()]*\)$")  # 'État (BOP 147)', 'Ville (P 12)'


def header_body(header: str) -> str | None:
    """The body a table's column header names alone ('État (BOP 147)' -> 'État', 'Ville de Montluçon', 'CAF',
    'Montluçon Communauté'), or None ('Quartier', 'Coût total')."""
    text = _CODE_IN_BRACKETS.sub("", clean_text(header).strip(" :*"))
    if not text or len(text.split()) > 8 or find_amounts(text):
        return None
    return text if organisation_type(text) is not None else None


def _total_row(cells: list[str]) -> bool:
    """A table's total row: 'TOTAL' in its first two cells, or as its first written cell ('| | TOTAL | 111 700 €'
    under the places' column)."""
    return any(is_total(c) for c in cells[:2]) or (bool(cells) and is_total(next(
        (c for c in cells if c and not is_placeholder(c)), "")))  # ('– | – | Sous-total Pilier …': its first written)


def _group_heading(body: list[Line], k: int, width: int) -> bool:
    """Whether line k under a table's header is a group's heading between its rows ('Pilier cohésion sociale' over
    the pillar's rows): a line of one cell, the next line a row of the table."""
    return len(_cells(body[k].text)) <= 1 and bool(body[k].text.strip()) and k + 1 < len(body) and \
        len(_cells(body[k + 1].text)) >= width - 1 and any(  # (a row with an amount, not a header again:
            _BARE_NUMBER.fullmatch(c.strip()) or find_amounts(c) for c in _cells(body[k + 1].text)[1:])  # 'Pilier
    # emploi' between two tables with their own headers ends the first)


def _amount_column(body: list[Line], k: int, width: int, limit: int = 200) -> bool:
    """Whether column k of the rows under a header holds amounts: at least one, and nothing else but blanks."""
    seen = 0
    for j, ln in enumerate(body[:limit]):
        cells = _cells(ln.text)
        if len(cells) < width - 1:
            if _group_heading(body, j, width):
                continue
            break
        if k >= len(cells) or _total_row(cells):
            continue
        c = cells[k]
        if not c or is_placeholder(c) or c in ("-", "–", "—"):
            continue
        if not find_amounts(_in_euros(c)):  # (a bare number of an amount column is read in euros)
            return False
        seen += 1
    return seen > 0


def _in_euros(cell: str) -> str:
    """A bare number of an amount column ('12000', '96 000', '8000,50') as an amount in euros; zero ('0',
    '0,00') and any other cell as written."""
    c = cell.strip()
    if _BARE_NUMBER.fullmatch(c) and not re.fullmatch(r"[0\s.,-]+", c):
        return f"{c} €"
    return cell
_NAME_FIELDS = ("porteur", "financeurs", "partenaires")


def _data_cells(values: dict[str, str], attributing: bool) -> dict[str, str]:
    """A table row's cells as a data file writes them, read like a document's: a bare number in an amount column
    is an amount in euros ('12000' -> '12000 €'); one funder's name beside the row's amount is that funder's
    amount ('Attribuant | … | Montant': 'Ville de X : 12000 €'); names and titles in capitals ('ASSOCIATION LE
    PANIER', 'AIDE AU FONCTIONNEMENT') written as words."""
    out = dict(values)
    for f in ("montant", "budget"):
        if f in out:
            out[f] = _in_euros(out[f])
    for f in _NAME_FIELDS + ("titre",):
        if f in out and _in_capitals(out[f]):
            out[f] = uncapitalised(out[f], sentence=(f == "titre"))
    fin, amount = out.get("financeurs"), out.get("montant")
    if attributing and fin and amount and not find_amounts(fin) and find_amounts(amount) and not re.search(r"[;,/+]|\bet\b", fin):
        out["financeurs"] = f"{fin} : {amount}"
        del out["montant"]
    return out


@lru_cache(maxsize=1)
def _acronyms_of_types() -> frozenset[str]:
    """The one-word organisation-type markers written as acronyms ('ccas', 'caf', 'scop'): kept in capitals when a
    name in capitals is written as words."""
    return frozenset(a for a in _acronyms() if len(a) <= 5 and a not in _MARKER_WORDS)


_MARKER_WORDS = {"asso", "club", "ecole", "ligue", "lycee", "parc", "ville", "etat"}  # one-word markers that are words


def uncapitalised(text: str, sentence: bool = False) -> str:
    """'CCAS DE PLOUMAGOAR' -> 'CCAS de Ploumagoar'; `sentence`: 'AIDE AU FONCTIONNEMENT DCM 12' -> 'Aide au
    fonctionnement DCM 12' (a word without a vowel or with a digit stays as written: an acronym, a reference)."""
    from isgraph.extract.orgfinder import title_case

    acronyms = _acronyms_of_types()
    words = text.split()
    if sentence:
        cased = [w if (not re.search(r"[AEIOUYÀÂÉÈÊËÎÏÔÛÙ]", w) or re.search(r"\d", w)) else w.lower() for w in words]
        if cased and cased[0][:1].isalpha():
            cased[0] = cased[0][:1].upper() + cased[0][1:]
    else:
        cased = title_case(text).split()
    return " ".join(w if fold(w) in acronyms or (not sentence and not re.search(r"[AEIOUYÀÂÉÈÊËÎÏÔÛÙ]", w))
                    else c for w, c in zip(words, cased))


_COLUMN_FUNDER = re.compile(r"(?i)^(?:aides?|subventions?|montants?|parts?|financements?|participations?|contributions?|"
                            r"dotations?|soutiens?)(?:\s+(?:de\s+la|de\s+l['’]|du|de|d['’]))?\s*"
                            r"(?-i:(?P<f>[A-ZÉÈ][\w'’ .-]{1,40}?))\s*(?:\(€\)|en\s+€|€)?$")


# 'Aide PAT (DRAAF)', 'Subvention LEADER (FEADER)': the programme, then in brackets the body that pays it
_COLUMN_PAYER = re.compile(r"(?i:aides?|subventions?|montants?|parts?|financements?|participations?|dotations?)"
                           r"\s+[^()]{2,40}?\s*\((?P<f>[A-ZÉÈ][\w'’ .-]{1,40})\)")


# 'Aide régionale', 'Participation départementale (€)': the funder named by its adjective
_COLUMN_ADJECTIVE = re.compile(r"(?i)^(?:aides?|subventions?|montants?|parts?|financements?|participations?|"
                               r"contributions?|dotations?|soutiens?)\s+(?P<a>r[ée]gional|d[ée]partemental)e?s?"
                               r"(?:\s+(?:attribu|accord|vot|allou|propos|sollicit)\w*)?\s*(?:\(€\)|en\s+€|€)?$")
_ADJECTIVE_BODY = {"regional": "Région", "departemental": "Département"}


def column_adjective(header: str) -> str | None:
    """The kind of body a column's header names by its adjective ('Aide régionale' -> 'Région', 'Participation
    départementale (€)' -> 'Département'), or None."""
    m = _COLUMN_ADJECTIVE.fullmatch(clean_text(header).strip(" :*"))
    return _ADJECTIVE_BODY[fold(m.group("a"))] if m else None


def column_funder(header: str) -> str | None:
    """The funder a table column's header names ('Aide ADEME', 'Subvention Région', 'Part FEADER', 'Soutien de
    l'État (Fabrique de territoire – ANCT)' -> 'État'), or None ('Montant accordé', 'Aide régionale': the amount
    of the document's own body)."""
    text = clean_text(header).strip(" :*")
    text = re.sub(r"\s*\((?![^()]*€)[^()]{2,60}\)$", "", text) if not _COLUMN_PAYER.fullmatch(text) else text
    m = _COLUMN_FUNDER.match(text)
    inner = _COLUMN_PAYER.fullmatch(text)
    if inner and organisation_type(inner.group("f")) is not None:
        m = inner  # 'Aide PAT (DRAAF)': the programme, then the body that pays it
    if m is None:
        return None
    name = m.group("f").strip()
    return name if organisation_type(name) is not None else None
