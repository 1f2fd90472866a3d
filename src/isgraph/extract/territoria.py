"""Prix TERRITORIA press kits: palmarès lists + "résumés des dossiers lauréats".

Layout (text extracted from the PDF):

* the palmarès: one paragraph per prize level, ``TERRITORIA OR : à la région X, aux départements du A, de la B ;
  aux villes de C, D (2 fois) ; au CCAS de E.`` (same for ARGENT, BRONZE);
* the summaries: a domain heading ("Culture", "Lien social"...), then per laureate an upper-case collectivity
  line ("PARIS", "CA LE GRAND CHALON", "SAINT-PARGOIRE (34)", "CD HAUTE-SAONE", "CCAS DE NANCY"), the initiative
  title on the next line, a blank line and the summary paragraph.

Everything is read from that structure; the collectivity is written fully by generic rules (CA -> Communauté
d'agglomération, CD -> Département de/du/de la..., a bare commune -> Ville de X) using the spelling of the palmarès
for accents and articles.  The prize is set only when it is unambiguous: the collectivity appears in exactly one
palmarès entry (counting "(2 fois)") and has exactly one summary.

Free-text reading (organisations, places, years, budgets, fundings) is shared with the other prose-based
extractors in `isgraph.extract.prose`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.base import Extractor
from isgraph.extract.common import CaselessPattern, is_generic, strip_contacts, text_cache
from isgraph.extract.prose import (
    JoinedText,
    OrgMention,
    find_budget,
    find_budget_phrase,
    find_fundings,
    find_generic_partners,
    find_organisations,
    find_persons,
    find_places,
    find_years,
    lead_sentences,
    territories_module,
)

# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA: palmarès
# ---------------------------------------------------------------------------------------------------------------

PRIZE_LEVELS = {"or": "or", "argent": "argent", "bronze": "bronze"}
_PRIZE_LINE = re.compile(
    r"^\s*(?:prix\s+)?[A-Z][A-Za-z]{3,}\s+(?:D['’]\s*|d['’]\s*|DE\s+|de\s+)?(?P<level>OR|ARGENT|BRONZE|Or|Argent|Bronze)\s*:",
    re.M,
)

#: collectivity kinds: palmarès words -> code
_KIND_WORDS = [
    (r"r[ée]gions?", "region"),
    (r"d[ée]partements?", "departement"),
    (r"communaut[ée]s?\s+d['’]\s*agglom[ée]ration", "ca"),
    (r"communaut[ée]s?\s+de\s+communes", "cc"),
    (r"communaut[ée]s?\s+urbaines?", "cu"),
    (r"m[ée]tropoles?", "metropole"),
    (r"villes?|communes?|mairies?", "ville"),
    (r"CCAS", "ccas"),
    (r"CIAS", "cias"),
    (r"syndicats?(?:\s+mixtes?)?|SIVOM|SIVU|PETR|pays", "syndicat"),
]
_KIND_MARKER = re.compile(
    r"(?:^|[\s;,:])(?:à\s+la|à\s+l['’]|aux|au|à|et\s+à\s+la|et\s+au|et\s+aux)\s+(?P<kind>"
    + "|".join(k for k, _ in _KIND_WORDS)
    + r")\b",
    re.IGNORECASE,
)

#: header prefixes (abbreviations of collectivity kinds)
HEADER_PREFIXES = {
    "CA": "ca", "CC": "cc", "CU": "cu", "CD": "departement", "CG": "departement", "CR": "region",
    "CCAS": "ccas", "CIAS": "cias", "DEPARTEMENT": "departement", "REGION": "region", "METROPOLE": "metropole",
    "VILLE": "ville", "COMMUNE": "ville", "MAIRIE": "ville", "AGGLOMERATION": "ca", "AGGLO": "ca",
}
_HEADER_SUFFIXES = {"CA": "ca", "CC": "cc", "CU": "cu", "AGGLO": "ca", "AGGLOMERATION": "ca", "METROPOLE": "metropole"}


@dataclass
class PalmaresEntry:
    prize: str
    kind: str
    name: str  # as written in the list, e.g. "Haute-Saône"
    article: str  # "de la", "du", "des", "de l'", "de", ""
    count: int
    line: int


_ORDINAL = re.compile(r"\b(\d+)\s*(?:e|er|eme|ème|ieme)\b")


@text_cache(1 << 14)
def _key(name: str) -> str:
    f = fold(name)
    f = _ORDINAL.sub(r"\1", f)
    words = f.split()
    while words and words[0] in ("le", "la", "les", "l", "de", "du", "des", "d"):
        words = words[1:]
    return " ".join(words)


def parse_palmares(doc: SourceDocument) -> list[PalmaresEntry]:
    entries: list[PalmaresEntry] = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        m = _PRIZE_LINE.match(lines[i])
        if not m or fold(m.group("level")) not in PRIZE_LEVELS:
            i += 1
            continue
        prize = PRIZE_LEVELS[fold(m.group("level"))]
        start = i
        chunk = [(i + 1, lines[i][m.end() :])]
        i += 1
        while i < len(lines) and lines[i].strip() and not _PRIZE_LINE.match(lines[i]):
            chunk.append((i + 1, lines[i]))
            i += 1
        jt = JoinedText(chunk)
        text = jt.text
        markers = list(_KIND_MARKER.finditer(text))
        if not markers:
            # a plain list "Ville de Beauvais, Département du Nord" or one laureate a line
            for number, raw_line in chunk:
                for item in re.split(r"\s*[;,]\s*|\s+-\s+|^\s*[-•*]\s*", raw_line):
                    item = clean_text(item).strip(" .•*-")
                    if not item or not re.search(r"[A-Za-zÀ-ÿ]", item):
                        continue
                    count = 1
                    cm = re.search(r"\((\d+)\s*fois\)", item)
                    if cm:
                        count = int(cm.group(1))
                        item = item[: cm.start()].strip()
                    kind, name, article = strip_kind(item)
                    entries.append(PalmaresEntry(prize, kind or "ville", name, article, count, number))
            continue
        for k, mk in enumerate(markers):
            kind_word = mk.group("kind")
            kind = next(code for rx, code in _KIND_WORDS if re.fullmatch(rx, kind_word, re.IGNORECASE))
            seg_end = markers[k + 1].start() if k + 1 < len(markers) else len(text)
            seg = text[mk.end("kind") : seg_end]
            pos = mk.end("kind")
            for part in re.split(r"\s*[,;]\s*|\s+et\s+(?=(?:de|du|des|d['’]|la|le|l['’])\b)", seg):
                raw = part
                part = clean_text(part).strip(" .;,")
                if not part:
                    continue
                count = 1
                cm = re.search(r"\((\d+)\s*fois\)", part)
                if cm:
                    count = int(cm.group(1))
                    part = part[: cm.start()].strip()
                am = re.match(r"^(de\s+la\b|de\s+l['’]|du\b|des\b|de\b|d['’])\s*", part)
                article = ""
                if am:
                    article = re.sub(r"\s+", " ", am.group(1).lower()).replace("’", "'")
                    part = part[am.end() :]
                part = part.strip(" .")
                if not part or not re.search(r"[A-Za-zÀ-ÿ]", part):
                    continue
                off = text.find(raw.strip(), pos)
                entries.append(PalmaresEntry(prize, kind, part, article, count, jt.line_of(max(off, 0))))
        del start
    return entries


# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA: laureate blocks
# ---------------------------------------------------------------------------------------------------------------


def _letters(s: str) -> list[str]:
    return [c for c in s if c.isalpha()]


def looks_like_header(s: str) -> bool:
    """A collectivity line: short, mostly upper case ('CA LE GRAND CHALON', 'La COLLE-sur-LOUP',
    'CCAS Montpellier', 'SAINT-PARGOIRE (34)')."""
    s = s.strip()
    if not s or len(s) > 80 or "http" in s or "www." in s:
        return False
    letters = _letters(s)
    if len(letters) < 2:
        return False
    if s[-1] in ".,;:!?…»":
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    first = re.split(r"[\s(]", s)[0]
    if first.upper() in HEADER_PREFIXES and first.isupper() and len(s.split()) <= 8:
        return True
    return upper >= 0.5 and any(len(w) >= 3 and w.isupper() for w in re.findall(r"[^\W\d_]+", s))


def _title_like(s: str) -> bool:
    s = s.strip()
    return bool(s) and len(s) <= 160 and not looks_like_header(s) and "http" not in s and bool(_letters(s))


def _is_blank(s: str) -> bool:
    return not s.strip()


def _heading_like(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > 70 or len(s.split()) > 10 or "http" in s:
        return False
    if s[-1] in ".,;!?…»)" or not (s[0].isupper() or s[0].isdigit()):
        return False
    return bool(_letters(s))


@dataclass
class LaureateBlock:
    header_line: int  # 1-based
    header: str
    title_line: int
    title: str
    end_line: int
    categorie: str | None
    heading_lines: list[int] = field(default_factory=list)


_last_blocks: tuple[SourceDocument, list[LaureateBlock]] | None = None


def find_laureate_blocks(doc: SourceDocument) -> list[LaureateBlock]:
    """The laureate blocks of a document (computed once per document: recognise() and extract() both ask)."""
    global _last_blocks
    if _last_blocks is None or _last_blocks[0] is not doc:
        _last_blocks = (doc, _find_laureate_blocks(doc))
    return list(_last_blocks[1])


def _find_laureate_blocks(doc: SourceDocument) -> list[LaureateBlock]:
    lines = doc.lines
    n = len(lines)
    # start after the "résumés des dossiers lauréats" marker written in upper case (the table of contents has it
    # in lower case), else after the last palmarès line, else at the top
    start = 0
    for idx, line in enumerate(lines):
        s = line.strip()
        if re.search(r"R[ÉE]SUM[ÉE]S?\s+DES\s+DOSSIERS|DOSSIERS\s+(?:DES\s+)?LAUR[ÉE]ATS", s) and s.isupper():
            start = idx + 1
    if start == 0:
        prize_lines = [idx for idx, line in enumerate(lines) if _PRIZE_LINE.match(line)]
        if prize_lines:
            start = prize_lines[-1] + 1
    nonblank = [idx for idx in range(start, n) if not _is_blank(lines[idx])]
    headers: list[tuple[int, int]] = []  # (header idx, title idx)
    for pos, idx in enumerate(nonblank):
        if not looks_like_header(lines[idx]):
            continue
        if pos + 2 >= len(nonblank) + 1:
            continue
        if pos + 1 >= len(nonblank):
            continue
        t = nonblank[pos + 1]
        if t - idx > 2 or not _title_like(lines[t]):
            continue
        if pos + 2 >= len(nonblank):
            continue
        p = nonblank[pos + 2]
        # the summary paragraph: not a header, long enough, after a blank line (or directly)
        if looks_like_header(lines[p]):
            continue
        if len(lines[p].strip()) < 30:
            # a title wrapped on two lines: the paragraph comes next
            q = nonblank[pos + 3] if pos + 3 < len(nonblank) else None
            if q is None or p != t + 1 or looks_like_header(lines[q]) or len(lines[q].strip()) < 30:
                continue
        headers.append((idx, t))
    blocks: list[LaureateBlock] = []
    categorie: str | None = None
    for k, (h, t) in enumerate(headers):
        # domain heading lines just above the header (after the previous paragraph)
        heading: list[int] = []
        lower_bound = headers[k - 1][1] + 1 if k else start
        j = h - 1
        while j >= lower_bound and len(heading) < 3:
            s = lines[j].strip()
            if not s:
                j -= 1
                continue
            if re.fullmatch(r"\d{1,3}", s):
                j -= 1
                continue
            if _heading_like(s) and (j - 1 < lower_bound or _is_blank(lines[j - 1]) or _heading_like(lines[j - 1])
                                     or lines[j - 1].strip()[-1:] in ".!?…»)" or lines[j][:1] == " "):
                heading.insert(0, j)
                j -= 1
                continue
            break
        if heading:
            categorie = " - ".join(clean_text(lines[x]) for x in heading)
        title_end = t
        nxt = lines[t + 1] if t + 1 < n else ""
        after = lines[t + 2] if t + 2 < n else ""
        next_header = headers[k + 1][0] if k + 1 < len(headers) else -1
        if (nxt.strip() and len(nxt.strip()) < 80 and not looks_like_header(nxt) and not after.strip()
                and not re.search(r"[.!?…]\s*$", lines[t]) and t + 1 != next_header):
            title_end = t + 1  # a title wrapped on two lines
        title = clean_text(" ".join(lines[t : title_end + 1]))
        blocks.append(LaureateBlock(h + 1, clean_text(lines[h]), title_end + 1, title, 0, categorie,
                                    [x + 1 for x in heading]))
    # block ends: last non-blank line before the next block's heading / header
    for k, b in enumerate(blocks):
        nxt = (min([blocks[k + 1].header_line] + blocks[k + 1].heading_lines) - 1) if k + 1 < len(blocks) else n
        end = nxt
        while end > b.title_line and _is_blank(lines[end - 1]):
            end -= 1
        b.end_line = end
    return blocks


# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA: collectivity names
# ---------------------------------------------------------------------------------------------------------------

_LOWER_PARTICLES = {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "lès", "lez", "et", "aux", "au", "d", "l"}


def french_title_case(s: str) -> str:
    """'SAINT-REMY-EN-COMTE' -> 'Saint-Remy-en-Comte'; 'LE GRAND CHALON' -> 'Le Grand Chalon'."""
    out = []
    for i, word in enumerate(re.split(r"(\s+|-|['’])", s)):
        if not word or re.fullmatch(r"\s+|-|['’]", word):
            out.append(word)
            continue
        lw = word.lower()
        if i > 0 and lw in _LOWER_PARTICLES:
            out.append(lw)
        else:
            out.append(lw[:1].upper() + lw[1:])
    return "".join(out)


_VOWEL = re.compile(r"^[aeiouyéèêàâîïôûœhAEIOUYÉÈÊÀÂÎÏÔÛŒH]")


def _de(name: str) -> str:
    """'de Paris', "d'Orly", 'du Gosier' (Le Gosier), 'des Abymes' (Les Abymes)."""
    m = re.match(r"^(Le|Les)\s+(.*)$", name)
    if m:
        return ("du " if m.group(1) == "Le" else "des ") + m.group(2)
    if _VOWEL.match(name):
        return "d'" + name
    return "de " + name


@dataclass
class Collectivity:
    kind: str
    name: str  # proper-cased name of the territory ("Haute-Saône", "Le Grand Chalon")
    written: str  # header part as written
    article: str = ""
    arrondissement: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        base = self.name if self.arrondissement is None else f"{self.name} {self.arrondissement}"
        return (self.kind, _key(base))

    @property
    def full_name(self) -> str:
        if self.arrondissement is not None:
            n = self.arrondissement
            return f"Mairie du {n}{'er' if n == 1 else 'e'} arrondissement de {self.name}"
        art = self.article
        if self.kind == "region":
            return f"Région {self.name}"
        if self.kind == "departement":
            if art in ("du", "de la", "des"):
                return f"Département {art} {self.name}"
            if art in ("de l'", "d'") or (not art and _VOWEL.match(self.name)):
                return f"Département de l'{self.name}"
            return f"Département de {self.name}"
        if self.kind in ("ca", "cc", "cu", "metropole"):
            label = {"ca": "Communauté d'agglomération", "cc": "Communauté de communes",
                     "cu": "Communauté urbaine", "metropole": "Métropole"}[self.kind]
            kept = ("du", "de la", "des", "de l'") + (("de", "d'") if self.kind == "metropole" else ())
            if art in kept and not re.match(r"^(Le|La|Les|L')\b", self.name):
                sep = "" if art.endswith("'") else " "
                return f"{label} {art}{sep}{self.name}"
            return f"{label} {self.name}"
        if self.kind in ("ccas", "cias"):
            return f"{self.kind.upper()} {_de(self.name)}"
        if self.kind == "ville":
            return f"Ville {_de(self.name)}"
        return self.written

    @property
    def territory(self) -> str | None:
        if self.arrondissement is not None:
            n = self.arrondissement
            return f"{self.name} {n}{'er' if n == 1 else 'e'} arrondissement"
        if self.kind == "syndicat":
            return None
        return self.name


def parse_header(header: str, palmares: list[PalmaresEntry]) -> list[Collectivity]:
    """'CD DRÔME et ROMANS' -> [Département de la Drôme, Ville de Romans]; 'CA LE GRAND CHALON' -> CA."""
    raw = clean_text(header)
    raw = re.sub(r"\(\s*\d{2,3}[AB]?\s*\)", " ", raw)  # department number "(34)"
    raw = clean_text(raw)
    by_key: dict[str, list[PalmaresEntry]] = {}
    for e in palmares:
        by_key.setdefault(_key(e.name), []).append(e)

    def whole_known(s: str) -> bool:
        k, _name = _strip_kind(s)
        return _key(_name) in by_key

    parts = [raw]
    if not whole_known(raw):
        parts = [p for p in re.split(r"\s+-\s+|\s+et\s+|\s*/\s*", raw) if p.strip()]
    out = []
    for p in parts:
        kind, name, header_art = strip_kind(p)
        arr = None
        am = re.match(r"^(.*\S)\s+(\d{1,2})(?:\s*(?:e|er|ème|eme))?$", name)
        if am and kind in ("ville", None):
            name, arr = am.group(1), int(am.group(2))
        entries = by_key.get(_key(name), [])
        if kind is None:
            syndicate = re.match(r"^(SIVOM|SIVU|SI|SM|PETR|Syndicat)\b", p, re.I)
            kind = entries[0].kind if entries else ("syndicat" if syndicate else "ville")
        same_kind = [e for e in entries if e.kind == kind] or entries
        article = same_kind[0].article if same_kind else header_art
        if kind == "syndicat":
            proper = p if not p.isupper() else french_title_case(p)
            out.append(Collectivity(kind, proper, p, ""))
            continue
        header_article = re.match(r"^(le|la|les|l')\s+", fold(name) + " ")
        if same_kind:
            proper = same_kind[0].name
            if header_article and not re.match(r"^(Le|La|Les|L')\b", proper):
                proper = french_title_case(name.split()[0]) + " " + proper
        elif name.isupper() or sum(c.isupper() for c in _letters(name)) > len(_letters(name)) / 2:
            proper = _official_spelling(name, kind) or french_title_case(name)
        else:
            proper = name
        if arr is not None:
            city_entries = by_key.get(_key(name), [])
            proper = city_entries[0].name if city_entries else french_title_case(name)
        out.append(Collectivity(kind, proper, p, article, arr))
    return out


_HEADER_KINDS = [
    (r"COMMUNAUT[EÉ]\s+D['’]\s*AGGLOM[EÉ]RATION", "ca"),
    (r"COMMUNAUT[EÉ]\s+DE\s+COMMUNES", "cc"),
    (r"COMMUNAUT[EÉ]\s+URBAINE", "cu"),
    (r"CONSEIL\s+(?:D[EÉ]PARTEMENTAL|G[EÉ]N[EÉ]RAL)", "departement"),
    (r"CONSEIL\s+R[EÉ]GIONAL", "region"),
    (r"D[EÉ]PARTEMENT", "departement"),
    (r"R[EÉ]GION", "region"),
    (r"M[EÉ]TROPOLE", "metropole"),
    (r"VILLE|COMMUNE|MAIRIE", "ville"),
    (r"CCAS", "ccas"),
    (r"CIAS", "cias"),
    (r"CA|AGGLO|AGGLOM[EÉ]RATION", "ca"),
    (r"CC", "cc"),
    (r"CU", "cu"),
    (r"CD|CG", "departement"),
    (r"CR", "region"),
]
_HEADER_KIND_RE = re.compile(
    r"^(?:" + "|".join(f"(?P<k{i}>{rx})" for i, (rx, _) in enumerate(_HEADER_KINDS)) + r")\s+(?=\S)", re.IGNORECASE
)
_HEADER_ARTICLE = re.compile(r"^(DE\s+LA|DE\s+L['’]|DU|DES|DE|D['’])(?:\s+|(?<=['’]))", re.IGNORECASE)


def _strip_kind(part: str) -> tuple[str | None, str]:
    kind, name, _article = strip_kind(part)
    return kind, name


def strip_kind(part: str) -> tuple[str | None, str, str]:
    """'CA LE GRAND CHALON' -> ('ca', 'LE GRAND CHALON', ''); 'DEPARTEMENT DU NORD' -> ('departement', 'NORD', 'du');
    'LANNION-TREGOR CA' -> ('ca', 'LANNION-TREGOR', ''); 'SAINT-PARGOIRE' -> (None, 'SAINT-PARGOIRE', '')."""
    part = part.strip()
    m = _HEADER_KIND_RE.match(part)
    prefix = m.group(0).strip() if m else ""
    # "VILLE DE", "Ville de", "Communauté de communes"; abbreviations only in capitals ("CA", not "Ca")
    if m and prefix[:1].isupper() and (prefix.isupper() or len(prefix.split()[0]) > 4):
        idx = next(int(k[1:]) for k, v in m.groupdict().items() if v)
        kind = _HEADER_KINDS[idx][1]
        rest = part[m.end() :].strip()
        article = ""
        am = _HEADER_ARTICLE.match(rest)
        if am and len(rest) > am.end():
            article = re.sub(r"\s+", " ", am.group(1).lower()).replace("’", "'")
            rest = rest[am.end() :].strip()
        return kind, rest, article
    words = part.split()
    if len(words) >= 2 and words[-1].upper() in _HEADER_SUFFIXES and words[-1].isupper():
        return _HEADER_SUFFIXES[words[-1].upper()], " ".join(words[:-1]), ""
    return None, part, ""


def _official_spelling(name: str, kind: str) -> str | None:
    """The official spelling of a place written without accents ('CHAMBERY' -> 'Chambéry'), when the geography
    knows it unambiguously."""
    terr = territories_module()
    if terr is None or kind not in ("ville", "ccas", "cias", "departement", "region"):
        return None
    try:
        t = terr.resolve(name, None, allow_lieu=False)
    except Exception:
        return None
    if t is None:
        return None
    label = getattr(t, "label", None)
    if label and _key(label) == _key(name):
        return label
    return None


def _department_article_from_text(name: str, text: str) -> str:
    """'du', 'de la', "de l'", 'des' as the document writes 'département de la Haute-Saône'."""
    rx = re.compile(r"\bd[ée]partements?\s+(du|de\s+la|de\s+l['’]|des|de|d['’])\s*([A-ZÉÈÎ][\w'’\- ]{2,40})", re.I)
    for m in rx.finditer(text):
        if _key(m.group(2)).startswith(_key(name)):
            return re.sub(r"\s+", " ", m.group(1).lower()).replace("’", "'")
    return ""


# ---------------------------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------------------------

_SELF_WORDS = {"ville", "commune", "collectivite", "mairie", "municipalite", "agglomeration", "communaute",
               "intercommunalite"}


@text_cache(1 << 14)
def _initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in _LOWER_PARTICLES and w[:1].isalpha()).upper()


_CARRIES = re.compile(
    r"\s*(?:»\s*)?(?:\([^()]{0,40}\)\s*|,[^,.;]{0,60},\s*)?"
    r"(?:a|ont)?\s*(?:remporté\s+l['’]appel|port(?:e|ent)\s+(?:le|ce)\s+projet|gèrent|gère\b|pilotent|pilote\b)"
)


_PALMARES = CaselessPattern(r"palmar[èe]s", r"palmar[èe]s")
_LAUREATS = CaselessPattern(r"laur[ée]ats?", r"laur[ée]ats?")
_RESUMES = CaselessPattern(r"R[ÉE]SUM[ÉE]S?\s+DES\s+DOSSIERS", r"r[ée]sum[ée]s?\s+des\s+dossiers")


class TerritoriaExtractor(Extractor):
    family = "territoria"
    label = "Prix TERRITORIA: palmarès et résumés des dossiers lauréats"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        text = doc.text
        score = 0.0
        prize_lines = len(_PRIZE_LINE.findall(text))
        if prize_lines >= 2:
            score += 0.35
        elif prize_lines == 1:
            score += 0.15
        if _PALMARES.search(text):
            score += 0.1
        if _LAUREATS.search(text):
            score += 0.05
        if re.search(r"\bTERRITORIA\b", text):
            score += 0.2
        if _RESUMES.search(text):
            score += 0.1
        if score >= 0.3:
            blocks = find_laureate_blocks(doc)
            if len(blocks) >= 3:
                score += 0.2
        return min(score, 1.0)

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        palmares = parse_palmares(doc)
        blocks = find_laureate_blocks(doc)
        doc_text = doc.text
        parsed = [parse_header(b.header, palmares) for b in blocks]
        for cols in parsed:
            for c in cols:
                if c.kind == "departement" and not c.article:
                    c.article = _department_article_from_text(c.name, doc_text)
        # prize: unambiguous only (one palmarès entry counting "(2 fois)", one summary)
        summaries: dict[tuple[str, str], int] = {}
        for cols in parsed:
            for c in cols:
                summaries[c.key] = summaries.get(c.key, 0) + 1
        entries_by_key: dict[tuple[str, str], list[PalmaresEntry]] = {}
        for e in palmares:
            entries_by_key.setdefault((e.kind, _key(e.name)), []).append(e)
        records = []
        for b, cols in zip(blocks, parsed):
            prizes = set()
            ambiguous = False
            for c in cols:
                es = entries_by_key.get(c.key, [])
                if sum(e.count for e in es) == 1 and summaries.get(c.key) == 1:
                    prizes.add(es[0].prize)
                else:
                    ambiguous = True
            prize = prizes.pop() if len(prizes) == 1 and not ambiguous else None
            records.append(self._record(doc, b, cols, prize))
        return records

    def _record(self, doc: SourceDocument, b: LaureateBlock, cols: list[Collectivity],
                prize: str | None) -> InitiativeRecord:
        body_lines = [(i, doc.line(i)) for i in range(b.title_line + 1, b.end_line + 1)]
        body_lines = [(i, s) for i, s in body_lines if not re.fullmatch(r"\s*(?:\d{1,3}|https?://\S+|www\.\S+)\s*", s)]
        jt = JoinedText(body_lines)
        text = strip_contacts(jt.text)
        rec = InitiativeRecord(doc=doc.name, title=b.title, start=b.header_line, end=b.end_line)
        rec.categorie = b.categorie
        rec.prix = prize
        rec.text = clean_text(f"{b.title}. {text}")
        rec.description = lead_sentences(text, 600)  # the laureate's summary paragraph, as written
        porteur_keys: set[str] = set()
        for c in cols:
            rec.porteurs.append(Mention(c.full_name, b.header_line))
            porteur_keys.add(fold(c.full_name))
            porteur_keys.add(fold(c.name))
            if c.territory:
                rec.territoires.append(Mention(c.territory, b.header_line))
        self_kinds = {c.kind for c in cols}
        self_names = {_key(c.name) for c in cols}
        self_initials = {_initials(c.full_name) for c in cols}
        self_initials |= {_initials(c.name) for c in cols if len(c.name.split()) > 1}
        self_initials |= {k.upper() for k in self_kinds if k in ("ca", "cc", "cu", "ccas", "cias")}
        orgs = find_organisations(text)

        title_key = fold(b.title)
        org_initials = {_initials(o.name) for o in orgs if len(o.name.split()) > 1}
        porteur_folds = [fold(c.full_name) for c in cols] + [fold(c.written) for c in cols]

        def is_self(o: OrgMention) -> bool:
            f = fold(o.name)
            words = f.split()
            if f in porteur_keys or _key(o.name) in self_names:
                return True
            if f and (f" {f} " in f" {title_key} "):  # the initiative itself ("l'Observatoire des Mobilités")
                return True
            if any(pf.startswith(f + " ") for pf in porteur_folds):  # "SIVOM" for "SIVOM du Val Fleuri"
                return True
            if o.name.isupper() and len(o.name) <= 6:
                if o.name in self_initials or any(ini.startswith(o.name) for ini in org_initials):
                    return True
                if any(len(ini) >= 2 and (o.name.startswith(ini) or o.name.endswith(ini)) for ini in
                       {_initials(c.name) for c in cols}):
                    return True
            if words and words[0] in ("ville", "commune", "mairie", "municipalite") and len(words) <= 4 and any(
                n in f for n in self_names
            ):
                return True
            if f in ("region", "la region") and "region" in self_kinds:
                return True
            if words and words[0] == "region" and "region" in self_kinds and any(n in f for n in self_names):
                return True
            if words and words[0] == "departement" and "departement" in self_kinds and (
                len(words) == 1 or any(n in f for n in self_names)
            ):
                return True
            if f in _SELF_WORDS:
                return True
            return False

        # an organisation said to carry / manage the initiative is a co-porteur ("L'association X, fondée par ...,
        # a remporté l'appel à projet", "Le CIAS du Val Fleuri (1100 hab.) gère ...")
        for o in orgs:
            if is_self(o) or is_generic(o.name):
                continue
            after = text[o.end : o.end + 90]
            if _CARRIES.match(after):
                rec.porteurs.append(Mention(o.name, jt.line_of(o.start)))
                porteur_keys.add(fold(o.name))
        fundings = find_fundings(text, orgs)
        funder_keys = set()
        for o, phrase in fundings:
            if is_self(o):
                continue
            amounts = find_amounts(phrase)
            amount = amounts[0].value if len(amounts) == 1 else None
            rec.financements.append(Funding(o.name, jt.line_of(o.start), amount, phrase))
            funder_keys.add(fold(o.name))
        seen = set()
        for o in orgs:
            f = fold(o.name)
            if is_self(o) or f in funder_keys or f in seen:
                continue
            if is_generic(o.name):
                continue
            seen.add(f)
            rec.partenaires.append(Mention(o.name, jt.line_of(o.start)))
        for phrase, pos in find_generic_partners(text):
            if fold(phrase) in seen:
                continue
            seen.add(fold(phrase))
            rec.partenaires_generiques.append(Mention(phrase, jt.line_of(pos)))
        known_places = {fold(m.name) for m in rec.territoires} | {_key(m.name) for m in rec.territoires}
        org_spans = [(o.start, o.end) for o in orgs]
        for name, pos in find_places(text, [m.name for m in rec.territoires]):
            if fold(name) in known_places or _key(name) in known_places:
                continue
            if any(s <= pos < e for s, e in org_spans):
                continue
            known_places.add(fold(name))
            rec.territoires.append(Mention(name, jt.line_of(pos)))
        budget = find_budget(text)
        if budget:
            rec.budget, rec.budget_text, rec.budget_period = budget.value, budget.text, budget.period
        else:
            rec.budget_text = find_budget_phrase(text)
        rec.annee = find_years(text)
        rec.personnes = find_persons(text)
        return rec
