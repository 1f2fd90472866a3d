"""Resource-centre web pages converted to Markdown (a Parc's experience or publication record).

Layout: metadata blocks ``#### Télécharger :`` (link to the publication), ``#### Parc:`` (the Parc), ``#### Thème
ressource:``, ``#### Document(s) lié(s) :``, ``#### Expérience(s) liée(s) :``; the body paragraphs describing the
experience; then bold fields ``**Type de document**``, ``**Auteur(s) :**``, ``**Contributeur(s) :**``, ``**Année du
document**``, ``**Tags :**`` and ``**Source URL:**``.

One page describes one experience: one initiative whose title is the page / publication title (its main title,
before a subtitle such as ". L'expérience en marche du Parc ..."), porteur = the Parc(s) of the ``Parc`` field
(written fully as in the text: "Parc naturel régional X"), partners = organisations named in the body (a "Focus sur"
paragraph and the "avec A, B, C" list belong to the same experience), funders only where the body says money,
territory = the Parc (+ places named in the body). Authors and contributors of the publication are not partners
(they wrote the document); contributor names go to `personnes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.base import Extractor
from isgraph.extract.common import find_persons, is_generic, looks_like_person, split_actor_items, strip_contacts
from isgraph.extract.prose import (
    JoinedText,
    created_by_initiative,
    find_budget,
    find_fundings,
    find_generic_partners,
    find_organisations,
    find_places,
    find_years,
    lead_sentences,
)

_FIELD_HEADING = re.compile(r"^\s*#{2,6}\s*(?P<label>[^#:]{2,60}?)\s*:?\s*$")
_BOLD_FIELD = re.compile(r"^\s*\*\*(?P<label>[^*]{2,60}?)\s*:?\s*\*\*\s*:?\s*(?P<value>.*)$")
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)]*)\)")
_TITLE_HEADING = re.compile(r"^\s*#{1,3}\s+(?P<text>[^#].*?)\s*$")

#: metadata labels (folded prefixes) of such pages
_META_LABELS = ("telecharger", "parc", "theme", "document", "experience", "type de document", "nombre de pages",
                "auteur", "contributeur", "annee", "derniere mise a jour", "tags", "source url", "liens", "mots cles",
                "territoire", "region", "contact", "date", "partenaire", "financeur", "financement", "budget", "public",
                "porteur", "structure")


@dataclass
class Page:
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # folded label -> (line, value)
    body: list[tuple[int, str]] = field(default_factory=list)
    title_heading: tuple[int, str] | None = None


def _label_key(label: str) -> str:
    return fold(label)


def read_page(doc: SourceDocument) -> Page:
    page = Page()
    current: str | None = None
    in_links = False
    for idx, raw in enumerate(doc.lines):
        n = idx + 1
        line = raw.rstrip()
        s = line.strip()
        if not s or s in (":", "---"):
            continue
        m = _FIELD_HEADING.match(line)
        if m and any(_label_key(m.group("label")).startswith(p) for p in _META_LABELS):
            current = _label_key(m.group("label"))
            page.fields.setdefault(current, [])
            continue
        if m is None and _TITLE_HEADING.match(line) and page.title_heading is None and not page.body:
            page.title_heading = (n, clean_text(_TITLE_HEADING.match(line).group("text").strip("* ")))
            current = None
            continue
        b = _BOLD_FIELD.match(line)
        if b:
            current = _label_key(b.group("label"))
            in_links = current.startswith("liens")
            page.fields.setdefault(current, [])
            if b.group("value").strip():
                page.fields[current].append((n, b.group("value").strip()))
            continue
        if in_links or re.match(r"^\s*\[\d+\]", s):
            continue
        if current is not None:
            is_link_only = bool(_MD_LINK.fullmatch(re.sub(r"<sup>.*?</sup>", "", s).strip()))
            short = len(s) < 160 and not re.search(r"[.!?]\s*$", s)
            if is_link_only or short or current.startswith(("auteur", "contributeur", "tags", "type", "annee")):
                if not (len(s) > 160 and not is_link_only):
                    page.fields[current].append((n, s))
                    continue
            current = None
        # body paragraph
        page.body.append((n, s))
    # drop logo / navigation crumbs before the metadata (a lone short line without punctuation)
    first_meta = min((v[0][0] for v in page.fields.values() if v), default=0)
    page.body = [(n, s) for n, s in page.body if not (n < first_meta and len(s.split()) <= 3)]
    return page


def _field_values(page: Page, prefix: str) -> list[tuple[int, str]]:
    out = []
    for k, v in page.fields.items():
        if k.startswith(prefix):
            out.extend(v)
    return out


def _link_text(value: str) -> str:
    value = re.sub(r"<sup>.*?</sup>", "", value)
    m = _MD_LINK.search(value)
    return clean_text(m.group("text") if m else value)


def _main_title(text: str) -> str:
    """'Lien social et solidarités de proximité. L'expérience en marche du Parc ...' -> the main title."""
    text = clean_text(text).strip(" .")
    parts = re.split(r"(?<=[a-zéèàûô)»])\s*[.:]\s+(?=[A-ZÉÈÀL])", text, maxsplit=1)
    head = parts[0].strip()
    return head if len(head.split()) >= 2 else text


def _parc_full_name(value: str, text: str) -> str:
    """'Scarpe-Escout' -> 'Parc naturel régional Scarpe-Escout' (as the text writes it when it does)."""
    value = clean_text(value)
    if re.match(r"(?i)parc\b", value):
        return value
    rx = re.compile(r"Parc\s+naturel\s+r[ée]gional\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?" + re.escape(value),
                    re.IGNORECASE)
    m = rx.search(text)
    if m:
        return clean_text(m.group(0))
    return f"Parc naturel régional {value}"


class RessourceWebExtractor(Extractor):
    family = "ressource-web"
    label = "Page web d'un centre de ressources (fiche expérience / publication d'un Parc)"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        text = doc.text
        score = 0.0
        headings = re.findall(r"(?m)^\s*#{2,6}\s*([^#\n:]{2,60}?)\s*:?\s*$", text)
        meta = [h for h in headings if any(fold(h).startswith(p) for p in _META_LABELS)]
        if len(meta) >= 3:
            score += 0.4
        elif meta:
            score += 0.15
        bold = re.findall(r"(?m)^\s*\*\*([^*]{2,60}?)\s*:?\*\*", text)
        if sum(1 for b in bold if any(fold(b).startswith(p) for p in _META_LABELS)) >= 2:
            score += 0.25
        if re.search(r"(?im)^\s*\*\*Source URL", text) or re.search(r"(?m)^\s*\[\d+\]\s*<?https?://", text):
            score += 0.15
        if re.search(r"(?im)^\s*#{2,6}\s*Parcs?\s*:?\s*$", text):
            score += 0.15
        if len(_MD_LINK.findall(text)) >= 2:
            score += 0.05
        return min(score, 1.0)

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        page = read_page(doc)
        if not page.body and not page.fields:
            return []
        full_text = doc.text
        # title: page heading, else the downloadable publication, else the first related experience, else URL slug
        title = None
        if page.title_heading:
            title = _main_title(page.title_heading[1])
        if not title:
            dl = _field_values(page, "telecharger")
            if dl:
                title = _main_title(_link_text(dl[0][1]))
        if not title:
            src = _field_values(page, "source url")
            if src:
                slug = re.sub(r"[<>]", "", src[0][1]).rstrip("/").split("/")[-1]
                title = slug.replace("-", " ").capitalize()
        if not title and page.body:
            title = clean_text(page.body[0][1])[:100]
        parcs = []
        for n, value in _field_values(page, "parc"):
            for v in re.split(r"\s*[,;]\s*", _link_text(value)):
                if v:
                    parcs.append((n, _parc_full_name(v, full_text), v))
        body = [(n, s) for n, s in page.body if not re.fullmatch(r"\s*[-*]?\s*\[[^\]]*\]\([^)]*\)\s*(?:<sup>.*</sup>)?", s)]
        if not body:
            return []
        start = body[0][0]
        end = body[-1][0]
        jt = JoinedText([(n, re.sub(r"^\s*[-*•]\s+", "", s)) for n, s in body])
        text = strip_contacts(jt.text)
        rec = InitiativeRecord(doc=doc.name, title=title or "", start=start, end=end)
        rec.text = clean_text(f"{title}. {text}")
        rec.description = lead_sentences(text, 600)  # the page's first paragraph(s), as written
        themes = _field_values(page, "theme")
        if themes:
            rec.categorie = _link_text(themes[0][1])
        parc_keys = set()
        for n, name, short in parcs:
            rec.porteurs.append(Mention(name, n))
            rec.territoires.append(Mention(name, n))
            parc_keys.add(fold(short))
        if not parcs:
            # no Parc field: the organisation the body says launched / carries the experience, else the first author
            carrier = re.search(r"(?P<who>(?:[Ll]['’]\s*|[Ll][ae]\s+)(?:[a-zé]+\s+)?[A-ZÉÈ][^,.;]{2,80}?)\s+(?:a|ont)\s+"
                                r"(?:lancé|créé|mis en place|"
                                r"engagé|initié|conduit|porté|mené)\b", text)
            names = [o.name for o in find_organisations(carrier.group("who"))] if carrier else []
            if not names:
                names = [clean_text(v.split(",")[0]) for _, v in _field_values(page, "auteur")][:1]
            for name in names[:1]:
                rec.porteurs.append(Mention(name, jt.line_of(carrier.start()) if carrier else start))
        porteur_folds = {fold(m.name) for m in rec.porteurs}

        def is_self(name: str) -> bool:
            f = fold(name)
            if f in porteur_folds:
                return True
            words = f.split()
            if words and words[-1] == "parc" or f in ("parc", "le parc"):
                return True  # "Syndicat Mixte de gestion du Parc", "Parc"
            return any(k and k in f for k in parc_keys) and "parc" in words

        orgs = find_organisations(text)
        created = created_by_initiative(text, orgs)
        # "le Syndicat Mixte de gestion du Parc": the Parc's own body
        own = {k for k, o in enumerate(orgs) if re.match(r"\s+(?:[\w'’]+\s+){0,3}du\s+Parc\b", text[o.end : o.end + 50])}
        orgs = [o for k, o in enumerate(orgs) if k not in created and k not in own]
        funders = set()
        for o, phrase in find_fundings(text, orgs):
            if is_self(o.name):
                continue
            rec.financements.append(Funding(o.name, jt.line_of(o.start), None, phrase))
            funders.add(fold(o.name))
        seen = set()
        for o in orgs:
            f = fold(o.name)
            if is_self(o.name) or f in funders or f in seen or is_generic(o.name) or looks_like_person(o.name):
                continue
            seen.add(f)
            rec.partenaires.append(Mention(o.name, jt.line_of(o.start)))
        for phrase, pos in find_generic_partners(text):
            if fold(phrase) not in seen:
                seen.add(fold(phrase))
                rec.partenaires_generiques.append(Mention(phrase, jt.line_of(pos)))
        known = {fold(m.name) for m in rec.territoires}
        org_spans = [(o.start, o.end) for o in orgs]
        for name, pos in find_places(text, [m.name for m in rec.territoires]):
            if fold(name) in known or any(s <= pos < e for s, e in org_spans):
                continue
            known.add(fold(name))
            rec.territoires.append(Mention(name, jt.line_of(pos)))
        self._fields(page, rec, seen, funders)
        budget = find_budget(text)
        if budget and rec.budget is None:
            rec.budget, rec.budget_text, rec.budget_period = budget.value, budget.text, budget.period
        rec.annee = find_years(text)
        persons = []
        for _, value in _field_values(page, "contributeur"):
            name = clean_text(re.sub(r"\([^)]*\)", "", value))
            if name and len(name.split()) in (2, 3) and all(w[:1].isupper() for w in name.split()):
                persons.append(name)
        for _, value in _field_values(page, "contact"):
            for name in find_persons(value):
                if name not in persons:
                    persons.append(name)
        rec.personnes = persons
        return [rec]

    @staticmethod
    def _fields(page: Page, rec: InitiativeRecord, seen: set[str], funders: set[str]) -> None:
        """Structured fields of the page: Partenaires, Financeurs / Financements, Budget, Territoire, Porteur."""
        from isgraph.extract.neoterra import classify_partner

        for n, value in _field_values(page, "partenaire"):
            for it in split_actor_items(strip_contacts(_link_text(value))):
                key = fold(it.name)
                if not key or key in seen or looks_like_person(it.name):
                    continue
                seen.add(key)
                target = rec.partenaires if classify_partner(it.name) else rec.partenaires_generiques
                target.append(Mention(it.name, n))
        for label in ("financeur", "financement"):
            for n, value in _field_values(page, label):
                for item in re.split(r"\s*[;,]\s+(?=[^\d\s])|\s+et\s+(?=[A-ZÉ])", _link_text(value)):
                    amounts = find_amounts(item)
                    name = item
                    if amounts:
                        name = (item[: amounts[0].start] + item[amounts[0].end :])
                    name = clean_text(re.sub(r"\s*[:(\-–]\s*$", "", name.strip())).strip(" :()-")
                    if not name or fold(name) in funders or re.fullmatch(r"[\d\s.,€]+", name):
                        continue
                    funders.add(fold(name))
                    rec.financements.append(Funding(name, n, amounts[0].value if amounts else None, value))
        for n, value in _field_values(page, "budget"):
            amounts = find_amounts(value)
            if amounts and rec.budget is None:
                rec.budget, rec.budget_text = amounts[0].value, clean_text(value)
                rec.budget_period = "annuel" if amounts[0].yearly else None
        known = {fold(m.name) for m in rec.territoires}
        for n, value in _field_values(page, "territoire"):
            for v in re.split(r"\s*[,;]\s*", _link_text(value)):
                if v and fold(v) not in known:
                    known.add(fold(v))
                    rec.territoires.append(Mention(v, n))
        porteur_keys = {fold(m.name) for m in rec.porteurs}
        for label in ("porteur", "structure"):
            for n, value in _field_values(page, label):
                for it in split_actor_items(_link_text(value)):
                    if fold(it.name) not in porteur_keys and not looks_like_person(it.name):
                        porteur_keys.add(fold(it.name))
                        rec.porteurs.append(Mention(it.name, n))
