"""The structure of a document no family recognises: page chrome removed, then initiative blocks.

Lines are cleaned of Markdown marks and of page chrome (menus, cookie banners, "Partager", breadcrumbs, comment
sections: `src/isgraph/data/page_chrome.tsv`). A document is then read as one of:

- hand-written **cards**: labelled fields "Porteur : …", "Financeurs : …" (`data/card_labels.tsv`), one card per
  run of fields (a repeated label starts the next card);
- a **palmarès / list of laureates**: lines opening with a prize label ("Or :", "• Prix spécial :",
  `data/prize_labels.tsv`) or bullet lines "Organisation pour « Titre »", "Organisation – Titre – 15 000 €";
- otherwise the caller reads grants, headed sections or the whole text (`isgraph.extract.generique`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from isgraph import paths
from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.common import has_email, has_phone, org_evidence, organisation_type, read_tsv


@dataclass(frozen=True)
class Line:
    n: int  # 1-based line number in the document
    text: str  # cleaned: no Markdown marks, no bullet
    heading: bool = False  # a Markdown heading or a bold-only line
    bullet: bool = False
    lead: str | None = None  # a bold name opening the line ('- **La Grange à Idées** — Épinac …')
    caps: bool = False  # written in capitals (given here in title case: 'Département de Saône-et-Loire')
    numbered: bool = False  # a bullet numbered '1.', '2)' (an item of a numbered list, or a numbered heading)
    byline: bool = False  # the body a byline names ('Publié le … – Ville de Laval'), no sentence of the text
    last: int = 0  # the last line of a text joined from several ('n' of a one-line text: 0)
    after_rule: bool = False  # a horizontal rule ('---', '***') stands between this line and the one before


# ---------------------------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def chrome() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"ligne": [], "debut": [], "contient": [], "fin": [], "page": [], "vide": [], "total": [], "section": []}
    for row in read_tsv(paths.PAGE_CHROME_FILE):
        if len(row) >= 2 and row[0] in out:
            # line starts are compared on the lowered text as written ("accueil >"), the rest folded
            out[row[0]].append(_lowered(row[1]) if row[0] == "debut" else fold(row[1]))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def card_labels() -> dict[str, str]:
    """folded label -> field, of the labels a card field may have"""
    return {fold(row[1]): row[0] for row in read_tsv(paths.CARD_LABELS_FILE) if len(row) == 2}


@lru_cache(maxsize=1)
def table_labels() -> dict[str, str]:
    """folded label -> field, of the labels a table header may have (the card labels and the 'tableau' ones)"""
    return {fold(row[1]): row[0] for row in read_tsv(paths.CARD_LABELS_FILE) if len(row) >= 2}


@lru_cache(maxsize=1)
def prize_labels() -> dict[str, str | None]:
    """folded label -> prize code (or / argent / bronze) or None"""
    return {fold(row[1]): (None if row[0] == "-" else row[0]) for row in read_tsv(paths.PRIZE_LABELS_FILE)
            if len(row) >= 2}


# ---------------------------------------------------------------------------------------------------------------
# Lines without chrome
# ---------------------------------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<t>.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<t>[^*_]{2,160})(?:\*\*|__)\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•·●▪◦►*+→➜➔▶➢✓✔]|\d{1,2}[.)]|[a-z][.)])\s+")
_MD_LINK = re.compile(r"!?\[(?P<t>[^\]]*)\]\([^)]*\)")
_BREADCRUMB = re.compile(r"^(?:[^>›»/|]{1,40}\s*[>›»|/]\s*){2,}[^>›»/|]{0,80}$")
_POSTAL = re.compile(r"\b\d{5}\s+[A-ZÉÈ][A-ZÉÈa-zéè' -]+$|\bCS\s*\d+|\bBP\s*\d+|\bCEDEX\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def _lowered(text: str) -> str:
    return clean_text(text).lower().replace("’", "'")


def _folded_line(text: str) -> str:
    return fold(text.strip(" .:;!?|»›>-–—•*#")).strip()


def _is_breadcrumb(text: str) -> bool:
    """'Accueil > Services > Solidarité', 'Société > Solidarité', 'Nos actions | Nos lauréats | Faire un don': short
    segments between separators (a table row 'Association X | Épicerie | 6 000 €' is not one)."""
    parts = [p.strip() for p in re.split(r"\s[>›»|/]\s|\s{3,}", text.strip())]
    if len(parts) < 2 or any(not p for p in parts):
        return False
    if len(parts) == 2 and re.search(r"\s/\s", text) and not re.search(r"\s[>›»|]\s", text):
        return False  # 'Région Occitanie / Pyrénées-Méditerranée': a name with its other name
    return all(len(p.split()) <= 4 for p in parts) and not re.search(r"\d|€", text) and len(text.split()) <= 14


def is_chrome(text: str) -> bool:
    f = _folded_line(text)
    if not f:
        return True
    c = chrome()
    if f in c["ligne"]:
        return True
    low = _lowered(text).lstrip(" #*-–•")
    if any(p and low.startswith(p) for p in c["debut"]):
        return True
    words = f.split()
    if len(words) <= 25 and any(w in c["contient"] for w in words) or \
            any(p in f for p in c["contient"] if " " in p):
        return True
    if _is_breadcrumb(text) and sum(1 for c in _cells(text) if label_field(c, table=True)) < 2 \
            and not _running_letterhead(text):
        return True  # (a table's header names fields: 'Épicerie | Structure porteuse | Commune')
    if _POSTAL.search(text) and len(words) <= 10:
        return True  # an address line of a footer or a letterhead
    if _DATELINE.match(text.strip(" *_#")):
        return True  # 'Limoges, le 5 décembre 2023': a press release's dateline
    return False


_DATELINE = re.compile(r"(?i)^(?-i:[A-ZÉÈÎ])[\w'’ -]{1,40},\s+le\s+(?:\d{1,2}|1er)\s+(?:janvier|février|mars|avril|mai|"
                       r"juin|juillet|août|septembre|octobre|novembre|décembre)\s+\d{4}\.?$")


def _running_letterhead(text: str) -> bool:
    """'DÉPARTEMENT DU JURA | Direction des solidarités': a letterhead, not a breadcrumb (the body it names decides)."""
    from isgraph.extract.funding import _letterhead_cell

    return _letterhead_cell(text)


def is_other_section(heading: str) -> bool:
    """'LE PARC RECRUTE', 'Agenda': a section of a page that presents no initiative."""
    f = _folded_line(heading)
    return any(re.search(rf"(?:^|\s){re.escape(p)}(?:\s|$)", f) for p in chrome()["section"])


def is_total(cell: str) -> bool:
    """'TOTAL', 'Sous-total', 'Total projets innovants': the first cell of a table's total row."""
    folded = _folded_line(cell)
    return folded in chrome()["total"] or any(folded.startswith(t + " ") for t in chrome()["total"])


_NUMBER = re.compile(r"(?:n\s*[°º]\s*|no\s+)?[\d][\d\s./-]*[a-z]?", re.I)


def _is_number(cell: str) -> bool:
    """A file or row number ('24011532', '3.', 'N° 12', '2024-118'), not a name."""
    return bool(_NUMBER.fullmatch(cell.strip()))


def is_placeholder(value: str) -> bool:
    """'à définir', '(en cours de rédaction)', 'NC': a card field written but not filled."""
    f = _folded_line(value.strip("()[] "))
    return not f or f in chrome()["vide"] or value.strip() in chrome()["vide"]


_WEEKDAY_DATE = re.compile(r"^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+\d{1,2}(?:er)?\b", re.IGNORECASE)


_JOB_TITLE = re.compile(r"(?i)\brecrute\b.{0,80}\b(?:[(]?[hf]\s*/\s*[fh][)]?|\w+\(e\)|\w+·e|chargée?|agent|animat|"
                        r"coordinat|direct|travailleu|éducat|assistant|conseill|responsable)|\b(?:offre\s+d['’]emploi|"
                        r"fiche\s+de\s+poste|poste\s+à\s+pourvoir)\b|[(][hf]\s*/\s*[fh][)]")


def no_initiative_page(doc: SourceDocument, lines: list[Line]) -> bool:
    """A page that presents no initiative: its title or opening lines name a legal notice, rules, an agenda
    (`page` phrases of page_chrome.tsv, compared on the first lines as written, breadcrumbs included), or most of
    its paragraphs are dated events ('Jeudi 4 décembre, 20 h 30 – …')."""
    pages = chrome()["page"]
    opening = [raw for raw in doc.lines[:8] if raw.strip()][:6] + [ln.text for ln in lines[:3]]
    for k, raw in enumerate(opening):
        f = _folded_line(re.sub(r"[#*_\[\]()/]", " ", raw))
        if k >= 1 and len(f.split()) > 8:
            continue  # a sentence of a short document's last lines ('Directeur de la publication : X, maire de
            # Y.' under the story), not a title nor a breadcrumb
        crumbs = [c.strip() for c in re.split(r"\s[>›»]\s|\s/\s|\s[-–—:]\s", _lowered(raw))]
        crumbs = [_folded_line(c) for c in crumbs] + [f]
        if any(c == p or c.startswith(p + " ") for c in crumbs for p in pages):
            return True
    if any(_JOB_TITLE.search(ln.text) for ln in lines[:2]):
        return True  # 'Le CCAS de Vierzon recrute un(e) travailleur social (H/F)': a job offer
    dated = sum(1 for ln in lines if _WEEKDAY_DATE.match(ln.text))
    if dated >= 3 and dated * 3 >= len([ln for ln in lines if len(ln.text.split()) >= 8]):
        return True
    return _open_call(lines)


# a call for applications ('Appel à projets … 2026: qui peut candidater ? dépôt des candidatures avant le …'): the
# rules of a call still open, no initiative; its results page ('les lauréats', 'projets retenus') is read
_CALL_TITLE = re.compile(r"(?i)\bappel\s+(?:à|a)\s+(?:projets?|candidatures?|manifestations?\s+d['’]int[ée]r[êe]t|"
                         r"initiatives?)\b|^(?:AAP|AMI)\b")
_CALL_CUES = re.compile(r"(?i)\bcandidater\b|\bd[ée]p[ôo]t\s+des\s+(?:dossiers|candidatures|projets)|"
                        r"\bdate\s+limite\b|\bdossiers?\s+de\s+candidature|\bcrit[èe]res\s+(?:de\s+s[ée]lection|"
                        r"d['’][ée]ligibilit[ée])|\bqui\s+peut\s+(?:candidater|r[ée]pondre|d[ée]poser)|"
                        r"\bpeuvent\s+candidater|\bcandidatures?\s+(?:avant|jusqu['’]au|ouvertes?)")
_RESULT_CUES = re.compile(r"(?i)\blaur[ée]ats?\b|\blaur[ée]ates?\b|\bretenue?s\b|\bprim[ée]e?s\b|\bs[ée]lectionn[ée]e?s\b|"
                          r"\bsoutenue?s\b|\battribu[ée]e?s?\b|\bb[ée]n[ée]ficiaires?\s*:")


def _open_call(lines: list[Line]) -> bool:
    if not lines or not any(_CALL_TITLE.search(ln.text) for ln in lines[:3]):
        return False
    text = "\n".join(ln.text for ln in lines)
    return len({m.group(0).lower() for m in _CALL_CUES.finditer(text)}) >= 2 and not _RESULT_CUES.search(text)


# a publication's colophon: 'Guide réalisé avec le soutien du Conseil de développement …', 'Brochure éditée par …'
_COLOPHON = re.compile(r"(?:guide|document|brochure|livret|annuaire|catalogue|publication|plaquette)\s+"
                       r"(?:realise|edite|concu|imprime)e?s?\s+(?:par|avec|grace)\b")


def is_end_of_content(text: str) -> bool:
    f = _folded_line(text)
    if _COLOPHON.match(f):
        return True
    # (a short line opening so: 'À propos du Département de l'Ardèche', 'Sur le même sujet :')
    return any(f == p or (f.startswith(p) and len(f.split()) <= len(p.split()) + 5) for p in chrome()["fin"])


_RELATED = re.compile(r"(?:a |à )?(?:lire|voir) (?:aussi|également)|sur le meme sujet|articles? lies|"
                      r"dans la meme rubrique|nos articles sur")


_RULE = re.compile(r"(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|[–—=]{3,}")  # a horizontal rule ('---', '* * *')


def bullet_continuations(lines: list[str], skip: dict[int, str], ends: dict[int, int] | None = None) -> dict[int, str]:
    """{line index: new text}: a list item's text wrapped onto the next lines, indented under its text (Markdown's
    '- **Le Carreau** (Bruay) – porté par X,' / '  120 000 €, sur 3 ans de l'État'), joined to the item's line;
    the continued lines emptied (line numbers do not move). `skip`: lines already rewritten (a table's); `ends`
    (when given) gets {item's line: its last continued line}."""
    out: dict[int, str] = {}
    i, n = 0, len(lines)
    while i < n:
        m = _BULLET.match(lines[i]) if i not in skip else None
        if m is None or m.end() < 2 or not lines[i][m.end():].strip():
            i += 1
            continue
        indent, text, j = m.end(), lines[i].rstrip(), i + 1
        while j < n and j not in skip and lines[j].strip() and not _BULLET.match(lines[j]) \
                and abs((len(lines[j]) - len(lines[j].lstrip(" "))) - indent) <= 1:
            text = f"{text} {lines[j].strip()}"
            out[j] = ""
            j += 1
        if j > i + 1:
            out[i] = text
            if ends is not None:
                ends[i] = j - 1
        i = j
    return out


def clean_lines(doc: SourceDocument) -> list[Line]:
    """The document's content lines: Markdown marks removed, chrome dropped, comment sections cut off."""
    out: list[Line] = []
    content_words = 0
    related = False  # inside a 'Lire aussi' box: its links are other pages' titles
    width = 0  # the number of cells of the table whose header the last lines were under (0: none)
    from isgraph.extract.aligned import aligned_tables

    ends: dict[int, int] = {}  # a joined text's first line -> its last (Line.last: the record's span covers both)
    aligned = aligned_tables(doc.lines, ends)  # a PDF's tables laid out with spaces: one ' | ' line per row
    aligned.update(bullet_continuations(doc.lines, aligned, ends))
    rule = False  # a horizontal rule since the last line kept (Line.after_rule)
    properties = _property_rows(doc.lines)
    # a sheet of labels and values laid out in two columns ('Bénéficiaire        Association X', 'Coût total
    # éligible        78 400 €'): three known labels or more before a wide gap make its gap lines fields
    sheet = sum(1 for k, raw in enumerate(doc.lines[:200]) if k not in aligned
                and (kv := _GAP_FIELD.match(raw.strip())) and _known_label(kv.group("l"))) >= 3
    for idx, raw in enumerate(doc.lines):
        n = idx + 1
        raw = aligned.get(idx, raw)
        last = ends[idx] + 1 if idx in ends else 0
        s = raw.strip()
        if not s:
            continue
        if _RULE.fullmatch(s):
            rule = True
            continue
        heading = bool(doc.headings) and " ".join(s.split()) in doc.headings  # an HTML <h2>
        m = _MD_HEADING.match(s) or _BOLD_LINE.match(s)
        if m:
            s, heading = m.group("t").strip(" *_"), True
        if "<" in s and _INLINE_HTML.search(s):  # ('<summary>📇 Contact</summary>' in a Markdown export: its text)
            s = _INLINE_HTML.sub("", s).strip()
            if not s:
                continue
        if heading or s.startswith(">"):  # ('## 🚲 Vélo-école …', '> 💡 Cette page …': an export's pictograms; a
            s = _without_pictograms(s)  # post's '🚐 L'épicerie …' opens an item, the pictogram posts' reader's cue)
        s = _MD_LINK.sub(lambda mm: mm.group("t"), s)
        if "\t" in s.strip():
            s = re.sub(r"\s*\t+\s*", " | ", s.strip())  # a table's cells
        elif sheet and (kv := _GAP_FIELD.match(s)) is not None and not _CUT_LABEL.search(kv.group("l")):
            s = f"{kv.group('l')} : {kv.group('v')}"  # 'Bénéficiaire        Association X': a PDF's two-column sheet
            # (not 'Fiche action du plan de' / 'développement': a label wrapped over two lines)
        if s.startswith("|") and s.endswith("|") and len(s) > 2:  # a Markdown table's row: '| A | B |'
            cells = [c.strip() for c in s[1:-1].split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                continue  # its '|---|---|' line
            s = " | ".join(cells)
            if idx in properties and len(cells) == 2 and cells[1] and _known_label(cells[0]):
                s = f"{cells[0]} : {cells[1]}"  # a project's table of properties ('| Porteur | Association X |')
        bullet = bool(_BULLET.match(s)) and not s.lstrip().startswith("**") \
            and not re.match(r"\s*[-–—]\s+\|\s", s)  # ('– | – | Région': a table row's empty first cell)
        numbered = bullet and bool(re.match(r"\s*\d{1,2}\s*[.)°]", s))
        if bullet:
            s = _BULLET.sub("", s, count=1)
        lead_m = re.match(r"^(?:\*\*|__)(?P<t>[^*_]{2,100}?)(?:\*\*|__)\s*\S", s)
        lead = clean_text(lead_m.group("t")).strip(" :") if lead_m else None
        s = re.sub(r"\*\*|__|`", "", s)
        s = clean_text(s)
        if not s or not _WORD.search(s):
            continue
        if content_words >= 30 and is_end_of_content(s):
            break
        rel = _RELATED.match(_folded_line(s))
        if rel:  # 'Lire aussi : Gravelines, un jardin partagé…' (the link on its line), or 'À lire aussi :' alone
            related = rel.end() == len(_folded_line(s))  # above a list of links
            continue
        if related and bullet:
            continue  # '• Albi : la facture énergétique des HLM en hausse de 30 %'
        related = False
        cells = _cells(s)
        if not cells:
            width = 0
        elif len(cells) != width:
            width = len(cells) if sum(1 for c in cells if label_field(c, table=True)) >= 2 else 0
        elif width:  # a row under a header that names fields ('laureat | projet | ville'): content, even when
            # its short cells read as a breadcrumb
            out.append(Line(n, s, heading, bullet, lead, False, numbered, last=last, after_rule=rule))
            rule = False
            continue
        if heading and is_other_section(s):
            pass  # an 'Agenda' heading of the page's own text: kept, its section is left out as a whole
        elif is_chrome(s):
            publisher = _byline_publisher(s) if content_words < 30 else None
            if publisher:  # 'Publié le 9 octobre 2025 – Département des Landes': the body that publishes the page
                out.append(Line(n, publisher, byline=True))
            continue
        caps = _in_capitals(s)
        if caps:  # 'UN RELAIS PETITE ENFANCE', 'DÉPARTEMENT DE SAÔNE-ET-LOIRE': words, not acronyms
            from isgraph.extract.orgfinder import title_case

            s = title_case(s)
        out.append(Line(n, s, heading, bullet, lead, caps, numbered, last=last, after_rule=rule))
        rule = False
        if len(s.split()) >= 8:
            content_words += len(s.split())
    return _drop_running_lines(_drop_menus(out))


def _drop_running_lines(lines: list[Line]) -> list[Line]:
    """A PDF's running header or footer ('RÉGION NORMANDIE | Direction de l'économie sociale et solidaire' on every
    page) kept once, where it first stands: repeated, it would end each page's initiative inside the next page."""
    counts: dict[str, int] = {}
    for ln in lines:
        counts[ln.text] = counts.get(ln.text, 0) + 1
    seen: set[str] = set()
    out = []
    for ln in lines:
        if counts[ln.text] >= 3 and len(ln.text) >= 12 and not ln.text.endswith(":") and not ln.bullet and not ln.heading \
                and card_field(ln) is None and not find_amounts(ln.text):
            if ln.text in seen:
                continue
            seen.add(ln.text)
        out.append(ln)
    return out


_BYLINE = re.compile(r"(?i)^publi[ée]e?s?\s+le\b[^|]*?(?:\s[–—-]\s*|\s\|\s*|\bpar\s+(?:la\s+|le\s+|l['’]\s*)?)"
                     r"(?P<org>[A-ZÉ][^|*·–—]{2,80}?)\s*$")
_PUBLISHING_TYPES = {"departement", "region", "commune", "epci", "parc", "fondation", "etat", "caf", "ccas"}


def _byline_publisher(text: str) -> str | None:
    """The body a page's byline names ('Publié le 5 décembre 2024 – Département de la Gironde', '… par la Région
    Bretagne'), when it is a collectivity, a State service, a Parc or a foundation (not a journalist)."""
    m = _BYLINE.match(text.strip(" *_"))
    if m is None:
        return None
    name = m.group("org").strip(" .,:")
    return name if org_evidence(name) and organisation_type(name) in _PUBLISHING_TYPES else None


def _in_capitals(text: str) -> bool:
    """'UN RELAIS PETITE ENFANCE' (words in capitals), not 'FEADER (LEADER) | 32 000 €' (acronyms)."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 3]
    return len(words) >= 2 and all(w.isupper() for w in words) and not all(fold(w) in _acronyms() for w in words)


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    """The one-word organisation-type markers written as acronyms ('feader', 'ccas', 'detr')."""
    from isgraph.extract.common import org_type_markers

    return frozenset(m[0] for m, _ in org_type_markers() if len(m) == 1)


def _drop_menus(lines: list[Line]) -> list[Line]:
    """Runs of four or more short lines without punctuation (a navigation menu) are chrome."""
    def short(ln: Line) -> bool:
        return len(ln.text.split()) <= 3 and not re.search(r"[.:;,!?€«»\d]", ln.text)

    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and short(lines[j]):
            j += 1
        if j - i >= 4:
            i = j
            continue
        out.extend(lines[i : max(j, i + 1)])
        i = max(j, i + 1)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Cards: "Porteur : …", "Financeurs : …"
# ---------------------------------------------------------------------------------------------------------------

_LABEL = re.compile(r"^(?P<label>[^:]{2,40}?)\s*\??\s*:\s*(?P<value>.*)$")


def label_field(label: str, table: bool = False) -> str | None:
    """The card field a label names ('Structure porteuse' -> porteur, 'Budget annuel' -> budget), or None;
    `table`: a table's header cell ('Association', 'N°' are column headings, not card labels)."""
    label = _column_words(label)
    found = _label_start(label, table_labels() if table else card_labels())
    if found is not None:
        return found
    if len(label.split()) == 1 and len(label) >= 6:  # a portal's lower-cased column name ('nombeneficiaire', 'montantvote')
        return _glued_labels(table).get(label)
    return None


@lru_cache(maxsize=2)
def _glued_labels(table: bool) -> dict[str, str]:
    """The labels of several words written as one ('nom beneficiaire' -> 'nombeneficiaire'), as OpenDataSoft
    portals name the columns of the tables they publish (lower case, spaces and capitals dropped)."""
    labels = table_labels() if table else card_labels()
    return {re.sub(r"[\s'’-]+", "", k): v for k, v in sorted(labels.items()) if " " in k}


def _cells(text: str) -> list[str]:
    """The cells of a table row's line ('a | b | c'), or [] for a line that is no row. An empty cell is one
    ('a | | c': its two separators share the space the line's clean-up left between them)."""
    if " | " not in text:
        return []
    return [c.strip() for c in _CELL_SEPARATOR.split(text)]


_CELL_SEPARATOR = re.compile(r"(?:^| )\|(?= |$)")


def _column_words(label: str) -> str:
    """A label folded, a data file's column name as words: 'nomBeneficiaire', 'MONTANT_ATTRIBUE' -> 'nom
    beneficiaire', 'montant attribue'."""
    return fold(re.sub(r"(?<=[a-zà-ÿ])(?=[A-Z])|_+", " ", label.strip(" ?*:")))


# a numbered item's label, the title after it: 'Fiche action n° 2.1', 'Action 3', 'Projet n°12', 'Mesure 4.2 b'
_NUMBERED_ITEM = re.compile(r"(?:fiche(?:[ -]actions?)?|actions?|projet|operation|mesure|dossier)\s*"
                            r"(?:n\s*[°º]?\s*|no\s+|numero\s+)?\d{1,3}(?:\s*[.-]?\s*\d{1,3})*\s*[a-z]?")


def _property_rows(lines: list[str]) -> set[int]:
    """The rows of the Markdown tables of two columns that describe a project ('| Porteur | Association X |',
    '| Commune | Quimper |', '| Financeurs | … |'): one of their labels names its porteur or its title. (An
    encyclopedia's infobox, '| Siège | Roubaix |', describes a body: left as a table.)"""
    out: set[int] = set()
    run: list[int] = []
    for k, raw in enumerate(lines + [""]):
        s = raw.strip()
        if s.startswith("|") and s.endswith("|") and len(s) > 2:
            run.append(k)
            continue
        if run:
            rows = [[c.strip() for c in lines[j].strip()[1:-1].split("|")] for j in run]
            if all(len(r) == 2 for r in rows) and any(label_field(r[0]) in ("porteur", "titre") for r in rows if r[0]):
                out.update(run)
            run = []
    return out


_INLINE_HTML = re.compile(r"</?(?:details|summary|div|span|br|p|strong|em|b|i|u|small|mark|sup|sub)\b[^<>]*>", re.I)


def _without_pictograms(s: str) -> str:
    """The line without the pictograms (emoji, symbols) opening it, nor a quote mark before them ('> 💡 …')."""
    import unicodedata

    k = 0
    rest = s.lstrip("> ") if s.startswith(">") else s
    while k < len(rest) and (unicodedata.category(rest[k]) in ("So", "Sk", "Mn", "Cf") or rest[k] in "\ufe0f\u200d "):
        k += 1
    return rest[k:] if k and k < len(rest) else s


_CUT_LABEL = re.compile(r"(?i)\s(?:de|du|des|d['’]|à|au|aux|la|le|les|l['’]|et|en|pour|par)$")
# a label, a wide gap, its value (one gap only: a row of three columns or more is a table's)
_GAP_FIELD = re.compile(r"(?P<l>[A-ZÉÈÀÂÎÔ][^:|]{1,45}?)\s{3,}(?P<v>\S(?:(?!\s{3})[^|])*)$")


def _known_label(label: str) -> bool:
    """Whether a label written before a wide gap is a card field's ('Bénéficiaire', 'Intitulé de l'opération',
    'Montant UE (FEADER – LEADER)'): itself, or its first words, a card label, or a money label naming its giver."""
    return _label_start(fold(re.sub(r"\([^()]*\)", " ", label)), card_labels()) is not None or \
        bool(_MONEY_OF.match(label))


def _label_start(label: str, labels: dict[str, str]) -> str | None:
    """The field of a folded label, or of its longest start that is one ('Budget annuel', 'Partenaires techniques et
    financiers'), among `labels` (the card labels, or a table header's)."""
    words = label.split()
    return next((labels[s] for k in range(len(words), 0, -1) if (s := " ".join(words[:k])) in labels), None)


def card_field(line: Line) -> tuple[str, str] | None:
    """(field, value) when the line is a labelled card field ('Porteur : X', 'C'est quoi ? …')."""
    m = _LABEL.match(line.text)
    if not m:
        # a label alone on its line, in capitals or as a heading ('PORTEUR DU PROJET', '## Partenaires'): the
        # value is on the next lines
        text = line.text.strip(" :")
        if (line.heading or line.caps or (text.upper() == text and re.search(r"[A-ZÀ-Ý]{3}", text))) \
                and len(text.split()) <= 5:
            f = label_field(text)
            if f is not None and (fold(text) in card_labels() or line.caps or text.upper() == text):
                return f, ""
        return None
    label = fold(m.group("label").strip(" ?*"))
    fieldname = _label_start(label, card_labels())  # ('Budget annuel': its known start)
    giver = _MONEY_OF.match(m.group("label").strip(" ?*")) if fieldname in (None, "montant") else None
    if giver and organisation_type(giver.group("g")) is not None and find_amounts(m.group("value")) \
            and (len(giver.group("g").split()) > 1 or giver.group("g").isupper()) \
            and not re.search(r"\b(?:sollicit|demand|envisag|attendu)", label):
        # 'Montant UE : 171 840 €', 'Participation de la CAF : 3 000 €': the label names who gives it ('Subvention
        # Région' is the body running the call, a 'montant')
        return "financeurs", f"{giver.group('g')} : {m.group('value').strip()}"
    if fieldname is None and _NUMBERED_ITEM.fullmatch(label) and m.group("value").strip():
        return "titre", m.group("value").strip()  # 'FICHE ACTION N° 2.1 : Lutter contre l'isolement …'
    if fieldname is None:
        return ("autre", m.group("value").strip()) if len(label.split()) <= 4 else None
    if fieldname == "territoire" and organisation_type(m.group("label").strip(" ?*")) is not None and \
            _ONLY_AMOUNT.fullmatch(m.group("value").strip()):
        # 'Région Nouvelle-Aquitaine : 12 000 €' among a sheet's co-funders: a funder and its amount, no place
        return "financeurs", f"{m.group('label').strip(' ?*')} : {m.group('value').strip()}"
    if fieldname == "titre" and re.match(r"fiche", label) and re.match(r"(?i)(?:n[°º]\s*)?\d+(?:\.\d+)*\b",
                                                                        m.group("value").strip()):
        # 'Fiche-action : n° 3 – Maintenir les services …' under a dossier's heading: the programme's measure it
        # falls under, no title of its own
        return "autre", m.group("value").strip()
    if fieldname == "montant" and re.search(r"\b(?:sollicit|demand|envisag|attendu)", label):
        return "autre", m.group("value").strip()  # 'Montant FEADER sollicité : 12 000 €': asked for, not granted
    return fieldname, m.group("value").strip()


_ONLY_AMOUNT = re.compile(r"\d[\d\s\u202f\u00a0.,]*\s*(?:k?€|euros?)(?:\s*(?:HT|TTC))?")
# a money label followed by the body that gives it ('Montant UE', 'Subvention de la Région', 'Aide FEDER')
_MONEY_OF = re.compile(r"(?i)(?:montant|aide|subvention|participation|contribution|financement|soutien)"
                       r"(?:\s+(?:accordée?|attribuée?|versée?|alloué|retenue?|votée?|prévue?))?"
                       r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)?(?P<g>[A-ZÉÈ][^:]{1,60})$")


@dataclass
class Card:
    start: int
    end: int
    title: tuple[int, str] | None
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    body: list[Line] = field(default_factory=list)  # unlabelled lines of the card


_ROLE_FIELDS = ("porteur", "partenaires", "financeurs")


def merged_fields(cards: list[Card]) -> dict[str, list[tuple[int, str]]]:
    """The fields of several cards read as one card's, each field's values in the order of the cards given."""
    merged: dict[str, list[tuple[int, str]]] = {}
    for c in cards:
        for k, v in c.fields.items():
            merged.setdefault(k, []).extend(v)
    return merged


def find_cards(lines: list[Line]) -> list[Card]:
    """Cards of labelled fields; empty when the document has fewer than two role / territory / budget fields."""
    labelled = [(i, card_field(ln)) for i, ln in enumerate(lines)]
    kinds = [f[0] for _, f in labelled if f and f[0] != "autre"]
    # a card names its porteur, or states at least three of its roles / territory / budget
    if not any(k in _ROLE_FIELDS for k in kinds) or (
            "porteur" not in kinds and len({k for k in kinds if k in _ROLE_FIELDS + ("territoire", "budget")}) < 3):
        return []
    cards: list[Card] = []
    current: Card | None = None
    last_field: str | None = None
    pending_title: tuple[int, str] | None = None
    pending_heading, pending_body = False, []  # whether the pending title is a heading; the lines below it
    list_inline = False  # whether the list of the last field started on its label's line ('Partenaires : X, Y.'):
    for i, ln in enumerate(lines):  # a label without an amount below it is then the next field ('Avis : …')
        f = labelled[i][1]
        if f is not None and f[0] == "autre" and (ln.numbered or ln.heading) and _title_like(ln, lines, i):
            f = None  # '1. Roule Ma Poule : un garage vélo solidaire' over 'Porteur : …': the next card's title
        if f is not None and f[0] == "autre" and current is not None and last_field is not None and i \
                and re.search(r"[a-zéèà]-$", lines[i - 1].text) and lines[i - 1].n == ln.n - 1:
            f = None  # 'commune de Saint-Nicolas-' / 'de-Redon : mise à disposition': a name cut at its hyphen
        if f is not None and last_field in ("financeurs", "partenaires") and (
                (f[0] == "autre" and not (list_inline and not find_amounts(f[1])))
                or (ln.bullet and f[0] not in ("financeurs", "partenaires") and find_amounts(f[1]))):
            # 'Fondation X : 1 500 €' under 'PARTENAIRES FINANCIERS', '- Région Bretagne : 32 000 €' under 'Plan de
            # financement :': an item of the list, not a field
            f = None
        if f is None and current is not None and ln.after_rule and not current.body:
            cards.append(current)  # a horizontal rule under the card's fields: the page's text goes on, not the card
            current, last_field, pending_title = None, None, None
            pending_heading, pending_body = False, []
        if f is None and current is not None and ln.n > current.end + 1:
            if (ln.heading or ln.caps) and _section_heading(ln.text):  # 'AXE 3 – LE PARC EN ACTION' after a
                cards.append(current)  # blank line: the card is over (not a label alone: 'PERSONNE RÉFÉRENTE')
                current, last_field, pending_title = None, None, (ln.n, ln.text)
                pending_heading, pending_body = True, []
                continue
            if last_field in ("partenaires", "financeurs") and current.fields.get(last_field) and not (
                    " | " in ln.text and " | " in current.fields[last_field][-1][1]):  # (a table's rows go on)
                last_field = None  # a list stated on its label's line goes on below it, not past a blank line
        if f is None:
            if current is not None and last_field is not None and not ln.heading and not _title_like(ln, lines, i):
                # a value continued on the next lines (a list of partners, the description)
                current.fields.setdefault(last_field, []).append((ln.n, ln.text))
                if last_field == "titre" and current.title is None:
                    current.title = (ln.n, ln.text)
                current.end = ln.n
                if last_field in ("titre", "porteur", "budget", "montant", "annee"):
                    last_field = None  # one line
                continue
            if current is not None and not ln.heading and not _title_like(ln, lines, i):
                current.body.append(ln)
                current.end = ln.n
                continue
            if current is None and pending_heading and not ln.heading and not _title_like(ln, lines, i):
                pending_body.append(ln)  # the text under a heading, before the card's first field (a short line
                continue  # right above 'Porté par :' titles the card itself: an accordion's summary line)
            prev = lines[i - 1] if i else None
            if prev is not None and prev.n == ln.n - 1 and re.search(r"\w-$", prev.text) and len(ln.text.split()) <= 4 \
                    and current is not None and current.body and current.body[-1] is prev:
                # ('Dossier n° 2024-06 – La Grange nourricière de Saint-' / 'Amand-en-Puisaye': a title wrapped at
                # its hyphen, its first line taken for the card above's text)
                current.body.pop()
                current.end = max([current.start] + [b.n for b in current.body] +
                                  [n for values in current.fields.values() for n, _ in values])
                pending_title = (prev.n, prev.text + ln.text)
            else:
                pending_title = (ln.n, ln.text)
            pending_heading, pending_body = ln.heading, []
            last_field = None
            if current is not None:
                cards.append(current)
                current = None
            continue
        name, value = f
        if current is None and name == "autre":
            continue
        if current is None or (name in current.fields and name in ("titre", "porteur") and last_field != name):
            if current is not None:
                cards.append(current)
            start = pending_title[0] if pending_title else ln.n
            current = Card(start, ln.n, pending_title, body=list(pending_body))
            pending_title, pending_heading, pending_body = None, False, []
        if name == "titre" and value:
            current.title = (ln.n, value)
        if value:
            current.fields.setdefault(name, []).append((ln.n, value))
        # values continued on the next lines: lists and the description (a porteur is one name); a label alone
        # takes the lines below it
        last_field = name if name in ("partenaires", "financeurs", "description", "territoire") or not value \
            else None
        list_inline = bool(value)
        current.end = ln.n
    if current is not None:
        cards.append(current)
    return [c for c in cards if any(k in c.fields for k in _ROLE_FIELDS)]


def _section_heading(text: str) -> bool:
    """'AXE 3 – LE PARC EN ACTION', 'Partie 2. Nos projets': a numbered or dashed heading of several words."""
    return len(text.split()) >= 4 and bool(re.search(r"\s[–—-]\s|^\S+\s+\d+\b|^\d+[.)]\s", text))


def _title_like(ln: Line, lines: list[Line], i: int) -> bool:
    """A short line without final punctuation followed by a labelled field: the next card's title."""
    if len(ln.text.split()) > 14 or ln.text.endswith((".", ",", ";")):
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and card_field(nxt) is not None and card_field(nxt)[0] in ("porteur", "titre"):
        return True
    # ('Dossier n° 2025-04 – Plateforme …' over 'Fiche-action : n° 3 – …' and 'Maître d'ouvrage : X': a field of no
    # role, then the porteur's)
    after = lines[i + 2] if i + 2 < len(lines) else None
    return nxt is not None and after is not None and card_field(nxt) is not None and card_field(nxt)[0] == "autre" \
        and card_field(after) is not None and card_field(after)[0] == "porteur"


# ---------------------------------------------------------------------------------------------------------------
# Palmarès and lists of laureates
# ---------------------------------------------------------------------------------------------------------------

_PRIZE_HEAD = re.compile(r"^(?P<label>[^:]{1,45}?)\s*:\s*(?P<rest>.+)$")
_QUOTE = re.compile(r"«\s*(?P<q>[^»]{2,120}?)\s*»|“(?P<q2>[^”]{2,120})”|\"(?P<q3>[^\"]{2,120})\"")
_ITEM_SEP = re.compile(r"\s+pour\s+(?:son|sa|ses|leur|le|la|les|l['’]|un|une)?\s*|\s*,\s+(?=[«“\"A-ZÉ])|\s*:\s+|\s+[–—-]\s+|\s*\(")


_FOR_ITS = re.compile(r"^pour\s+(?:son|sa|ses|leur|leurs)\s+(?:projets?|actions?|initiatives?)\b\s*(?:de\s+|d['’]\s*|:\s*)?",
                      re.IGNORECASE)
_NAMED_ITEM = re.compile(r"^(?P<t>[^—–:.;]{3,80}?)\s+[—–-]\s+\S")


@dataclass
class Laureate:
    line: Line
    porteur: str | None
    title: str | None
    prix: str | None
    amount: Decimal | None
    label: str | None
    continuation: list[Line] = field(default_factory=list)


def quoted(text: str) -> str | None:
    m = _QUOTE.search(text)
    if not m:
        return None
    q = clean_text(m.group("q") or m.group("q2") or m.group("q3") or "").strip(" ,.;")
    return q if q and len(q.split()) <= 16 else None


def _prize_label(text: str) -> tuple[str | None, str | None, str] | None:
    """(label, prize code, rest) for 'Or : …', 'TERRITORIA Argent : …', 'Prix spécial du jury : …'."""
    m = _PRIZE_HEAD.match(text)
    if not m:
        return None
    label = fold(m.group("label"))
    labels = prize_labels()
    if label in labels:
        return m.group("label").strip(), labels[label], m.group("rest").strip()
    # 'Prix de l'innovation sociale :', 'Catégorie Solidarité – Or :'
    words = label.split()
    for k in range(len(words)):
        tail = " ".join(words[k:])
        if tail in labels and labels[tail]:
            return m.group("label").strip(), labels[tail], m.group("rest").strip()
    if words and words[0] in ("prix", "mention", "laureat", "laureate", "laureats") and len(words) <= 6:
        return m.group("label").strip(), None, m.group("rest").strip()
    return None


def is_org_name(text: str) -> bool:
    """The whole text names one organisation ('Ville de Roubaix', 'Association La Courte Échelle (Aixe, 87)')."""
    from isgraph.extract.orgfinder import find_all_organisations

    text = clean_text(re.sub(r"\([^()]*\)", "", text or "")).strip(" ,;:")
    if not text or len(text.split()) > 14:
        return False
    orgs = find_all_organisations(text)
    if orgs and orgs[0].start <= 3 and orgs[0].end >= len(text) - 2:
        return True
    return org_evidence(text) == 2 and not re.match(r"[A-ZÀ-Ý]{5,}\s+[a-zé]", text)


def _names_places(text: str) -> bool:
    """'Pontivy, Morbihan', 'Carhaix-Plouguer, Finistère': every part a place of the gazetteer."""
    from isgraph.resolve import territories

    parts = [x.strip() for x in re.split(r",|\s+[–-]\s+", text) if x.strip()]
    return bool(parts) and all(territories.resolve(x, None) is not None for x in parts if not x.isdigit())


def _collectivity_place(name: str) -> bool:
    """'Suresnes', 'Côte d'Or', 'Lorraine': a commune, EPCI, département or région of the gazetteer written alone."""
    from isgraph.resolve import territories

    if not name or len(name.split()) > 5 or not name[:1].isupper():
        return False
    t = territories.resolve(name, None, allow_lieu=False)
    return t is not None and t.kind in ("commune", "epci", "departement", "region", "ancienne-region")


_ITEM_LABEL = re.compile(r"(?i)^\s*[–—-]?\s*(?:projet|action|objet|initiative)\s*:\s*")


def parse_item(text: str, place_is_body: bool = False) -> tuple[str | None, str | None, Decimal | None]:
    """(porteur, title, amount) of one laureate item: 'Ville de X, « Titre »', 'Conseil départemental de Y pour
    “Titre” ;', 'Association X – Titre du projet – 15 000 €'. With `place_is_body` (a prize's laureate line), a
    collectivity's place written alone stands for it: 'Or : Suresnes, « Titre »' -> porteur 'Suresnes' (the actor
    resolution makes it the Ville de Suresnes)."""
    text = text.strip(" ;.")
    granted = _GRANT_ITEM.match(text)
    if granted and not re.search(r"\s[–—-]\s", text):
        # '31 000 € à l'association X pour l'ouverture d'une micro-crèche …; Y apporte 9 000 €': the item's first
        # amount is its grant, X the porteur, what follows 'pour' the title (an amount after it is another's)
        amount = find_amounts(text[: granted.end()])[0].value
        rest = re.sub(r"^(?:l['’]\s*|la\s+|le\s+|les\s+)", "", text[granted.end():].lstrip())
        m = re.search(r"\s*\([^()]*\)|,\s+(?:à|au|en)\s+[A-ZÉÈÎ][^,]{1,40},|\s+pour\s+|,\s+", rest)
        name = clean_text(rest[: m.start()] if m else rest).strip(" ,;:")
        from isgraph.extract.cues import _purpose  # ('X pour son projet', 'X, à Redon, pour …', not '…, qui … pour')

        title = _purpose(rest[m.start():]) if m else None
        if title and len(title.split()) > 12:
            title = re.split(r",\s+|\s+(?:avec|dans|afin|grâce|auprès)\s", title)[0]
        return (name if is_org_name(name) else None), title, amount
    amounts = find_amounts(text)
    amount = amounts[-1].value if amounts else None
    if amounts:
        a = amounts[-1]
        text = clean_text(text[: a.start] + text[a.end :]).strip(" ;,.:–—-()")
    q = quoted(text)
    m = _ITEM_SEP.search(text)
    head = text[: m.start()] if m else text
    rest = text[m.end():] if m else ""
    head = clean_text(head).strip(" ,;:")
    if m and m.group(0).strip() == "(":
        # 'Les Ricochets (Pontivy, Morbihan) : des week-ends de randonnée …': the title after the parentheses
        close = text.find(")", m.end())
        inside = text[m.end() : close] if close > 0 else ""
        rest = text[close + 1 :].strip(" :–—-,") if close > 0 else rest
        rest = _ITEM_LABEL.sub("", rest)  # ('X (Niort) – Projet : un atelier mobile …': the project's label)
        # 'Les Paniers du Vercors (Die) pour son projet « … »': the laureate's name before its place, also when the
        # place is not one the gazetteer resolves alone, the 'pour son projet' after it saying so
        if (_names_places(inside) or _FOR_ITS.match(rest)) and 1 <= len(head.split()) <= 6 and head[:1].isupper():
            porteur_by_place = head
        else:
            porteur_by_place = None
    else:
        porteur_by_place = None
    porteur = head if is_org_name(head) or (place_is_body and _collectivity_place(head)) else porteur_by_place
    if porteur is None and q is not None:
        before = text[: text.find(q) - 1].strip(" ,:;–—-«“\"")
        before = re.sub(r"\s+pour$", "", before)
        if is_org_name(before) or (place_is_body and _collectivity_place(before)):
            porteur = before
    title = q
    if title is None and rest:
        # ', soit un accompagnement de 10 000 €': the amount's clause (the amount itself already taken out)
        title = clean_text(re.split(r"\s+[–—-]\s+|\s*\(|\s*;\s*|,\s+(?:avec|en|dont|qui|pour|soit)\b|:\s|,\s*soit$",
                                    rest)[0]).strip(" ,.:;)")
        title = _FOR_ITS.sub("", title)  # '(Crest) pour son projet de restaurant solidaire …'
        # '(Lure) : 24 000 € pour la création d'une conciergerie': what the amount is for, its 'pour' no part of it
        title = re.sub(r"(?i)^pour\s+(?=(?:son|sa|ses|leurs?|une?|des|du|les?|la)\s|l['’])", "", title)
        title = re.sub(r"^(?:son|sa|ses|leur|le|la|les|l['’]|un|une|des|du)\s+", "", title)
        if len(title.split()) > 10:  # 'week-ends de randonnée et de voile pour des jeunes suivis par …'
            title = re.split(r"\s+(?:pour|avec|dans|afin|grâce|auprès)\s", title)[0]
        if len(title.split()) > 10 and ", " in title:  # 'restaurant solidaire à prix libre, tenu par des …'
            title = title.split(", ")[0]
        title = (title[:1].upper() + title[1:]) if title else None
    if porteur and "(" in porteur:
        porteur = porteur.split("(")[0].strip()
    return porteur, title or None, amount


def prize_heading(ln: Line) -> tuple[str, str | None] | None:
    """(label, prize code) of a heading line naming a prize: 'Prix de l'inclusion – Edition 2023 – Puy-de-Dôme',
    'TERRITORIA d'Or', 'Coup de cœur du jury'."""
    if len(ln.text.split()) > 16 or ln.text.endswith((".", ";", ",")) or re.search(r":\s*\S", ln.text):
        return None
    f = fold(ln.text)
    best = None
    for label, code in prize_labels().items():
        if (f == label or f.startswith(label + " ")) and (best is None or len(label) > len(best[0])):
            best = (label, code)
    if best is None or (best[0] in ("or", "argent", "bronze") and f != best[0] and not re.match(r"^(?:or|argent|bronze)\b\s*[-–—(]", f)):
        return None
    return ln.text.strip(" :"), best[1]


def _heading_title(heading: str) -> str | None:
    """The project a prize heading names after its dash: '2e prix (3 000 €) – Ressourcerie Le Rebond, Sablé-sur-Sarthe
    (Sarthe)' -> 'Ressourcerie Le Rebond'; None for an edition, a year or a place ('Prix X – Édition 2023 –
    Puy-de-Dôme')."""
    from isgraph.extract.places import territory_slug

    parts = re.split(r"\s+[–—-]\s+", heading, maxsplit=1)
    if len(parts) < 2:
        return None
    piece = clean_text(re.split(r",\s+|\s+\(|\s+[–—-]\s+", parts[1])[0]).strip(" .:;")
    if not piece or len(piece.split()) > 12 or re.match(r"(?i)(?:[ée]dition|session|promotion|\d{4}\b)", piece) \
            or find_amounts(piece) or territory_slug(piece) is not None:
        return None
    return quoted(piece) or piece


def paragraph_laureates(lines: list[Line]) -> list[Laureate]:
    """Palmarès written one paragraph per laureate under a prize heading (the title on the next short line)."""
    heads = [i for i, ln in enumerate(lines) if i > 0 and prize_heading(ln) is not None]
    # each prize heading opens a paragraph (not only other headings or short lines)
    heads = [i for k, i in enumerate(heads)
             if any(len(ln.text.split()) >= 12 for ln in lines[i + 1 : heads[k + 1] if k + 1 < len(heads) else len(lines)])]
    if len(heads) < 2:
        return []
    items = []
    for k, i in enumerate(heads):
        stop = heads[k + 1] if k + 1 < len(heads) else len(lines)
        label, code = prize_heading(lines[i])
        body = lines[i + 1 : stop]
        title = None
        if body and len(body[0].text.split()) <= 14 and not body[0].text.endswith((".", ";", ",")) and len(body) > 1:
            title = quoted(body[0].text) or body[0].text
        if title is None:
            title = _heading_title(lines[i].text)  # '1er prix (5 000 €) – Le Bus des Parents, Laval (Mayenne)'
        amounts = find_amounts(lines[i].text)  # '1er prix (10 000 €)'
        items.append(Laureate(lines[i], None, title, code, amounts[0].value if amounts else None, label, list(body)))
    return items


_GRANT_ITEM = re.compile(r"^\d[\d\s.,]*\s*(?:k€|M€|€|euros?)\s+(?:à|au|aux)\s", re.IGNORECASE)


# the closing words of a deliberation under its list of grants: no summary of the last grant
_CLOSING_FORMULA = re.compile(r"(?i)\s*(?:les\s+crédits\s+(?:sont|seront|nécessaires)|la\s+dépense\s+(?:sera|est)|"
                              r"les\s+dépenses\s+(?:seront|sont)|adopté|adoptée|vote\s*:|le\s+(?:président|maire)\s+"
                              r"est\s+autorisé)")


# 'Département de la Mayenne (53)', 'Arrondissement de Brioude': the heading of the items of one area
_GROUP_HEADING = re.compile(r"(?:Département|Région|Arrondissement|Territoire)\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])"
                            r"\s*[A-ZÉÈ][^.:;]{1,50}?(?:\s*\(\d{2,3}[AB]?\))?\s*$")
_PLACED_PARAGRAPH = re.compile(r"[«“\"]?[A-ZÉÈÀÂÎÔ][^()–—]{2,80}?\s\((?P<p>[^()]{2,60})\)\s*[–—-]\s+\S")
_COUNT_LINE = re.compile(r"(?i):\s*\d+\s+(?:projets?|dossiers?|lauréats?|structures?|initiatives?|actions?)\b")
_BODY_AFTER_DASH = re.compile(r"[*\s]*\s[–—-]\s+(?P<p>[^:()–—]{3,90}?)\s*(?:\([^()]{1,60}\))?\s*:")
_THANKS_ITEM = re.compile(r"(?i)\s*(?:[-•*–]\s*)?(?:à|au|aux)\s+(?:\*\*)?(?:la\s+|le\s+|les\s+|l['’]\s*|nos\s+|notre\s+)?")
_CARRIED_AFTER = re.compile(r"\bport[ée]e?s?\s+par\b", re.IGNORECASE)


def find_laureates(lines: list[Line]) -> list[Laureate]:
    """The laureate items of a palmarès or a list of laureates (empty unless the document has at least two)."""
    items: list[Laureate] = []
    for ln in lines:
        if ln.heading:
            continue
        if ln.bullet and _THANKS_ITEM.match(ln.text):
            continue  # 'Merci : – à la Région Occitanie pour son soutien de 30 000 € …': a thanks list, no laureate
        if ln.bullet and len(ln.text.split()) <= 8 and _COUNT_LINE.search(ln.text):
            continue  # '• Doubs : 3 projets, 40 300 €': a subtotal, no laureate
        p = _prize_label(ln.text)
        if p is not None:
            label, code, rest = p
            porteur, title, amount = parse_item(rest, place_is_body=True)
            if porteur or title:
                items.append(Laureate(ln, porteur, title, code, amount, label))
            continue
        if ln.bullet and len(ln.text.split()) >= 10:
            # '- **La Grange à Idées** — Épinac (Saône-et-Loire). Porté par …': a project named first, then told
            named = ln.lead or (m.group("t") if (m := _NAMED_ITEM.match(ln.text)) else None)
            # (a name shaped like a body's, 'Maison de services Les Causses Ensemble', is the project's when the
            # item says who carries it: '— porté par l'association X')
            if named and (not is_org_name(named) or _CARRIED_AFTER.search(ln.text, len(named))) \
                    and len(named.split()) <= 10 and not find_amounts(named) \
                    and re.match(r"[«“\"]?\s*[A-ZÉÈÀÂÎÔ]", named):
                # '1. Jardin partagé, à Montauban – porté par X – 15 000 €': the amount at the end of its line is the
                amounts = find_amounts(ln.text[len(named):])  # item's; the place after a comma is no part of its title
                title = named.strip(" «»“”\"")
                place = re.match(r"^(?P<t>.{3,}?),\s+(?:à|au|en)\s+(?P<p>[A-ZÉÈÀÂÎÔ][\w'’ -]{1,40})$", title)
                if place and _names_places(place.group("p")):
                    title = place.group("t")
                # '• Ateliers Pas à Pas — CCAS de Pontarlier (Pontarlier) : cycle de …': the body after the dash
                # carries it
                at = ln.text.find(named)
                by = _BODY_AFTER_DASH.match(ln.text, at + len(named)) if at >= 0 else None
                who = clean_text(by.group("p")) if by else ""
                porteur = who if who and (is_org_name(who) or (who[:1].isupper() and len(who.split()) <= 8
                                                               and not _collectivity_place(who))) else None
                items.append(Laureate(ln, porteur, title, None, amounts[-1].value if amounts else None, None))
                continue
        placed = None if ln.bullet or ln.heading else _PLACED_PARAGRAPH.match(ln.text)
        if placed and all(_collectivity_place(x.strip()) for x in placed.group("p").split(",")) and \
                (told := find_amounts(ln.text)) and told[-1].end >= len(ln.text.rstrip(" .;")) - 2:
            # 'Les Ateliers du Fil Rouge (Périgueux, Dordogne) – Projet : une recyclerie textile … – 10 000 €': a
            # laureate told in a paragraph of its own, its name, its place, its project, its amount
            porteur, title, amount = parse_item(ln.text)
            if porteur:
                items.append(Laureate(ln, porteur, title, None, amount, None))
                continue
        if not ln.bullet or len(ln.text.split()) > (80 if ln.lead or _GRANT_ITEM.match(ln.text) else 40):
            # (a bold name, then its long account; a grant told at length: '42 000 € à X pour …, avec …')
            continue
        if _plan_line(ln.text):
            continue  # '- FEADER : 18 k€', '- Dépenses éligibles : 28 000 €': a funding plan's line, no laureate
        gives = _GIVER_SENTENCE.match(ln.text)
        if gives and (organisation_type(gives.group("s")) in _PLAN_TYPES | {"epci", "fondation"}
                      or re.match(r"(?i)(?:le\s+)?fonds\b", gives.group("s"))):
            continue  # '- La Région Occitanie apporte une aide de 75 000 € pour …': a funder's share, no laureate
        porteur, title, amount = parse_item(ln.text)
        if ln.lead and porteur == ln.lead and organisation_type(porteur) is None and title:
            # '**La Maison Commune du Plateau** (Eymoutiers) – café associatif, point d'accès aux droits…': the bold
            # name is the place's, the lower-case account after it lists what it does, it is no title
            after = re.sub(r"^\s*\([^()]*\)", "", ln.text[len(ln.lead):]).lstrip(" –—-:,")
            if after[:1].islower() and "," in re.split(r"[.;]", after)[0]:
                title = porteur
        if porteur and (title or amount is not None) and (quoted(ln.text) or amount is not None
                                                          or re.search(r"\s+pour\s+", ln.text)):
            items.append(Laureate(ln, porteur, title, None, amount, None))
    if len(items) < 2:
        return paragraph_laureates(lines)
    items = [it for it in _sibling_laureates(lines, items)  # ('• Doubs : 3 projets, 40 300 €': a subtotal)
             if not (len(it.line.text.split()) <= 8 and _COUNT_LINE.search(it.line.text))]
    # a summary paragraph right below an item belongs to it (until the next item or heading)
    item_lines = {it.line.n for it in items}
    by_n = {it.line.n: it for it in items}
    current = None
    for ln in lines:
        if ln.n in item_lines:
            current = by_n[ln.n]
            continue
        if current is None:
            continue
        if ln.heading or ln.caps or ln.bullet or _prize_label(ln.text) is not None or card_field(ln) is not None or (
                len(ln.text.split()) <= 8 and not ln.text.endswith((".", "!", "?", "»", ")"))) or \
                _CLOSING_FORMULA.match(ln.text) or _GROUP_HEADING.match(ln.text):
            current = None  # the next item, a heading or a category line, the act's closing words
            continue
        if ln.n - (current.continuation[-1].n if current.continuation else current.line.n) > 3:
            current = None
            continue
        current.continuation.append(ln)
    return items


_PLAN_LINE = re.compile(r"(?P<n>[^:|–—]{2,60}?)\s*[:|–—]\s*\d[\d\s.,]*\s*(?:k€|K€|M€|€|euros?)(?:\s*(?:HT|TTC))?"
                        r"(?:\s*\(\s*\d+(?:[.,]\d+)?\s*%\s*\))?\s*[.;]?")
# a sentence whose subject gives money: '[Le Département de l'Aveyron] participera à hauteur de …'
_GIVER_SENTENCE = re.compile(r"^(?P<s>[A-ZÉÈÀÂÎÔ][^,;:]{1,100}?)\s+(?:\([^()]{1,40}\)\s+)?(?:(?:lui|leur)\s+)?"
                             r"(?:versera|verse|versent|apporte\w*|participe\w*|finance\w*|cofinance\w*|accorde\w*|"
                             r"attribue\w*|alloue\w*|contribue\w*|octroie\w*|mobilise\w*|prend\s+en\s+charge|"
                             r"s['’]engage\w*|subventionne\w*|a\s+(?:versé|apporté|accordé|attribué|alloué|financé|octroyé))\b")
_PLAN_TYPES = {"europe", "etat", "region", "departement", "caf", "etablissement-public"}  # (a commune is often a grant's
# beneficiary: "Commune de Vic : 5 000 €")


def _plan_line(text: str) -> tuple[str, Decimal] | None:
    """'FEADER : 18 k€', 'Région Occitanie : 5 850 €', 'Autofinancement : 3 000 € (12 %)': a funder, a cost or an
    own-funds line of a funding plan, nothing else on the line -> (its name, its amount); else None."""
    text = text.strip()
    m = _PLAN_LINE.fullmatch(text)
    if m is None:
        return None
    from isgraph.extract.mentions import _non_actor

    name = m.group("n").strip(" *-•")
    if not (_non_actor(name) or organisation_type(name) in _PLAN_TYPES or re.fullmatch(r"[A-Z][A-Z+]{2,8}", name)):
        return None
    got = find_amounts(text[m.end("n"):])
    return (name, got[0].value) if got else None


_LEAD_NAME = re.compile(r"^(?:l['’]association\s+)?(?P<n>[A-ZÉÈÀÂÎÔ«“\"][^,;:()–—]{1,60}?)(?=\s*,|\s+pour\s|\s*\(|\s+[–—-]\s|\s*:)",
                        re.IGNORECASE)


def _sibling_laureates(lines: list[Line], items: list[Laureate]) -> list[Laureate]:
    """A list of laureates with amounts is one list: a bullet of the same run (between two found items, or right
    after the last one) that states an amount and opens with a capitalised name is a laureate too, even when the
    name does not look like an organisation ('- Solinum pour l'alimentation durable (Bordeaux) 200 000 euros')."""
    with_amount = [it for it in items if it.amount is not None]
    if len(with_amount) < 2 or any(it.prix for it in items):
        return items
    found = {it.line.n for it in items}
    first, last = min(found), max(found)
    bullets = [ln for ln in lines if ln.bullet]
    extra = []
    at = [k for k, b in enumerate(bullets) if b.n in found]
    if not at:
        return items  # (laureates told in paragraphs: no run of bullets to complete)
    for k, ln in enumerate(bullets):
        if ln.n in found or len(ln.text.split()) > 40:
            continue
        if not (first < ln.n < last or min(abs(k - j) for j in at) <= 1):  # inside the run or next to it
            continue
        amounts = find_amounts(ln.text)
        m = _LEAD_NAME.match(ln.text.strip())
        if not amounts or m is None:
            continue
        name = clean_text(m.group("n")).strip(" «»“”\"")
        if not name[:1].isupper() or len(name.split()) > 8:
            continue
        # 'Épicerie sociale X : épicerie solidaire et ateliers budget à Quimper, soit 15 000 €': the title after the
        title = parse_item(ln.text)[1]  # name, when the line gives one
        extra.append(Laureate(ln, name, title if title and fold(title) != fold(name) else None, None,
                              amounts[-1].value, None))
    if not extra:
        return items
    return sorted(items + extra, key=lambda it: it.line.n)


# ---------------------------------------------------------------------------------------------------------------
# Headings and paragraphs
# ---------------------------------------------------------------------------------------------------------------


_CONTINUES = re.compile(r"[a-zéèêàâîôûç]|\([^()]{1,60}\)\s*[,;]")  # a line going on with the sentence above


def looks_like_heading(ln: Line, nxt: Line | None) -> bool:
    """A Markdown / bold heading, or a short line without final punctuation followed by a longer line."""
    if ln.heading:
        return True
    if ln.caps and ln.after_rule and nxt is not None and nxt.after_rule:
        return True  # '=====' / '1. NOUVEAU LIEU : LA FABRIQUE …' / '=====': a plain-text e-mail's heading
    if nxt is not None and nxt.n == ln.n + 1 and not nxt.after_rule and _CONTINUES.match(nxt.text):
        return False  # a hard-wrapped paragraph's line ('… de Saint-Affrique' / '(Aveyron), la Fabrique …')
    words = ln.text.split()
    if not 1 <= len(words) <= 14 or ln.text.endswith((".", ",", ";", ":")) or (ln.bullet and not (
            ln.numbered and nxt is not None and not nxt.bullet)):  # '1. « Des Moutons » : relancer …' over its text
        return False
    if not ln.text[:1].isupper() and not ln.text[:1] in "«“\"":
        return False
    if has_phone(ln.text) or has_email(ln.text) or "[téléphone]" in ln.text or "[courriel]" in ln.text:
        return False  # 'Marc-Antoine Vidalou, gestionnaire – 04 67 97 38 25': a contact line
    if ":" in ln.text and (f := card_field(ln)) is not None and f[0] != "autre" and f[1]:
        return False  # 'Soutien : 9 000 €', 'Porteur : X': a card's field
    return nxt is not None and len(nxt.text.split()) > len(words) + 4 and nxt.n > ln.n


@dataclass
class Section:
    heading: Line | None
    lines: list[Line]


def _wrapped_heading(ln: Line, nxt: Line, after: Line) -> bool:
    """A headline a PDF's column wrapped ('Roule Ma Vallée : un garage solidaire pour ne plus renoncer à un' /
    'emploi', then a blank line and the story): the second line a word or three in lower case."""
    words, rest = ln.text.split(), nxt.text.split()
    return (not ln.heading and not ln.bullet and 4 <= len(words) <= 16 and ln.text[:1].isupper()
            and not ln.text.endswith((".", ",", ";", ":")) and nxt.n == ln.n + 1 and 1 <= len(rest) <= 3
            and nxt.text[:1].islower() and not nxt.text.endswith((",", ";", ":")) and not nxt.bullet
            and after.n > nxt.n + 1 and len(after.text.split()) >= 8 and len(after.text) >= len(ln.text))


def sections(lines: list[Line]) -> list[Section]:
    out: list[Section] = []
    current = Section(None, [])
    skip = -1
    for i, ln in enumerate(lines):
        if i == skip:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        prev = lines[i - 1] if i else None
        if prev is not None and prev.n == ln.n - 1 and not prev.heading and not ln.heading and not ln.after_rule \
                and len(prev.text.split()) >= 6 and not re.search(r"[.!?:;»)\]]\s*$", prev.text):
            current.lines.append(ln)  # a hard-wrapped paragraph's next line ('… la Chambre d'agriculture et la' /
            continue  # 'Banque alimentaire de l'Aude, qui …'), no heading
        wrapped = nxt is not None and i + 2 < len(lines) and _wrapped_heading(ln, nxt, lines[i + 2])
        if wrapped:
            ln, nxt, skip = replace(ln, text=f"{ln.text} {nxt.text}"), lines[i + 2], i + 1
        if (wrapped or looks_like_heading(ln, nxt)) and not (
                not ln.heading and current.heading is not None and current.heading.heading and not current.lines):
            # (a short line right under a marked heading is its first line: '### L'Épicerie Vagabonde' /
            # 'Saint-Affrique (Aveyron)', a card's place line, is no heading of its own)
            if current.heading is not None or current.lines:
                out.append(current)
            current = Section(ln, [])
        else:
            current.lines.append(ln)
    if current.heading is not None or current.lines:
        out.append(current)
    return out
