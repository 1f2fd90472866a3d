"""Slide decks converted to text: a general talk, then the presentation of one or more initiatives.

Layout: slides are separated by runs of empty lines; a slide heading is its first or last short line ("HISTORIQUE",
"FONCTIONNEMENT", "LE BUDGET", "Les objectifs", "La semaine du goût"). An initiative starts at a title slide that
names it and its carrying structure ("Panier, (PANIER d'Initiatives Et d'Ressources) une épicerie sociale gérée par un
CCAS"), or, failing that, at the short slide just before the first slide with a section heading (HISTORIQUE,
FONCTIONNEMENT, BUDGET...). It runs to the end of the deck (closing "Merci ..." slide excluded) or to the next title
slide. Inside an initiative, a named slide heading followed within three slides by an "objectifs" heading starts a
sub-initiative (a project of the structure with its own objectives and partners, e.g. a yearly event).

Read from the slides: budget (DÉPENSES / RECETTES / BUDGET totals), funders ("Subventions (A, B, C) 55 000 €",
"financement X et Y"), partners ("Partenaires :", "Structures associées :", "partenaires (A, B, C...)"), places
stated in the prose (a partner's name that contains a town is not a territory), years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold, fold_parts
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.base import Extractor
from isgraph.extract.common import is_generic, lines_holding, organisation_type, simple_case, split_actor_items, strip_contacts
from isgraph.extract.neoterra import _ARTICLE, classify_partner
from isgraph.extract.prose import JoinedText, find_budget, find_organisations, find_places, find_years

# ---------------------------------------------------------------------------------------------------------------
# vocabularies: section headings of presentation decks, carrying-structure phrases, money words
# ---------------------------------------------------------------------------------------------------------------

_STRUCTURAL = re.compile(
    r"^(?:le\s+|la\s+|les\s+|l['’]\s*|une?\s+|nos\s+|notre\s+)?"
    r"(?:historique|histoire|fonctionnement|budget|financements?|objectifs?|actions?(?:\s+\w+)?|pourquoi|comment"
    r"|partenaires?|partenariats?(?:\s+[\w ]+)?|organisation|programme|points?\s+forts?|points?\s+faibles?"
    r"|conclusion|[ée]valuation|bilan|perspectives?|contexte|publics?|missions?|gouvernance|moyens|r[ée]sultats"
    r"|th[èe]me\s+annuel(?:\s+[\w ]+)?|un\s+th[èe]me\s+annuel(?:\s+[\w ]+)?|calendrier|[ée]quipe|modalit[ée]s)\s*\??\s*$",
    re.IGNORECASE,
)
_OBJECTIVES = re.compile(r"^(?:les\s+|nos\s+)?objectifs?\b", re.IGNORECASE)
_CARRIER = re.compile(
    r"\b(?:(?:g[ée]r[ée]e?s?|port[ée]e?s?|anim[ée]e?s?|pilot[ée]e?s?|cr[ée][ée]e?s?|initi[ée]e?s?|conduite?s?|"
    r"mise?\s+en\s+(?:place|œuvre|oeuvre))\s+par"
    r"|(?:un|une)\s+(?:projet|action|service|dispositif|initiative|structure)\s+(?=d[eu]s?\b|d['’]))"
    r"\s*(?P<who>[^.;]{2,80})",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"\bmerci\b|\bdes\s+questions\b|place\s+aux\s+d[ée]bats|rendez[- ]vous\s+pour", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·●▪◦►\-–*]|[\ue000-\uf8ff])")

_TOTAL_RE = re.compile(
    r"\b(?P<cue>D[ÉE]PENSES|RECETTES|BUDGET(?:\s+(?:TOTAL|GLOBAL|ANNUEL|PR[ÉE]VISIONNEL))?|TOTAL|"
    r"[Bb]udget(?:\s+(?:total|global|annuel|prévisionnel))?|[Dd][ée]penses\s+totales|[Rr]ecettes\s+totales)\s*:\s*",
)
_FUND_LIST = re.compile(
    r"\b(?P<cue>[Ss]ubventions?|[Ff]inancements?|[Ff]inanceurs|[Pp]artenaires\s+financiers|[Cc]ofinancements?"
    r"|[Aa]ides?\s+financi[èe]res?|[Mm][ée]c[ée]nat|[Dd]ons)\s*"
    r"(?:\((?P<paren>[^()]{2,200})\)|:\s*(?P<colon>[^.;:•¶]{2,200})|(?P<bare>(?:d[eu]s?\s+|de\s+la\s+|par\s+)?[A-Z][^.;:()•¶]{1,120}))",
)
_PARTNER_LIST = re.compile(
    r"(?:\b(?:[Pp]artenaires|[Ss]tructures\s+associ[ée]es|[Aa]cteurs\s+associ[ée]s|[Aa]vec\s+le\s+soutien\s+de)\s*:\s*"
    r"(?P<colon>[^•¶]{2,600}?)(?=\s*(?:•|¶|$|(?:[A-ZÉÈ]{2,}\s+){2,})))"
    r"|(?:\b[Pp]artenaires\b[^()•]{0,40}\((?P<paren>[^()]{2,300})\))",
)


@dataclass
class Slide:
    start: int  # 1-based line numbers
    end: int
    lines: list[tuple[int, str]]  # non-empty lines

    @property
    def text(self) -> str:
        try:
            return self._text
        except AttributeError:  # first use (the lines never change)
            self._text: str = " ".join(clean_text(s) for _, s in self.lines)
            return self._text


_CLOSING_WORDS = ("merci", "questions", "bats", "rendez")  # one of them is in every match of _CLOSING


def _may_close(text: str) -> bool:
    """False when no line of the text can match _CLOSING: where re.IGNORECASE is plain comparison of lowered text
    (SIMPLE_CASE_CHARS), a text without any of the words cannot."""
    return not simple_case(text) or any(w in text.lower() for w in _CLOSING_WORDS)


def _closing_candidates(doc: SourceDocument) -> set[int] | None:
    """Indexes of the lines that may match _CLOSING (the lines holding one of the words), None for every line."""
    return lines_holding(doc.lines, _CLOSING_WORDS)


def _may_thank(text: str) -> bool:
    """False when 'merci (pour|de) votre attention' cannot be in the text (same quick test as _may_close)."""
    return not simple_case(text) or "attention" in text.lower()


def _is_closing(line: str) -> bool:
    """bool(_CLOSING.search(line)), with the quick test first."""
    return _may_close(line) and bool(_CLOSING.search(line))


def split_slides(doc: SourceDocument) -> list[Slide]:
    """Slides = blocks separated by two or more consecutive empty lines."""
    slides: list[Slide] = []
    current: list[tuple[int, str]] = []
    empty_run = 0
    last_closing = False  # whether current[-1] is a closing line
    candidates = _closing_candidates(doc)
    for idx, line in enumerate(doc.lines):
        n = idx + 1
        if line == "":
            empty_run += 1
            if empty_run >= 2 and current:
                slides.append(Slide(current[0][0], current[-1][0], current))
                current = []
            continue
        empty_run = 0  # a line of spaces is a blank line inside a slide
        if not line.strip():
            continue
        # a closing line ("Merci de votre attention", "Et place aux débats") is a slide of its own
        closing = (candidates is None or idx in candidates) and len(line.strip()) <= 60 and _is_closing(line)
        prev_closing = bool(current) and last_closing
        if current and (closing or prev_closing) and not (closing and prev_closing):
            slides.append(Slide(current[0][0], current[-1][0], current))
            current = []
        current.append((n, line))
        last_closing = closing
    if current:
        slides.append(Slide(current[0][0], current[-1][0], current))
    return slides


def _short(s: str) -> bool:
    s = clean_text(s)
    return bool(s) and len(s.split()) <= 8 and len(s) <= 70 and not _BULLET.match(s) or bool(_STRUCTURAL.match(s))


def slide_heading(slide: Slide) -> str | None:
    """The heading of a slide: a structural heading on its first or last line, else its last (or first) short line."""
    if not slide.lines:
        return None
    first = clean_text(slide.lines[0][1])
    last = clean_text(slide.lines[-1][1])
    for cand in (last, first):
        if _STRUCTURAL.match(cand):
            return cand
    if len(slide.lines) > 1 and _short(last) and not re.search(r"[.,;]$", last) and not _BULLET.match(slide.lines[-1][1]):
        return last
    if _short(first) and not _BULLET.match(slide.lines[0][1]):
        return first
    return None


def _is_structural(heading: str | None) -> bool:
    return bool(heading and _STRUCTURAL.match(heading))


@dataclass
class Section:
    title: str
    alt: str | None
    porteur: str | None
    kind: str | None  # "une épicerie sociale"
    slides: list[Slide]
    parent: Section | None = None


def _title_from_slide(slide: Slide) -> tuple[str, str | None, str | None, str | None]:
    """(title, expansion in parentheses, porteur, kind) from a title slide."""
    lines = [clean_text(s) for _, s in slide.lines]
    text = " ".join(lines)
    porteur = None
    kind = None
    m = _CARRIER.search(text)
    if m:
        who = re.sub(r"^(?:(?:de\s+la|du|des|de|un|une|le|la|les)\s+|(?:de\s+)?l['’]\s*|d['’]\s*)", "",
                     m.group("who").strip(" ,.")).strip()
        porteur = who
        before = text[: m.start()].strip(" ,")
        km = re.search(r"\b(?:un|une)\s+([^,()]{3,60})$", before)
        if km:
            kind = clean_text(km.group(0))
    alt = None
    am = re.search(r"\(([^()]{3,80})\)", text)
    if am:
        alt = clean_text(am.group(1))
    title = lines[0].strip(" ,;:-")
    if title.startswith("(") and len(lines) > 1:
        title = lines[1].strip(" ,;:-")
    return title, alt, porteur, kind


def find_sections(doc: SourceDocument) -> list[Section]:
    slides = split_slides(doc)
    starts: list[int] = []
    for k, s in enumerate(slides):
        if len(s.lines) <= 8 and _CARRIER.search(s.text) and len(s.text) <= 300:
            starts.append(k)
    if not starts:
        # the short slide just before the first structural heading (HISTORIQUE, FONCTIONNEMENT, ...)
        for k, s in enumerate(slides):
            h = slide_heading(s)
            if h and re.match(r"(?i)^(?:l['’]\s*)?(historique|histoire|fonctionnement|pr[ée]sentation|le\s+projet)\b", h):
                if k > 0 and len(slides[k - 1].lines) <= 4:
                    starts.append(k - 1)
                break
    sections: list[Section] = []
    for idx, k in enumerate(starts):
        stop = starts[idx + 1] if idx + 1 < len(starts) else len(slides)
        body = slides[k:stop]
        # closing slides ("Merci de votre attention", "place aux débats") end the section
        cut = len(body)
        for j in range(1, len(body)):
            if _CLOSING.search(body[j].text) and len(body[j].text) < 200:
                cut = j
                break
        body = body[:cut]
        title, alt, porteur, kind = _title_from_slide(body[0])
        main = Section(title, alt, porteur, kind, body)
        sections.append(main)
        # sub-initiatives: a named heading followed within three slides by an "objectifs" heading
        heads = [slide_heading(s) for s in body]
        subs: list[int] = []
        for j in range(1, len(body)):
            h = heads[j]
            if not h or _is_structural(h) or _CLOSING.search(h) or h.endswith((",", ";", ":")) or len(h.split()) > 6:
                continue
            # its own objectives: an "objectifs" slide within the next three, with no other named heading between
            for x in range(j + 1, min(j + 4, len(body))):
                if heads[x] and _OBJECTIVES.match(heads[x]):
                    break
                if heads[x] and not _is_structural(heads[x]):
                    x = None
                    break
            else:
                x = None
            if x is None:
                continue
            # introduced earlier as a project of the structure ("un projet commun dans le cadre de la semaine du goût")
            core = fold(re.sub(r"^(?:la|le|les|l['’]|une?)\s*", "", h, flags=re.I))
            earlier = fold_parts(sl.text for sl in body[:j])
            if core and core in earlier:
                subs.append(j)
        if subs:
            main.slides = body[: subs[0]]
            for si, j in enumerate(subs):
                end = subs[si + 1] if si + 1 < len(subs) else len(body)
                h = heads[j] or body[j].text[:60]
                sections.append(Section(h, None, porteur, None, body[j:end], parent=main))
    return sections


# ---------------------------------------------------------------------------------------------------------------
# fields
# ---------------------------------------------------------------------------------------------------------------


def _cut_prose(item: str) -> str:
    """'le service médiation santé Toute la semaine mise à disposition ...' -> 'le service médiation santé'."""
    m = re.search(r"(?<=[a-zéèêàç]{3})\s+[A-ZÉÈ][a-zéèêàç]+\s+(?:la|le|les|l['’]|un|une|des|du)\s", item)
    return item[: m.start()] if m else item


def _partner_items(text: str, skip_members: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    out = []
    for m in _PARTNER_LIST.finditer(text):
        group = "colon" if m.group("colon") else "paren"
        chunk = m.group(group)
        base = m.start(group)
        if skip_members:
            # the services of the carrying structure "le CCAS (accueil de jour, Ehpad, ...)" are not partners
            chunk = re.sub(rf"(\b(?:{'|'.join(re.escape(k) for k in skip_members)})\s*)\([^()]*\)",
                           lambda mm: mm.group(1) + " " * (len(mm.group(0)) - len(mm.group(1))), chunk,
                           flags=re.IGNORECASE)
        for it in split_actor_items(chunk):
            name = _cut_prose(clean_text(it.name)).strip(" .…,;")
            name = re.split(r"(?<=[a-zéè])\.\s+(?=[A-ZÉ])", name)[0]  # "... de la ville. Proposition d'une ..."
            name = _ARTICLE.sub("", name)
            if not name or len(name) > 80:
                continue
            pos = chunk.find(name.split()[0])
            out.append((name, base + max(pos, 0)))
    return out


_FUNDER_WORDS = {fold(w) for w in "fonds conseil région département caisse fondation état etat europe union ville "
                 "commune communauté métropole agence ministère".split()}


def _split_funders(item: str) -> list[str]:
    """'CRP et fonds Européens' -> ['CRP', 'fonds Européens']; 'Caisse des dépôts et consignations' is one funder."""
    parts = re.split(r"\s+(?:et|&)\s+", item)
    out = [parts[0]]
    for right in parts[1:]:
        left = out[-1]
        left_acr = bool(re.fullmatch(r"[A-Z][A-Z0-9&.'-]+", left.split()[-1])) if left.split() else False
        first = fold(right).split()[0] if right.split() else ""
        if left_acr or first in _FUNDER_WORDS:
            out.append(right)
        else:
            out[-1] = f"{left} et {right}"
    return out


def _funding_items(text: str) -> list[tuple[str, int, str, object]]:
    """(funder, offset, phrase, amount) from 'Subventions (A, B) 55 000 €', 'financement X et Y'."""
    out = []
    for m in _FUND_LIST.finditer(text):
        group = next(g for g in ("paren", "colon", "bare") if m.group(g))
        chunk = m.group(group)
        base = m.start(group)
        if group == "bare":
            chunk = re.sub(r"^(?:d[eu]s?\s+|de\s+la\s+|par\s+)", "", chunk)
            # stop at the first lowercase word that is not part of a name ("X et fonds Européens" kept)
            words = chunk.split()
            keep = []
            for w in words:
                if keep and w[:1].islower() and fold(w) not in ("et", "de", "du", "des", "la", "le", "fonds", "l") \
                        and not (keep[-1].lower() in ("fonds",) and w[:1].isalpha()):
                    break
                keep.append(w)
            chunk = " ".join(keep)
        tail = text[m.end() : m.end() + 25]
        amounts = find_amounts(tail)
        amount = amounts[0].value if amounts and amounts[0].start < 8 else None
        phrase_end = m.end() + (amounts[0].end if amount is not None else 0)
        phrase = clean_text(text[m.start() : phrase_end])
        items = [clean_text(it.name).strip(" .…") for it in split_actor_items(chunk)]
        items = [part for i in items for part in _split_funders(i)]
        items = [_ARTICLE.sub("", i) for i in items if i]
        items = [i for i in items if i and not re.fullmatch(r"[\d\s.,€]+", i)]
        for it in items:
            pos = chunk.find(it.split()[0])
            out.append((it, base + max(pos, 0), phrase, amount if len(items) == 1 else None))
    return out


def _budget(text: str):
    totals = []
    for m in _TOTAL_RE.finditer(text):
        amounts = find_amounts(text[m.end() : m.end() + 30])
        if amounts and amounts[0].start == 0:
            totals.append((amounts[0].value, clean_text(text[m.start() : m.end() + amounts[0].end]), m.group("cue")))
    if totals:
        value = max(v for v, _, _ in totals)
        phrase = " ; ".join(dict.fromkeys(p for _, p, _ in totals))
        period = "annuel" if any("annuel" in c.lower() for _, _, c in totals) else None
        return value, phrase, period
    b = find_budget(text)
    if b:
        return b.value, b.text, b.period
    return None


_DECK_YEARS = re.compile(r"\b(?:[Pp]our|[Ee]n|[Dd]epuis)\s+(?P<a>(?:19[5-9]\d|20[0-4]\d))\s*[,:]")
_MONTH_YEAR = re.compile(r"\b(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
                         r"d[ée]cembre)\s+(?P<a>(?:19[5-9]\d|20[0-4]\d))\b", re.IGNORECASE)


class DiaporamaExtractor(Extractor):
    family = "diaporama"
    label = "Diaporama (présentation orale) présentant une ou plusieurs initiatives"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        lines = [ln for ln in doc.lines if ln.strip()]
        if not lines:
            return 0.0
        score = 0.0
        text = doc.text
        if _may_thank(text) and re.search(r"merci\s+(?:pour|de)\s+votre\s+attention", text, re.IGNORECASE):
            score += 0.3
        slides = split_slides(doc)
        if len(slides) >= 10:
            score += 0.15
        short = sum(1 for ln in lines if len(ln.strip()) < 65) / len(lines)
        if short >= 0.8:
            score += 0.1
        heads = sum(1 for h in map(slide_heading, slides) if _is_structural(h) and h.isupper())
        if heads >= 3:
            score += 0.2
        elif heads:
            score += 0.1
        if any(len(s.lines) <= 8 and len(s.text) <= 300 and _CARRIER.search(s.text) for s in slides):
            score += 0.15
        if re.search(r"(?m)^\s*(?:Probl[ée]matique|Conclusion|Introduction|Sommaire|Plan)\s*$", text):
            score += 0.1
        return min(score, 1.0)

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        records = []
        for sec in find_sections(doc):
            records.append(self._record(doc, sec))
        return records

    def _record(self, doc: SourceDocument, sec: Section) -> InitiativeRecord:
        # bullets are kept as "•" separators and slide starts as "¶" (lists and names never run across them)
        numbered = []
        headings = []
        for sl in sec.slides:
            h = slide_heading(sl)
            for k, (n, s) in enumerate(sl.lines):
                is_heading = bool(h) and clean_text(s) == h
                mark = "¶ " if k == 0 or is_heading else ("• " if _BULLET.match(s) else "")
                numbered.append((n, mark + _BULLET.sub("", s).strip()))
                if h and clean_text(s) == h and (_is_structural(h) or h.isupper()):
                    headings.append(n)
        jt = JoinedText(numbered)
        text = strip_contacts(jt.text)
        # the prose without section headings ("POURQUOI ?", "LE BUDGET"), for organisations and places
        prose_jt = JoinedText([(n, s) for n, s in numbered if n not in headings])
        prose = strip_contacts(prose_jt.text)
        start = sec.slides[0].start
        end = sec.slides[-1].end
        rec = InitiativeRecord(doc=doc.name, title=sec.title, start=start, end=end)
        rec.text = clean_text(f"{sec.title}. {sec.kind or ''} {text}")
        porteur = sec.porteur
        if not porteur:
            # no "géré par ..." phrase: the first organisation named on the title slide
            orgs = find_organisations(sec.slides[0].text)
            porteur = orgs[0].name if orgs else None
        if porteur:
            rec.porteurs.append(Mention(porteur, start))
        porteur_keys = {fold(porteur)} if porteur else set()
        # budget
        b = _budget(text)
        if b:
            rec.budget, rec.budget_text, rec.budget_period = b
        # funders
        funder_keys = set()
        for name, pos, phrase, amount in _funding_items(text):
            if fold(name) in porteur_keys or fold(name) in funder_keys:
                continue
            funder_keys.add(fold(name))
            rec.financements.append(Funding(name, jt.line_of(pos), amount, phrase))
        # partners
        seen = set(porteur_keys) | funder_keys
        list_spans = []
        for m in _PARTNER_LIST.finditer(text):
            list_spans.append((m.start(), m.end()))
        members = tuple(m.name for m in rec.porteurs)
        for name, pos in _partner_items(text, members):
            key = fold(name)
            if key in seen or key in ("ville", "la ville", "commune"):
                continue
            if any(set(key.split()) < set(fold(p.name).split()) for p in rec.partenaires):
                continue  # "CADA" after "CADA de Vierzon"
            seen.add(key)
            named = classify_partner(name) or organisation_type(name) in ("departement", "region", "etat", "caf",
                                                                             "europe")
            if named and not is_generic(name):
                rec.partenaires.append(Mention(name, jt.line_of(pos)))
            else:
                rec.partenaires_generiques.append(Mention(name, jt.line_of(pos)))
        # organisations named in the prose with a partnership cue (outside the lists)
        prose_lists = [(m.start(), m.end()) for m in _PARTNER_LIST.finditer(prose)]
        prose_funds = [(m.start(), m.end()) for m in _FUND_LIST.finditer(prose)]
        orgs = find_organisations(prose)
        for o in orgs:
            if any(s <= o.start < e for s, e in prose_lists + prose_funds):
                continue
            key = fold(o.name)
            before = prose[max(0, o.start - 40) : o.start]
            if key in seen or not re.search(r"(?:partenariat|collaboration|lien|associ\w*)\s+avec\s+(?:la\s+|le\s+|les\s+|l['’]\s*)?$"
                                            r"|avec\s+(?:le\s+soutien|l['’]appui|le\s+concours)\s+d[eu]s?\s+(?:la\s+|l['’]\s*)?$",
                                            before, re.I):
                continue
            seen.add(key)
            rec.partenaires.append(Mention(o.name, prose_jt.line_of(o.start)))
        # places stated in the prose (not inside partner / funder lists or organisation names)
        spans = prose_lists + prose_funds + [(o.start, o.end) for o in orgs]
        known: set[str] = set()
        for name, pos in find_places(prose):
            if any(s <= pos < e for s, e in spans) or fold(name) in known:
                continue
            known.add(fold(name))
            rec.territoires.append(Mention(name, prose_jt.line_of(pos)))
        years = set(find_years(text))
        for rx in (_DECK_YEARS, _MONTH_YEAR):
            years.update(int(m.group("a")) for m in rx.finditer(text))
        rec.annee = sorted(years)
        return rec
