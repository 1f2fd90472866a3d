"""Patterns and small readers shared by the generic reader's parts (`isgraph.extract.generique`)."""

from __future__ import annotations

import re
from dataclasses import replace
from bisect import bisect_left, bisect_right
from isgraph.extract.amounts import find_amounts
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract import common
from isgraph.extract.blocks import Line, is_placeholder, quoted
from isgraph.extract.titles import _PLACED_OPENING, told_title
from isgraph.extract.common import is_generic, looks_like_person, organisation_type, split_actor_items, strip_contacts
from isgraph.extract.cues import Grant, assign_roles, sentence_bounds
from isgraph.extract.funding import _CALLING_TYPES, _COLLECTIVITY_TYPES, Body, _same_body
from isgraph.extract.mentions import _orgs, _unnamed, plain
from isgraph.extract.places import territory_slug as _slug
from isgraph.extract.prose import OrgMention, find_persons, lead_sentences

_MONEY_CALL = re.compile(r"appels?\s+à\s+(?:projets?|initiatives?|candidatures?)|subvention|dotation|financ|€|euros|"
                         r"soutien financier|bourse|fonds", re.IGNORECASE)
_DELIBERATION = re.compile(r"délibér\w+|conseil municipal|commission permanente|\bArticle\s+(?:1|premier)\b|"
                           r"\bDÉCIDE\b|\bdécide\b|bénéficiaires?|séance du|ordre du jour|vu le code|"
                           r"\b(?:a|ont)\s+voté\b|\b(?:aides|subventions)\s+suivantes\b", re.IGNORECASE)
_INITIATIVE_WORDS = re.compile(
    r"\b(?:projets?|initiatives?|actions?|dispositifs?|services?|ateliers?|épiceries?|lauréat\w*|expérimentations?|"
    r"programmes?|tiers-lieux?|tiers lieux?|jardins?|cafés?|ressourceries?|recycleries?|plateformes?|chantiers?|"
    r"transports?|navettes?|accompagnements?|animations?|permanences?|ouverture|créations?|lieux?|réseaux?|"
    r"appels?\s+à\s+projets?|solidaires?|partagés?|inclusi\w+|itinérant\w*)\b", re.IGNORECASE)


_SUBJECT_NAME = re.compile(r"(?:^|[.!?¶]\s+)(?P<name>(?:Les|Le|La|L['’])\s*[A-ZÉÈÀÂÎ][\w'’-]*(?:\s+(?:(?:de|du|des|d['’]|et)\s*)?"
                           r"[A-ZÉÈÀÂÎ][\w'’-]*){1,5})\s+(?=[a-zéèêàâ]{3,}(?:ent|ont|e|it)\b)")
_SUPPORTED = re.compile(r"appels?\s+à\s+(?:projets?|initiatives?)|soutenu|retenu|lauréat|sélectionn|financé|primé|"
                        r"accompagné", re.IGNORECASE)
_MULTI_PROJECTS = re.compile(r"\b(?:projets|initiatives|lauréats|actions|expériences|réalisations|structures)\b"
                             # 'Trois ressourceries à découvrir', 'met en lumière trois de ses 42 adhérents'
                             r"|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+(?:de\s+(?:ses|nos|leurs)\s+"
                             r"(?:\d+\s+)?)?(?:ressourceries|recycleries|associations|adhérents|membres|tiers-lieux|"
                             r"épiceries|garages|coopératives|entreprises|acteurs|porteurs|lieux)\b",
                             re.IGNORECASE)


# who a story is about, when no cue says it: an association or a company first, a State fund or a body the name
# does not type next, a collectivity last (it funds or hosts more often than it carries)
_SUBJECT_RANK = {"association": 0, "entreprise": 0, "ccas": 1, "etat": 2, "europe": 2, "etablissement-public": 2,
                 **{t: 3 for t in ("commune", "epci", "departement", "region", "collectivite", "parc", "caf")}}


_ARTICLE_START = re.compile(r"^(?:la|le|les|l)\s+")
# a town's magazine, a newsletter: one story under each headline
_DIGEST = re.compile(r"(?i)\b(?:magazine|bulletin|journal)\s+(?:municipal|communal|intercommunal|d['’]information|"
                     r"de\s+la\s+(?:commune|ville|communauté))|\blettre\s+d['’](?:information|actualités?)|\bnewsletter\b|"
                     r"\blettre\s+(?:mensuelle|trimestrielle|hebdomadaire|bimestrielle|électronique)\b|"
                     r"\bau\s+sommaire\b|\bdans\s+ce\s+numéro\b|\bce\s+mois-ci\s*:")
_NEWS_PAGE = re.compile(r"(?i)\s*(?:les\s+)?(?:actualités|actus|brèves|en\s+bref|dernières\s+nouvelles)\b")  # (a news page)


_BRIEFS = re.compile(r"en bref|breves|les breves|autres nouvelles|a noter aussi|en quelques mots|"
                     r"(?:egalement|aussi) (?:au|en) conseil(?: \w+)?|(?:egalement|aussi) a l ordre du jour|"
                     r"(?:les )?autres decisions(?: du conseil(?: \w+)?)?")


def _named_roles(roles, orgs: list[OrgMention], body: Body | None):
    """Roles stated for 'le CCAS', 'la Communauté de communes', 'le Parc' go to the organisation of that type the
    text names fully ('CCAS de Lunel'), else to the document's body of that type; otherwise they are dropped."""
    out = []
    for rf in roles:
        name = rf.org.name
        if not is_generic(name):
            out.append(rf)
            continue
        kind = organisation_type(name)
        head = re.sub(r"^(?:les|des|la|le|l['’])\s*", "", name, flags=re.IGNORECASE).split()
        if kind is None or not head or (head[0].endswith(("s", "x")) and not head[0].isupper()):
            continue  # 'les associations', 'des communes': categories
        full = next((o for o in orgs if organisation_type(o.name) == kind), None)
        if full is not None:
            rf.org = OrgMention(full.name, rf.org.start, rf.org.end, full.head)
        elif body is not None and body.type_code == kind:
            rf.org = OrgMention(body.name, rf.org.start, rf.org.end, "")
        else:
            continue
        out.append(rf)
    return out


_CARRIED_BY = re.compile(r"\bport[ée]e?s?\s+(?:[\wéè]+\s+){0,2}?par\s", re.IGNORECASE)


def _carried_items(sec: list[Line]) -> list[Line]:
    """The items of a section's list that each name their own porteur ('- France Services de Luzy, portée par la
    Communauté de communes X'), when there are two or more with different porteurs."""
    items = [ln for ln in sec if ln.bullet and _CARRIED_BY.search(ln.text)]
    if len(items) < 2:
        return []
    porteurs = set()
    for ln in items:
        text = strip_contacts(ln.text)
        p = next((rf.org.name for rf in assign_roles(text, _orgs(text)) if rf.role == "porteur"), None)
        if p is None:
            return []
        porteurs.add(fold(p))
    return items if len(porteurs) == len(items) else []


_ARTICLE_NAME = re.compile(r"(?<=\s)(?:Le|La|Les|L['’])\s?[A-ZÉÈ][\w-]*\s+d(?:['’]\s*|e\s+|u\s+)[A-ZÉÈ][\w-]+")


def _in_full(f: Funding, named: list[str]) -> Funding:
    """A funder written by its kind alone ('Région', a table column's 'Aide Région') or by its acronym alone
    ('Aide PAT (DRAAF)') is the one body of that kind the document names in full ('la Région Occitanie', 'la DRAAF
    Auvergne-Rhône-Alpes'), when it names one."""
    acronym = re.fullmatch(r"[A-Z]{2,8}", f.funder) is not None  # 'DRAAF' alone, 'DRAAF Auvergne-Rhône-Alpes' named
    if not _unnamed(f.funder) and not acronym:
        return f
    bodies = {fold(n): n for n in named if n[:1].isupper() and not re.search(r"[«»“”\"]", n)  # (not 'ville « X »'
              and (_same_body(f.funder, n) or (acronym and n.startswith(f.funder + " ")))}  # of 'Contrat de ville')
    if len(bodies) != 1:
        return f
    return Funding(next(iter(bodies.values())), f.line, f.amount, f.text, f.document_level)


def _bare_name(name: str) -> str:
    """'association Les Jardins de la Vizézy' -> 'Les Jardins de la Vizézy': a porteur's name without its kind."""
    kind = re.match(r"(?i)(?:l['’]\s*)?(?:association|asso\.?|collectif|coopérative|scic|scop|fondation|fédération)\s+",
                    name)
    return name[kind.end():] if kind else name


def _merge_told(rec: InitiativeRecord, more: InitiativeRecord, givers: tuple[str, ...] = ()) -> None:
    """What a passage telling an initiative read elsewhere says of it (`more`, read from that passage: a paragraph
    under a table's row, a deliberation's recital, a section below a table) added to it: its co-funders (a body
    already funding gains the amount it lacked; none of `givers`, the document's deciding body, again), its partners
    (not a body already funding), its places (not one it has, nor one inside a place it has: 'Blanc' in 'Le
    Blanc'), its budget when it has none."""
    known = {fold(m.name) for m in rec.porteurs + rec.partenaires}
    for f in more.financements:
        k = next((k for k, x in enumerate(rec.financements) if fold(x.funder) == fold(f.funder)
                  or _same_body(x.funder, f.funder)), None)
        if k is not None:
            if rec.financements[k].amount is None and f.amount is not None:
                rec.financements[k] = f
        elif fold(f.funder) not in known and not any(_same_body(f.funder, g) for g in givers):
            rec.financements.append(f)
    funders = [f.funder for f in rec.financements]
    rec.partenaires += [m for m in more.partenaires if fold(m.name) not in known | {fold(x) for x in funders}
                        and not any(_same_body(m.name, x) for x in funders)]
    have = {fold(m.name) for m in rec.territoires}
    rec.territoires += [m for m in more.territoires
                        if not any(fold(m.name) == h or fold(m.name) in h.split(" ", 1)[-1] for h in have)]
    if rec.budget is None and more.budget is not None:
        rec.budget, rec.budget_text, rec.budget_period = more.budget, more.budget_text, more.budget_period


def _thanked_funders(lines: list[Line], recs: list[InitiativeRecord]) -> None:
    """A page telling one initiative that thanks its supporters in a list ('Merci : – à la Région Occitanie pour
    son soutien de 30 000 € …'): an item naming one body and an amount makes that body a funder of that amount."""
    from isgraph.extract.blocks import _THANKS_ITEM

    if len(recs) != 1:
        return
    rec = recs[0]
    for ln in lines:
        if not (ln.bullet and _THANKS_ITEM.match(ln.text)):
            continue
        text = strip_contacts(ln.text)
        orgs, amounts = _orgs(text), find_amounts(text)
        if len(orgs) != 1 or not amounts:
            continue
        name = _without_places(orgs[0]).name
        rec.partenaires = [m for m in rec.partenaires if fold(m.name) != fold(name)]
        k = next((k for k, f in enumerate(rec.financements) if fold(f.funder) == fold(name)), None)
        if k is None:
            rec.financements.append(Funding(name, ln.n, amounts[0].value, clean_text(text)))
        elif rec.financements[k].amount is None:
            rec.financements[k] = replace(rec.financements[k], amount=amounts[0].value)


def _bodies_named(funder: str, acronym: bool, names: list[str]) -> dict[str, str]:
    """The bodies among `names` that a funder written by its kind (or its acronym) can stand for, by folded name."""
    bodies: dict[str, str] = {}
    for n in names:
        if not _unnamed(n) and fold(n) != fold(funder) and (
                re.match(rf"{funder}\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*[A-ZÉÈ]", n) if acronym
                else _same_body(funder, n)):
            # (an acronym's local body, 'CAF de la Haute-Saône'; not a national body's office, 'ADEME Bretagne')
            if fold(n) not in bodies or (bodies[fold(n)].isupper() and not n.isupper()):
                bodies[fold(n)] = n  # (as written in lower case rather than a letterhead's capitals)
    return bodies


def _funders_in_full(recs: list[InitiativeRecord]) -> None:
    """A funder written by its kind alone ('CAF 7 000 €', 'Communauté de communes 2 900 €' in a plan) is the body of
    that kind its initiative names in full (its porteur, a partner: 'CAF de la Haute-Saône'), else the one the
    document's initiatives name; a porteur's own kind is its own funds (left out), a partner so named is a funder."""
    everywhere = [m.name for r in recs for m in r.porteurs + r.partenaires] + \
        [f.funder for r in recs for f in r.financements]
    in_document: dict[str, dict[str, str]] = {}  # funder as written -> the bodies of its kind the document names
    for rec in recs:
        own = [m.name for m in rec.porteurs + rec.partenaires]
        changed = False
        for k, f in enumerate(rec.financements):
            acronym = re.fullmatch(r"[A-Z]{2,8}", f.funder) is not None  # 'CAF' beside 'CAF de la Haute-Saône'
            if not (_unnamed(f.funder) or acronym) or organisation_type(f.funder) in ("etat", "europe"):
                continue  # (the État, the Union européenne: one body, never one of its services)
            bodies = _bodies_named(f.funder, acronym, own)
            if not bodies:  # (the document's names, the same for every record: looked through once a funder)
                if f.funder not in in_document:
                    in_document[f.funder] = _bodies_named(f.funder, acronym, everywhere)
                bodies = in_document[f.funder]
            if len(bodies) == 1:  # (two bodies of that kind named: which one is not said)
                rec.financements[k] = replace(f, funder=next(iter(bodies.values())))
                changed = True
        if changed:
            porteurs = {fold(m.name) for m in rec.porteurs}
            seen: set[str] = set()
            kept = []
            for f in rec.financements:
                if fold(f.funder) in porteurs or fold(f.funder) in seen:
                    continue
                seen.add(fold(f.funder))
                kept.append(f)
            rec.financements = kept
            rec.partenaires = [m for m in rec.partenaires if fold(m.name) not in seen]


def _without_places(o: OrgMention, dashed: bool = False) -> OrgMention:
    """'commune de Lanouaille (Dordogne)' -> 'commune de Lanouaille': the places in parentheses locate it;
    `dashed` (a name read as a section's subject, not its bracketed places): 'SCIC Bois Local - Pontarlier (25)' ->
    'SCIC Bois Local', the commune after a dash."""
    from isgraph.extract.blocks import _names_places
    from isgraph.resolve import territories

    if dashed:
        m = re.match(r"^(?P<n>.{3,}?)\s+[-–—]\s+(?P<p>[A-ZÉÈÀÂÎÔ][^–—()]{1,50}?)(?:\s*\(\d{2,3}\))?$", o.name)
        if m and territories.resolve(m.group("p"), None, allow_lieu=False) is not None:
            return OrgMention(m.group("n"), o.start, o.start + len(m.group("n")), o.head)
        return o
    m = re.match(r"^(?P<n>.+?)\s*\((?P<p>[^()]+)\)$", o.name)
    if m and _names_places(m.group("p")):
        return OrgMention(m.group("n"), o.start, o.start + len(m.group("n")), o.head)
    return o


def _named_fully(g: Grant, orgs: list[OrgMention]) -> Grant:
    """A grant to 'le CIAS' / 'l'association' names its beneficiary fully elsewhere in the text: the named
    organisation of the same type."""
    if not is_generic(g.beneficiary.name):
        return g
    kind = organisation_type(g.beneficiary.name)
    same = [o for o in orgs if kind and organisation_type(o.name) == kind]
    if same:
        o = same[0]
        return Grant(g.amount, OrgMention(o.name, g.beneficiary.start, g.beneficiary.end, o.head), g.purpose,
                     g.start, g.end, g.phrase)
    return g


def _field_heading(text: str) -> bool:
    """'Les partenaires', 'Le financement', 'Contact', 'Pour qui ?': a part of one project's page, not a project."""
    from isgraph.extract.blocks import card_labels

    f = re.sub(r"^(?:le|la|les|l|nos|notre|un|une|des)\s+", "", fold(text.strip(" ?:!")))
    return f in card_labels() or any(f.startswith(x) for x in ("pour qui", "comment", "combien", "qui ", "quand",
                                                                "ou ", "infos", "informations", "en savoir", "contact"))


_PRIORITY = {"porteur": 0, "financeur": 1, "partenaire": 2}


def _by_priority(roles):
    """One role per organisation named several times: porteur, else financeur, else partenaire (text order kept)."""
    best: dict[str, int] = {}
    for rf in roles:
        key = fold(rf.org.name)
        best[key] = min(best.get(key, 9), _PRIORITY[rf.role])
    out, seen = [], set()
    for rf in roles:
        key = fold(rf.org.name)
        if key in seen or _PRIORITY[rf.role] != best[key]:
            continue
        seen.add(key)
        out.append(rf)
    return out


_REPORT = re.compile(r"(?i)\brapport\s+(?:d['’]activités?|annuel|moral)\b|\bbilan\s+d['’]activités?\b")


def _report_author(lines: list[Line]) -> tuple[str, int] | None:
    """The organisation whose activity report this is: the name above 'Rapport d'activité 2023' in the opening lines
    ('LA FABRIQUE SOLIDAIRE DU HAUT-JURA'), or the organisation the title names ('Rapport d'activité 2023 de
    l'association X')."""
    head = lines[:4]
    for k, ln in enumerate(head):
        if not _REPORT.search(ln.text):
            continue
        named = _orgs(ln.text)
        if named:
            return named[0].name, ln.n
        if k > 0 and _author_line(head[k - 1]):
            return clean_text(head[k - 1].text), head[k - 1].n
        under = _orgs(head[k + 1].text) if k + 1 < len(head) and _author_line(head[k + 1]) else []
        if under and under[0].start <= 3:
            # the name under the title ('RAPPORT D'ACTIVITÉ 2023' / 'Association Vivre Ensemble'): only an
            # organisation's (not the subtitle 'Une année de projets')
            return under[0].name, head[k + 1].n
    return None


_ALL_QUARTIERS = re.compile(r"(?i)^(?:tous|toutes|ensemble|l'ensemble|multi|hors|plusieurs|divers|autres?)\b")


def _add_quartiers(rec: InitiativeRecord, values: list[tuple[int, str]], context: tuple[str, ...] = ()) -> None:
    """The districts of a 'Quartier' / 'QPV' field ('Fontbouillant', 'Bien-Assis / Les Marais'), as territories in
    the record's commune, or else the one commune the document names ('Quartier Fontbouillant (Montluçon)');
    'Tous quartiers' names none."""
    from isgraph.resolve import territories

    def is_commune(name: str) -> bool:
        t = territories.resolve(name, None, allow_lieu=False)
        return t is not None and t.kind == "commune"

    own = [m.name for m in rec.territoires if is_commune(m.name)]
    named = sorted({n for n in context if is_commune(n)})
    commune = own[0] if own else (named[0] if len(named) == 1 else None)
    for n, value in values:
        for v in re.split(r"\s*[,;/]\s*|\s+et\s+", value):
            v = clean_text(re.sub(r"(?i)^(?:quartiers?|qpv)\s+(?:de\s+|du\s+|des\s+|d['’])?", "", v)).strip(" .-")
            if not v or _ALL_QUARTIERS.match(v) or is_placeholder(v) or len(v.split()) > 6:
                continue
            rec.territoires.append(Mention(f"Quartier {v} ({commune})" if commune else f"Quartier {v}", n))


_FUNDERS_HEADING = re.compile(r"(?i)^\s*(?:nos\s+|les\s+)?(?:partenaires\s+financiers|financeurs|soutiens\s+financiers|"
                              r"ils\s+nous\s+financent)\s*:?\s*(?P<rest>.*)$")  # ('Ils nous soutiennent': no money said)


def _listed_funders(lines: list[Line], recs: list[InitiativeRecord]) -> list[Funding]:
    """The funders a document lists apart from its initiatives, under a heading of its own ('NOS PARTENAIRES
    FINANCIERS' in an activity report, 'Ils nous financent' at the foot of a page): every initiative's, at the
    document's level. A list inside an initiative's own lines is that initiative's alone (read with it)."""
    out: list[Funding] = []
    for k, ln in enumerate(lines):
        m = _FUNDERS_HEADING.match(ln.text)
        if m is None or any(r.start <= ln.n <= r.end for r in recs):
            continue
        items = [(ln.n, m.group("rest"))] if m.group("rest").strip() else []
        for nxt in lines[k + 1 : k + 7]:
            if items and nxt.n > items[-1][0] + 2 or nxt.heading or _FUNDERS_HEADING.match(nxt.text) or \
                    (not items and nxt.n > ln.n + 2):
                break
            if any(r.start <= nxt.n <= r.end for r in recs):
                break
            items.append((nxt.n, nxt.text))
        for n, text in items:
            for it in split_actor_items(strip_contacts(text)):
                name = it.name.strip(" .")
                if name and (organisation_type(name) is not None or _orgs(name)) and not looks_like_person(name) \
                        and not any(fold(f.funder) == fold(name) for f in out):
                    out.append(Funding(name, n, None, clean_text(text), True))
    return out


# the commune of a bulletin paying, named by its kind alone: 'La commune met le local à disposition et a versé une
# subvention de 2 500 €', 'la municipalité finance …'
_OWN_COMMUNE_PAYS = re.compile(r"\b[Ll]a\s+(?:commune|municipalité|mairie|ville)\b(?!\s+(?:de|d['’]|du)\b)(?P<rest>[^.;]{0,80}?"
                               r"\b(?:a\s+versé|verse|a\s+financé|finance|subventionne|a\s+attribué|attribue|"
                               r"a\s+accordé|accorde|apporte|a\s+apporté)\b[^.;]{0,80})")

# '… grâce à une subvention exceptionnelle de 4 500 € votée par le conseil municipal': the commune's own money
_COUNCIL_VOTED = re.compile(r"(?P<rest>\b(?:subvention|aide|participation|enveloppe)\b[^.;]{0,40}?\d[\d\s\u202f\u00a0.,]*\s?€"
                            r"[^.;]{0,20}?\bvotée?s?\s+(?:par\s+le\s+conseil\s+municipal|en\s+conseil\s+municipal))")


def _told_amount(rec: InitiativeRecord, text: str, caller: Body) -> None:
    """The one amount of a placed paragraph no other funder claims and no budget is: the calling body's ('La
    Fondation lui a accordé 18 000 €', 'Une aide de 9 000 € a financé …')."""
    mine = [k for k, f in enumerate(rec.financements) if _same_body(f.funder, caller.name)]
    if mine and rec.financements[mine[0]].amount is not None:
        return
    claimed = {f.amount for f in rec.financements if f.amount is not None} | ({rec.budget} if rec.budget else set())
    free = [a for a in find_amounts(text) if a.value not in claimed]
    if len(free) != 1:
        return
    fund = Funding(caller.name, caller.line, free[0].value, clean_text(text), True)
    if mine:
        rec.financements[mine[0]] = fund
    else:
        rec.financements.append(fund)


# a paragraph giving a prize or a grant to the body it names ('Le premier prix revient à l'association X',
# 'l'association Y reçoit 12 000 €', 'Un prix de 8 000 € est remis à', 'Le jury lui a accordé 10 000 €')
_PRIZE_CUE = re.compile(r"(?i)\b(?:prix|lauréat\w*|récompens\w*|distingu\w*|dotation|dotée?s?|revient\s+à|"
                        r"remise?\s+à|attribuée?\s+à|reçoit|lui\s+(?:a\s+)?(?:attribue|accord|octroy|remis|vers)\w*)")
_PRIZE_INTRO = re.compile(r"(?i)\b(?:lauréats?|prix|récompens\w*|palmarès|trophées?|distingu\w*)\b")


def _prize_paragraphs(lines: list[Line]) -> list[Line]:
    """The paragraphs of a prize's (or a call's) announcement told in prose, each giving an amount to the body it
    names, under a head announcing the laureates ('Prix X 2024 : cinq associations récompensées'); [] unless there
    are three, each naming its own body."""
    head = " ".join(ln.text for ln in lines[:3])
    if not (_PRIZE_INTRO.search(head) and _MULTI_PROJECTS.search(head)):
        return []
    out, seen = [], set()
    for ln in lines[1:]:
        if ln.heading or len(ln.text.split()) < 15 or not find_amounts(ln.text) or not _PRIZE_CUE.search(ln.text):
            continue
        named = [o for o in _orgs(strip_contacts(ln.text)) if not _unnamed(o.name)]
        if not named or organisation_type(named[0].name) in _CALLING_TYPES or fold(named[0].name) in seen:
            # (the prize's own body presenting it: 'La Fondation X a dévoilé les cinq lauréats …')
            continue
        seen.add(fold(named[0].name))
        out.append(ln)
    return out if len(out) >= 3 else []


_ITEM_TITLE = re.compile(r"^(?P<t>[A-ZÉÈÀÂÎÔ«][^.!?:;]{2,90}?)\.\s+(?=[A-ZÉÈÀÂÎÔ«])")


def _titled_items(lines: list[Line]) -> list[Line]:
    """The items of a list that each tell a project under its own title ('- Tiers-lieu de la Chapelle-en-Vercors. La
    SCIC X aménage …'), below a head announcing several ('a retenu quatre projets'); [] unless there are three, each
    naming a body or an amount."""
    items = [ln for ln in lines if ln.bullet and len(ln.text.split()) >= 15 and (title := _item_title(ln.text))
             and len(title.split()) <= 10 and (find_amounts(ln.text) or _orgs(strip_contacts(ln.text)))]
    if len(items) < 3:
        return []
    head = " ".join(ln.text for ln in lines if ln.n < items[0].n)
    return items if _MULTI_PROJECTS.search(head) else []


def _item_title(text: str) -> str | None:
    m = _ITEM_TITLE.match(text)
    return m.group("t").strip() if m else None


_PRIZE_FOR = re.compile(r"\bpour\s+(?:(?P<own>son|sa|ses|leur|leurs)\s+(?P<o>[a-zéèêàç][^,.:;()]{2,50}?)|"
                        r"(?P<n>(?:Le|La|Les|L['’])\s*[A-ZÉÈÀÂÎÔ][^,.:;()]{1,50}?|[A-ZÉÈÀÂÎÔ«][^,.:;()]{2,50}?))\s*(?:[,.:;(]|$)")


def _prize_title(text: str) -> str | None:
    """The project a prize paragraph rewards: quoted, named after 'pour' ('… reçoit 12 000 € pour Le Grand Couvert,
    une cantine …', '… pour sa ressourcerie textile.'), or as a placed paragraph tells it (titles.told_title)."""
    q = quoted(text)
    if q and len(q.split()) <= 8:
        return q
    m = _PRIZE_FOR.search(text)
    if m:
        name = (m.group("o") or m.group("n")).strip()
        if 1 <= len(name.split()) <= 8:
            return name[:1].upper() + name[1:]
    m = _PRIZE_WITH.search(text)  # 'Avec son atelier itinérant Cyclo'Trégor, elle remet …'
    if m:
        return m.group("p")
    return told_title(text)


_PRIZE_WITH = re.compile(r"\b(?:[Aa]vec|[Gg]râce\s+à)\s+(?:son|sa|ses|leur)\s+(?:[a-zéèêàçîô'’-]+\s+){1,4}"
                         r"(?P<p>[A-ZÉÈÀÂÎÔ][\w'’-]+(?:\s+(?:de\s+|du\s+|des\s+)?[A-ZÉÈÀÂÎÔ][\w'’-]+){0,3})")


def _told_projects(sec: list[Line]) -> list[Line]:
    """The paragraphs of a section that each tell a project of their own, opening on its place and naming its
    organisation ('À Roubaix (Nord), l'association Les Paniers du Pile a ouvert …'); [] unless there are two."""
    told = [ln for ln in sec if not ln.heading and len(ln.text.split()) >= 15 and _PLACED_OPENING.match(ln.text)
            and _orgs(ln.text)]
    return told if len(told) >= 2 else []


_OWN_ACTIONS = re.compile(r"(?i)^(?:nos|mes)\s+(?:actions|projets|activités|dispositifs|services|initiatives|"
                          r"réalisations)\b")


def _own_actions_author(lines: list[Line], first: int) -> tuple[str, int] | None:
    """The body whose 'Nos actions' page this is ('Nos actions' over 'L'association Garrigue Solidaire agit depuis
    2012 …'): the one organisation the text above the first section names, a body that carries (not one that funds)."""
    if not lines or not _OWN_ACTIONS.match(lines[0].text):
        return None
    head = [ln for ln in lines if ln.n < first]
    named = {fold(o.name): (o.name, ln.n) for ln in head for o in _orgs(ln.text)
             if organisation_type(o.name) not in _CALLING_TYPES}
    return next(iter(named.values())) if len(named) == 1 else None


_COST_FIELD = re.compile(r"(?:^|[.!?]\s+|¶\s*)(?:co[uû]t|budget|montant)(?:\s+(?:total|estimé|prévisionnel|du projet))?\s*:"
                         r"\s*\d", re.IGNORECASE)


def _not_itself(partners: list[Mention], title: str) -> list[Mention]:
    """The partners but the initiative named as an organisation ('La Recyclerie des Petites Mains' is no partner
    of itself; 'le Thillot : la recyclerie Deuxième Vie donne …'), unless that is a collectivity, a Parc, the
    State or a foundation whose name the title takes up."""
    own = f" {fold(title)} "
    return [m for m in partners if " " + _ARTICLE_START.sub("", fold(m.name)) + " " not in own
            or organisation_type(m.name) in _COLLECTIVITY_TYPES | {"parc", "etat", "fondation"}]


def _placed_acronym(name: str) -> bool:
    """'CCAS de Vire Normandie', 'CAF du Calvados': a body's acronym and its place, an organisation (a bare acronym
    may be a scheme's: 'RSA', 'ESS')."""
    return len(name.split()) >= 3 and organisation_type(name) not in (None, "autre")


def _author_line(ln: Line) -> bool:
    words = ln.text.split()
    return 2 <= len(words) <= 9 and ln.text[:1].isupper() and not ln.text.endswith((".", ":")) \
        and _slug(ln.text) is None and not looks_like_person(ln.text)


def _contact_persons(values) -> list[str]:
    """The persons a card's 'Contact' values name ('Maëlle Quéré, coordinatrice', 'M. X – 02 …'): to scrub."""
    persons: list[str] = []
    for value in values:
        persons += common.find_persons(value) + find_persons(value)
        name = clean_text(re.split(r"[,(–-]", strip_contacts(value))[0])
        if looks_like_person(name):
            persons.append(name)
    return persons
_EACH = re.compile(r"\bchacun(?:e|s|es)?\b|\bchaque\s+(?:lauréat|lauréate|projet|structure|association)\b", re.IGNORECASE)
def _each_amount(text: str):
    """'Les 5 lauréats reçoivent chacun une dotation de 3 000 €': the amount every item of the list receives (the
    one amount of a sentence saying 'chacun'), else None."""
    for m in _EACH.finditer(text):
        s0, s1 = sentence_bounds(text, m.start())
        found = find_amounts(text[s0:s1])
        if len(found) == 1:
            return found[0].value
    return None


_COUNTED = re.compile(r"(?<!parmi les )(?<!fait partie des )(?<!l['’]un des )(?<!l['’]une des )(?<!un des )(?<!une des )\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|\d{1,3})"
                      r"\s+(?:nouveaux\s+|premiers\s+)?(?:projets?|lauréat(?:e)?s|initiatives|structures|associations|"
                      r"actions|dossiers\s+retenus|actions|prix)\b", re.IGNORECASE)
STORY_LEAD_WORDS = 100  # a lead this long that tells one organisation's story is an article's, not a list's intro


def _story_lead(lines: list[Line], first: int) -> bool:
    """Whether the text before the first section heading already tells one initiative's story: long, naming an
    organisation that carries it (a porteur cue, or an association, a SCIC …), and announcing no list ('trois
    projets', 'les quatre lauréats'; 'fait partie des neuf lauréats' is one of them). Its sub-headings are then
    parts of that one article."""
    lead = " ".join(ln.text for ln in lines if ln.n < first)
    if len(lead.split()) < STORY_LEAD_WORDS or _COUNTED.search(lead):
        return False
    orgs = _orgs(lead)
    return any(rf.role == "porteur" for rf in assign_roles(lead, orgs)) or any(
        organisation_type(o.name) in ("association", "entreprise") for o in orgs)


def _sentences(text: str, limit: int = 420) -> str | None:
    """The first whole sentences of a text, without contacts (`prose.lead_sentences`)."""
    return lead_sentences(plain(strip_contacts(text)), limit)


def _first_sentence(text: str) -> str | None:
    m = re.match(r".+?(?:[.!?…](?=\s+[A-ZÉÈÀÂ«\"“]|\s*$)|$)", plain(strip_contacts(text)))
    return m.group(0).strip() if m and m.group(0).strip() else None


def _title_from_text(text: str) -> str | None:
    q = quoted(text)
    if q and q[:1].isupper() and 1 <= len(q.split()) <= 10:
        return q
    first = _first_sentence(text)
    named = re.match(r"(?P<n>(?:«\s*)?[A-ZÉÈÀÂÎ][^,;:.()]{2,70}?),\s", first or "")
    if named and len(named.group("n").split()) <= 8 and first and len(first.split()) > 16:
        return named.group("n").strip(" «»")  # 'La Gazette des Quatre Clochers, journal écrit par …'
    if first and len(first.split()) <= 16:
        return first.rstrip(".")
    return None


def _cover_joined_lines(records: list[InitiativeRecord], lines: list[Line]) -> None:
    """A record whose last text was joined from several lines of the document (a table row printed on three lines,
    a list item wrapped onto the next one: Line.last) ends on the last of them, so that its line span covers every
    line it was read from."""
    joined = [ln for ln in lines if ln.last]
    if not joined:
        return
    keys = [ln.n for ln in joined]
    for rec in records:
        inside = joined[bisect_left(keys, rec.start):bisect_right(keys, rec.end)]
        rec.end = max([rec.end] + [ln.last for ln in inside])
