"""Région "Néo Terra"-style sheets: tables of laureate projects, one row per project.

Layout: markdown text with headings, then per "Enjeu N ..." heading a tab-separated table

    Projet <TAB> Acteurs mobilisés <TAB> Contribution à la transition ...

whose cells may be wrapped in ``<p>`` / ``<b>`` HTML. The project cell names the structure in bold (``<b>La
Fabrique</b> est une structure associative ...``) or the project (``Verdure porte le projet <b>"Passerelles
..."</b>``); the actors cell lists the partners (named organisations and generic categories); the contribution cell
states the ecosystem functions (aiguillon / inspirateur / connecteur, also written "inspireur").

Funding stated for the whole document ("l'AMI ... permet à la Région X de soutenir ...", "440 projets ont pu
bénéficier de l'aide financière de la Région") is attached to every row as a document-level funding.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold, fold_lines
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.base import Extractor
from isgraph.extract.common import CaselessPattern, is_generic, looks_like_person, split_actor_items, strip_contacts
from isgraph.extract.prose import (
    EXTRA_GENERIC_HEADS,
    LOWER_HEADS,
    NON_ORG_ACRONYMS,
    ORG_HEADS,
    find_budget,
    find_organisations,
    find_places,
    find_years,
)

# ---------------------------------------------------------------------------------------------------------------
# vocabularies (generic words of this kind of sheet)
# ---------------------------------------------------------------------------------------------------------------

#: column header words -> role
_COLUMN_ROLES = [
    (re.compile(r"\bprojets?\b|\binitiatives?\b|\blaur[ée]ats?\b", re.I), "projet"),
    (re.compile(r"\bacteurs?\b|\bpartenaires?\b|\bparties prenantes\b", re.I), "acteurs"),
    (re.compile(r"\bcontributions?\b|\br[ôo]les?\b|\bfonctions?\b|\bimpacts?\b", re.I), "contribution"),
]

#: ecosystem functions as written -> code (stems, compared on folded text)
FUNCTION_PATTERNS = [
    (re.compile(r"\baiguillons?\b"), "aiguillon"),
    (re.compile(r"\binspir(?:ateur|atrice|eur|euse)s?\b"), "inspirateur"),
    (re.compile(r"\bconnect(?:eur|rice)s?\b"), "connecteur"),
]

_FUNCTION_STEMS = ("aiguillon", "inspir", "connect")  # in every match of FUNCTION_PATTERNS, in order: a quick test
_HEADING_RE = re.compile(r"^\s*(?:#+\s*)?(?P<word>Enjeu|Axe|Th[èe]me|Objectif|D[ée]fi|Priorit[ée]|Orientation)\s+"
                         r"(?P<num>\d+)\s*[:.\-–]?\s*(?P<rest>.*)$", re.I)
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+?)\s*$")

_MONEY_CUE = re.compile(
    r"aide\s+financi[èe]re|soutien\s+financier|financements?\b|financ[ée]e?s?\s+par|subventions?|dotations?"
    r"|cofinanc\w+|appui\s+financier|accompagnement\s+financier",
    re.I,
)
_SUPPORT_CUE = re.compile(r"permet\s+(?:à|a)\s+(?P<who>(?:la|le|l['’])\s*[^,.;]{3,60}?)\s+de\s+(?:soutenir|financer|accompagner)", re.I)
_LAUREATE_CUES = (r"laur[ée]ats?|projets?\s+soutenus|soutenus?\s+par|b[ée]n[ée]fici\w+\s+de\s+l['’]aide"
                  r"|appel\s+[àa]\s+(?:projets|manifestation)|")
_LAUREATE_CUE = CaselessPattern(_LAUREATE_CUES + r"\bAMI\b|\bAAP\b", _LAUREATE_CUES + r"\bami\b|\baap\b")

_TAG = re.compile(r"<[^>]+>")
_BOLD = re.compile(r"<b>(.*?)</b>", re.I | re.S)


def _strip_html(cell: str) -> str:
    return clean_text(html.unescape(_TAG.sub(" ", cell))).replace(" ,", ",").replace(" .", ".")


def _bolds(cell: str) -> list[str]:
    return [_strip_html(b) for b in _BOLD.findall(cell) if _strip_html(b)]


@dataclass
class Row:
    line: int
    cells: dict[str, str]  # role -> raw cell
    categorie: str | None


# ---------------------------------------------------------------------------------------------------------------
# table reading
# ---------------------------------------------------------------------------------------------------------------


def _header_roles(cells: list[str]) -> dict[int, str] | None:
    roles: dict[int, str] = {}
    for i, c in enumerate(cells):
        text = _strip_html(c).strip(" *#|")
        if len(text) > 80:
            return None
        for rx, role in _COLUMN_ROLES:
            m = rx.search(text)
            # a column header starts with its keyword ("Projet", "Acteurs mobilisés", "Contribution à ...")
            if m and m.start() <= 12 and role not in roles.values():
                roles[i] = role
                break
    return roles if "projet" in roles.values() and len(roles) >= 2 else None


def _is_separator(cells: list[str]) -> bool:
    return all(re.fullmatch(r"\s*[-:|=]*\s*", c) for c in cells)


def read_rows(doc: SourceDocument) -> list[Row]:
    rows: list[Row] = []
    roles: dict[int, str] | None = None
    categorie: str | None = None
    lines = doc.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        cells = line.split("\t")
        if len(cells) >= 2:
            header = _header_roles(cells)
            if header:
                roles = header
            elif not _is_separator(cells) and roles is not None:
                mapped = {role: cells[idx] for idx, role in roles.items() if idx < len(cells)}
                if _strip_html(mapped.get("projet", "")):
                    rows.append(Row(i + 1, mapped, categorie))
            i += 1
            continue
        s = line.strip()
        m = _HEADING_RE.match(s)
        if m and len(s) <= 120:
            rest = clean_text(m.group("rest").strip("*# "))
            label = f"{m.group('word')} {m.group('num')}"
            if not rest:
                j = i + 1
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j < len(lines) and "\t" not in lines[j] and 0 < len(lines[j].strip()) <= 120 \
                        and not _HEADING_RE.match(lines[j].strip()):
                    rest = clean_text(lines[j].strip("*# \t"))
            categorie = f"{label} {rest}".strip()
            roles = None if not rest else roles
        elif _MD_HEADING.match(line) and not m:
            # a new markdown section ends the previous table context
            roles = None
        i += 1
    return rows


# ---------------------------------------------------------------------------------------------------------------
# actors cell
# ---------------------------------------------------------------------------------------------------------------

_ARTICLE = re.compile(r"^(?:(?:de\s+la|les|la|le|du|des)\b|de\s+l['’]|l['’])\s*(?=\S)")
_SPLIT_BEFORE_HEADS = {fold(w) for w in "Ville Mairie Fondation Région Département Association Commune Conseil "
                       "Communauté Caisse Préfecture".split()}


def _split_run(item: str) -> list[str]:
    """Split an unpunctuated run of names: "L'Orée ATIS Ville de Bordeaux Fondation Groupe EDF Bordeaux Métropole"
    -> L'Orée / ATIS / Ville de Bordeaux / Fondation Groupe EDF / Bordeaux Métropole."""
    words = item.split()
    caps = [w for w in words if w[:1].isupper()]
    if len(words) < 5 or len(caps) < 4:
        return [item]
    parts: list[list[str]] = [[]]
    for k, w in enumerate(words):
        prev = parts[-1][-1] if parts[-1] else None
        upper = w.isupper() and len(re.sub(r"\W", "", w)) >= 2
        prev_upper = prev is not None and prev.isupper() and len(re.sub(r"\W", "", prev)) >= 2
        new = False
        if prev is not None:
            if fold(w) in _SPLIT_BEFORE_HEADS and w[:1].isupper():
                new = True
            elif upper and not prev_upper and fold(prev) not in ORG_HEADS and prev[:1].isupper():
                new = True  # "L'Orée ATIS"
            elif prev_upper and w[:1].isupper() and not upper:
                new = True  # "EDF Bordeaux", "ATIS Ville"
        if new:
            parts.append([w])
        else:
            parts[-1].append(w)
    return [" ".join(p) for p in parts if p]


def _split_items(cell: str) -> list[str]:
    text = _strip_html(cell)
    # "LIRCES. URIOPSS": a full stop between two names
    text = re.sub(r"(?<=\w)\.\s+(?=[A-ZÉÈ])", ", ", text)
    out: list[str] = []
    for it in split_actor_items(text):
        name = it.name
        # "ANCT Les collectivités locales": an acronym glued to the next item
        m = re.match(r"^([A-Z]{2,}(?:\s+[A-Z]{2,})*)\s+((?:Les|Des|La|Le)\s+.+)$", name)
        parts = [m.group(1), m.group(2)] if m else [name]
        for p in parts:
            for q in _split_run(p):
                q = clean_text(q).strip(" .,;")
                q = _ARTICLE.sub("", q) if q[:1].islower() else q
                if q:
                    out.append(q)
    return out


def classify_partner(name: str) -> bool:
    """True when the item is a named organisation, False for a generic category ('associations', 'CCAS',
    'hôpitaux', 'médecine du travail', 'organismes « Jeunesse »'); 'réseau ALISO' is named."""
    if is_generic(name):
        return False
    bare = re.sub(r"\([^)]*\)|«[^»]*»|\"[^\"]*\"", " ", name)
    words = bare.split()
    if not words:
        return False
    acronyms = [w for w in words if re.fullmatch(r"[A-Z][A-Z0-9&.'-]{1,}", w) and w.upper() not in NON_ORG_ACRONYMS]
    first = fold(words[0])
    if words[0][:1].islower():
        # "réseau ALISO", "association Les Semeurs" vs "milieu carcéral", "organismes « Jeunesse »"
        named_after_head = first in LOWER_HEADS and any(w[:1].isupper() for w in words[1:])
        return bool(acronyms) or named_after_head
    if first in EXTRA_GENERIC_HEADS:
        # "Centre de formation professionnels" (generic) vs "Lycée Jean Moulin" (named)
        rest = words[1:]
        return any(w[:1].isupper() or w in acronyms for w in rest)
    if len(words) == 1 and words[0].isupper() and words[0] in NON_ORG_ACRONYMS:
        return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# document-level funding
# ---------------------------------------------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in re.finditer(r"[^.!?]+[.!?]?", text)]


def document_fundings(doc: SourceDocument, table_lines: set[int]) -> list[Funding]:
    """Funders stated for all the projects of the document (laureates of a named funder's call, its financial aid)."""
    prose = [(i + 1, _strip_html(line).replace("**", "")) for i, line in enumerate(doc.lines)
             if i + 1 not in table_lines and "\t" not in line]
    whole = " ".join(t for _, t in prose)
    if not _LAUREATE_CUE.search(whole):
        return []
    # full names of organisations in the prose, to expand a bare "la Région"
    full_names: Counter[str] = Counter()
    for _, text in prose:
        for o in find_organisations(text):
            if len(o.name.split()) >= 2:
                full_names[o.name] += 1

    def expand(name: str) -> str:
        head = fold(name).split()[0] if name.split() else ""
        if len(name.split()) == 1 and head in ORG_HEADS:
            cands = [n for n in full_names if fold(n).split()[0] == head]
            if cands:
                return max(cands, key=lambda n: (full_names[n], len(n)))
        return name

    out: list[Funding] = []
    seen: set[str] = set()
    for line_no, text in prose:
        for _, sentence in _sentences(text):
            funders: list[str] = []
            money = _MONEY_CUE.search(sentence)
            if money:
                after = sentence[money.start():]
                orgs = [o for o in find_organisations(after) if o.start < 80]
                funders.extend(o.name for o in orgs[:2])
            sm = _SUPPORT_CUE.search(sentence)
            if sm and (money or _MONEY_CUE.search(text)):
                orgs = find_organisations(sm.group("who"))
                funders.extend(o.name for o in orgs[:1])
            for f in funders:
                name = expand(f)
                if fold(name) in seen or not any(fold(w) in ORG_HEADS or w.isupper() for w in name.split()):
                    continue
                seen.add(fold(name))
                out.append(Funding(name, line_no, None, clean_text(sentence), document_level=True))
    return out


# ---------------------------------------------------------------------------------------------------------------
# the extractor
# ---------------------------------------------------------------------------------------------------------------

_CARRIER = re.compile(
    r"(?P<org>(?:[A-ZÉÈ][\w'’&.-]*|[A-Z]{2,}\d*)(?:\s+(?:[A-ZÉÈ0-9][\w'’&.-]*|de|du|des|d['’]))*)\s+"
    r"(?:porte|portent|pilote|anime|coordonne)\s+(?:le|un|ce)\s+projet"
)


_CARRIED_BY = re.compile(
    r"\b(?:port[ée]e?s?|pilot[ée]e?s?|men[ée]e?s?|anim[ée]e?s?|conduite?s?)\s+par\s+(?:l['’]\s*|la\s+|le\s+|les\s+)?"
    r"(?P<org>(?:(?:association|fondation|collectif|coop[ée]rative|r[ée]seau|structure)\s+)?"
    r"(?:[A-ZÉÈ][\w'’&.-]*|[A-Z]{2,}\d*)(?:\s+(?:[A-ZÉÈ0-9][\w'’&.-]*|de|du|des|d['’]))*)"
)


def _leading_name(bold: str) -> str:
    """'KPA développe une expérimentation ...' -> 'KPA'; "l'Adapei 19" -> 'Adapei 19'."""
    bold = re.sub(r"^[lL]['’]\s*", "", clean_text(bold)).strip(" ,.:;")
    words = bold.split()
    if len(words) <= 6:
        return bold
    keep = []
    for w in words:
        if keep and w[:1].islower() and fold(w) not in ("de", "du", "des", "d", "la", "le", "et"):
            break
        keep.append(w)
    return " ".join(keep).strip(" ,") or bold


class NeoTerraExtractor(Extractor):
    family = "neoterra"
    label = "Fiche régionale de projets lauréats (tableau Projet / Acteurs mobilisés / Contribution)"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        score = 0.0
        headers = 0
        rows = 0
        for line in doc.lines:
            cells = line.split("\t")
            if len(cells) >= 3:
                if _header_roles(cells):
                    headers += 1
                elif len(_strip_html(line)) > 80:
                    rows += 1
        if headers:
            score += 0.45
        if rows >= 3:
            score += 0.25
        elif rows:
            score += 0.1
        folded = fold_lines(doc.text)
        functions = zip(FUNCTION_PATTERNS, _FUNCTION_STEMS)
        if sum(1 for (rx, _), stem in functions if stem in folded and rx.search(folded)) >= 2:
            score += 0.15
        if _LAUREATE_CUE.search(doc.text):
            score += 0.1
        if "<b>" in doc.text or "<p>" in doc.text:
            score += 0.05
        return min(score, 1.0)

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        rows = read_rows(doc)
        table_lines = {r.line for r in rows}
        for i, line in enumerate(doc.lines):
            if "\t" in line:
                table_lines.add(i + 1)
        doc_funds = document_fundings(doc, table_lines) if rows else []
        return [self._record(doc, row, doc_funds) for row in rows]

    def _record(self, doc: SourceDocument, row: Row, doc_funds: list[Funding]) -> InitiativeRecord:
        projet_raw = row.cells.get("projet", "")
        acteurs_raw = row.cells.get("acteurs", "")
        contrib_raw = row.cells.get("contribution", "")
        projet = _strip_html(projet_raw)
        contrib = _strip_html(contrib_raw)
        bolds = _bolds(projet_raw)
        carrier = _CARRIER.search(projet)
        carried_by = _CARRIED_BY.search(projet)
        porteur = None
        title = None
        if carried_by and bolds and fold(carried_by.group("org")) not in {fold(b) for b in bolds}:
            # "<b>Vélos pour tous</b>, porté par l'association Roue Libre"
            porteur = _leading_name(carried_by.group("org"))
            title = bolds[0].strip(" \"«»“”")
        elif carrier:
            porteur = _leading_name(carrier.group("org"))
            after = [b for b in bolds if projet.find(b) > carrier.start()] or bolds
            title = after[0].strip(" \"«»“”") if after else porteur
        elif bolds:
            porteur = _leading_name(bolds[0])
            title = porteur
            if len(bolds) > 1:
                second = re.sub(r"^(?:la|le|les|l['’])\s*", "", bolds[1]).strip(" ,.")
                if second[:1].isupper() and len(second.split()) <= 8 and fold(second) != fold(porteur):
                    title = f"{porteur} : {second}"
        else:
            first = re.split(r"(?<=[a-zé])\.\s", projet)[0]
            m = re.search(r"(?:[A-ZÉÈ][\w'’-]+|[A-Z]{2,})(?:\s+(?:[A-ZÉÈ0-9][\w'’-]*|de|du|des))*", first)
            porteur = m.group(0) if m else None
            title = porteur or first[:80]
        if porteur and looks_like_person(porteur):
            # a structure named like a person ("Marie Curry"): the row calls it "l'association", "la structure"...
            m = re.search(r"\b[Ll]['’]\s*(association|entreprise|structure|coopérative)\b|\b[Ll]e\s+(collectif|club|réseau)\b",
                          f"{projet} {contrib}")
            if m:
                porteur = f"{m.group(1) or m.group(2)} {porteur}"
        rec = InitiativeRecord(doc=doc.name, title=clean_text(title or projet[:80]), start=row.line, end=row.line)
        rec.categorie = row.categorie
        rec.text = strip_contacts(clean_text(f"{projet} {contrib}"))
        if porteur:
            rec.porteurs.append(Mention(porteur, row.line))
        seen = {fold(porteur)} if porteur else set()
        for item in _split_items(acteurs_raw):
            key = fold(item)
            if not key or key in seen:
                continue
            seen.add(key)
            if classify_partner(item):
                rec.partenaires.append(Mention(item, row.line))
            else:
                rec.partenaires_generiques.append(Mention(item, row.line))
        # places: project and contribution cells (the actors cell names partners, not places)
        places: list[str] = []
        for text in (projet, contrib):
            for name, _ in find_places(text, places):
                if fold(name) not in {fold(p) for p in places} and fold(name) != fold(porteur or ""):
                    places.append(name)
        rec.territoires = [Mention(p, row.line) for p in places]
        folded = fold(contrib)
        found = []
        for rx, code in FUNCTION_PATTERNS:
            m = rx.search(folded)
            if m:
                found.append((m.start(), code))
        rec.fonctions = [code for _, code in sorted(found)]
        for f in doc_funds:
            rec.financements.append(f)
        budget = find_budget(projet)
        if budget:
            rec.budget, rec.budget_text, rec.budget_period = budget.value, budget.text, budget.period
        rec.annee = find_years(projet)
        return rec
