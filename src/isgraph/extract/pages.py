"""Page-level readings of the generic reader: which lines of a document belong to which project when its layout
says so rather than its headings. A project's page whose card is followed by more of its own sections (a
crowdfunding page's '## Avec le soutien de', an operation sheet's 'Résumé'); a directory of structures, one entry
each, placed by its postcode; a social-network post, one project per paragraph opening on a pictogram; funding told
away from the project it names ('Le programme Seconde Maille a bénéficié …' in a 'Financement' section, 'Chaque
projet reçoit une bourse de 8 000 € …' above the list); the organisation a page presents ('X est une association
…'); a field saying 'Ensemble du département'.

Pure functions over the cleaned lines (`blocks.Line`); `generique.reader.GeneriqueExtractor` turns what they find into
records."""

from __future__ import annotations

import re

from isgraph.extract.amounts import find_amounts
from isgraph.extract.blocks import Card, Line, card_field, is_other_section, looks_like_heading, merged_fields, sections
from isgraph.extract.common import looks_like_person, strip_contacts
from isgraph.extract.cues import assign_roles
from isgraph.extract.mentions import _orgs
from isgraph.extract.records import Funding, InitiativeRecord
from isgraph.extract.titles import headline_name
from isgraph.normalize import clean_text, fold


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-ZÉÈÀÂ«])")  # the sentences of one line
_EACH_PROJECT = re.compile(r"(?i)^(?:chaque|chacun(?:e)?\s+des)\s+(?:\w+\s+)?(?:projets?|lauréats?|lauréates?|structures?|"
                           r"initiatives?|porteu(?:r|se)s?(?:\s+de\s+projets?)?|associations?|équipes?)\b")


def _each_project_funders(lines: list[Line], before: int) -> list[Funding]:
    """'Chaque projet reçoit une bourse d'amorçage de 8 000 € financée par la Région Bretagne.' above the projects:
    each one's funding, with that amount (document level)."""
    out: list[Funding] = []
    for ln in lines:
        if ln.n >= before:
            break
        for sent in _SENTENCE_BREAK.split(ln.text):
            amounts = find_amounts(sent)
            if not _EACH_PROJECT.match(sent) or len(amounts) != 1:
                continue
            text = strip_contacts(sent)
            for rf in assign_roles(text, _orgs(text)):
                if rf.role == "financeur":
                    out.append(Funding(rf.org.name, ln.n, amounts[0].value, rf.phrase, True))
    return out


_ACTIVITY_LABEL = re.compile(r"(?i)^(?:activités?|objet|missions?|description|ce\s+que\s+nous\s+faisons|"
                             r"domaines?\s+d['’]activité|services?)\s*:\s*(?P<v>.*)$")
_ADDRESS = re.compile(r"(?i)^(?:adresse|siège|coordonnées|lieu)\s*:\s*(?P<v>.*)$")
_POSTCODE_COMMUNE = re.compile(r"\b(?P<cp>(?:[0-8]\d|9[0-5]|97)\d{3})\s+(?P<c>[A-ZÉÈÀÂÎÔ][\w'’ -]{1,50}?)\s*(?:$|[,;.(])")


def _postcode_place(text: str) -> str | None:
    """'4 rue de Brest, 29600 Morlaix' -> 'Morlaix (Finistère)': the commune of a postal address, with the
    département of its postcode (never the street's 'Brest')."""
    from isgraph.resolve import territories

    m = _POSTCODE_COMMUNE.search(text)
    if m is None:
        return None
    cp = m.group("cp")
    code = cp[:3] if cp.startswith("97") else ("2A" if cp[:3] in ("200", "201") else "2B") if cp.startswith("20") \
        else cp[:2]
    dep = territories.get(f"departement-{code}")
    commune = clean_text(m.group("c"))
    return f"{commune} ({dep.label})" if dep is not None else commune


def _directory_entries(lines: list[Line], raw: list[str]) -> list[tuple[Line, list[Line], list[Line],
                                                                       tuple[int, str, str] | None]]:
    """The entries of a directory of structures: sections under a heading naming one, each stating what it does
    ('Activité : …') and where it is ('Adresse : … 29600 Morlaix'); [] unless there are two. Each entry: (heading,
    its lines, its activity lines, (line, address, commune) or None)."""
    out = []
    secs = [sec for sec in sections(lines) if sec.heading is not None]
    for k, sec in enumerate(secs):
        if not sec.lines:
            continue
        activity = [Line(ln.n, m.group("v")) for ln in sec.lines if (m := _ACTIVITY_LABEL.match(ln.text))
                    and m.group("v").strip()]
        # (the address lines are left out of the cleaned lines: read in the document's own lines)
        last = secs[k + 1].heading.n - 1 if k + 1 < len(secs) else len(raw)
        addresses = [(n, m.group("v")) for n in range(sec.heading.n + 1, last + 1)
                     if (m := _ADDRESS.match(clean_text(raw[n - 1]).strip(" *-")))]
        placed = [(n, v, p) for n, v in addresses if (p := _postcode_place(v))]
        if activity and addresses:
            out.append((sec.heading, sec.lines, activity, placed[0] if placed else None))
    return out if len(out) >= 2 else []


_WHOLE_AREA = re.compile(r"(?i)^(?:sur\s+)?(?:l['’]\s*)?(?:ensemble\s+du|tout\s+le|toute\s+la|ensemble\s+de\s+la)\s+"
                         r"(département|région|territoire\s+départemental|territoire\s+régional)\s*\.?$")


def _document_area(names: tuple[str, ...], kind: str) -> str | None:
    """The one département (or région) among the places a document names, or None."""
    from isgraph.resolve import territories

    found = {t.label for t in (territories.resolve(x, None, allow_lieu=False) for x in names)
             if t is not None and t.kind == kind}
    return found.pop() if len(found) == 1 else None


def _distinctive(title: str) -> bool:
    """A title another sentence can name without ambiguity: a proper name ('Seconde Maille') or three words or more
    ('Couture en partage'), not a common noun ('Atelier vélo')."""
    words = title.split()
    return len(title) >= 6 and (len(words) >= 3 or any(w[:1].isupper() for w in words[1:]))


def _funded_elsewhere(recs: list[InitiativeRecord], lines: list[Line]) -> None:
    """'Le programme Seconde Maille a bénéficié d'une aide de 180 000 € de la Région …' in a 'Financement' section
    below the activities: the funding of the one initiative the sentence names, outside its own lines."""
    keys = [(r, re.compile(rf"(?<!\w){re.escape(fold(r.title))}(?!\w)")) for r in recs if _distinctive(r.title)]
    if not keys:
        return
    for ln in lines:
        for sent in _SENTENCE_BREAK.split(ln.text):
            f = fold(sent)
            named = [r for r, k in keys if k.search(f)]
            if len(named) != 1 or named[0].start <= ln.n <= named[0].end:
                continue
            rec = named[0]
            text = strip_contacts(sent)
            have = {fold(x.funder) for x in rec.financements}
            for rf in assign_roles(text, _orgs(text)):
                if rf.role == "financeur" and fold(rf.org.name) not in have:
                    have.add(fold(rf.org.name))
                    rec.financements.append(Funding(rf.org.name, ln.n, rf.amount, rf.phrase))


_PRESENTED = re.compile(r"^(?P<n>(?:(?:Les|La|Le|L['’])\s*)?[A-ZÉÈÀÂÎÔ][\w'’-]*(?:\s+(?:(?:de|du|des|d['’]|la|le|les|en|et|à)\s*)?"
                        r"[A-ZÉÈÀÂÎÔ0-9][\w'’-]*){0,6})\s*,?\s+(?:c['’]est|est)\s+(?:une?|la|le)\s+(?:\w+\s+)?"
                        r"(?:association|coop[ée]rative|scic|scop|entreprise|soci[ée]t[ée]|structure|r[ée]gie|"
                        r"f[ée]d[ée]ration|fondation|atelier\s+et\s+chantier|chantier|tiers-lieu|collectif|"
                        r"groupement|r[ée]seau)\b")


def _presented_org(lines: list[Line]) -> tuple[str, Line] | None:
    """'Les Ateliers du Fil Rouge est une association loi de 1901 …' at the top of the page (an encyclopedia's
    article, an association's own page): the organisation the page presents, (name, the line naming it)."""
    for ln in lines[:6]:
        m = _PRESENTED.match(ln.text)
        if m and not looks_like_person(m.group("n")) and fold(m.group("n").split()[0]) not in ("il", "elle", "ce", "cette"):
            return clean_text(m.group("n")), ln
    return None


# what a body lends or gives in kind ('mise à disposition du bâtiment pour 1 € symbolique', 'prêt de locaux')
_IN_KIND = re.compile(r"(?i)\b(?:mise\s+à\s+disposition|met\s+à\s+disposition|prêt\s+(?:de|du|des|d['’])|"
                      r"accompagnement\s+technique|ingénierie|en\s+nature|locaux)\b")


def _whole_page_card(cards: list[Card], lines: list[Line]) -> Card:
    """One project's page whose card ('Porté par : X', 'Bénéficiaire : Y') is followed by sections of prose or
    fields of no other project ('## Le projet', '## Budget global', '## Avec le soutien de', '## Résumé de
    l'opération'): one card over the whole page, so that the money and partners told below are the project's.
    Sections that are no part of it ('Contact', 'Mentions légales', 'À lire aussi') stay out; a card with no title
    is titled by the page's heading above it."""
    first = cards[0]
    fields = merged_fields(cards)
    in_fields = {n for vals in fields.values() for n, _ in vals}
    body, end, skip = list(first.body), first.end, False
    for k, ln in enumerate(lines):
        if ln.n <= first.end:
            continue
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        if ln.heading or looks_like_heading(ln, nxt):
            skip = is_other_section(ln.text)
        if skip:
            continue
        end = ln.n
        if ln.n not in in_fields and not ln.heading:
            body.append(ln)
    title = first.title
    if title is None:
        head = next((ln for ln in lines if ln.n < first.start and ln.heading
                     and (card_field(ln) or ("autre",))[0] == "autre"), None)
        if head is not None:
            title = (head.n, headline_name(head.text))
    return Card(min(first.start, title[0]) if title else first.start, end, title, fields, body)


def _pictogram(ch: str) -> bool:
    """An emoji or a pictogram ('🚐', '👵', '🌱', '✅', '➡'), as social-network posts open their paragraphs."""
    import unicodedata

    return unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF


def _pictogram_projects(lines: list[Line]) -> list[Line]:
    """The paragraphs of a post that each open on a pictogram and tell a project of their own, naming the
    organisation that carries it ('🚐 L'épicerie itinérante « Panier Voyageur », portée par l'association X …',
    '🌱 Enfin, la SCIC Y crée une légumerie …'); [] unless there are two with different porteurs."""
    told, porteurs = [], set()
    for ln in lines:
        if ln.heading or len(ln.text.split()) < 15 or not _pictogram(ln.text.lstrip()[:1] or " "):
            continue
        text = strip_contacts(ln.text)
        p = next((rf.org.name for rf in assign_roles(text, _orgs(text)) if rf.role == "porteur"), None)
        if p is None:
            continue
        told.append(ln)
        porteurs.add(fold(p))
    return told if len(told) >= 2 and len(porteurs) == len(told) else []
