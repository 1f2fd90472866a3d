"""The generic reader: every document that no family recognises (family code `generique`).

The text is cleaned of page chrome and split into initiative blocks (`isgraph.extract.blocks`): hand-written cards
("Porteur : …"), a palmarès or list of laureates (one initiative per laureate), the grants of a deliberation (one
per beneficiary: "attribution d'une subvention de 12 500 € à l'association X pour son atelier …"), the headed
sections of a page presenting several projects, or else the whole text as one initiative (a press article, a CCAS
page, a Parc's project page). In each block, organisations (`prose.find_organisations`: organisation-type words,
acronyms, collectivités), places (the gazetteer) and amounts are found, and roles come from sentence structure and
cue phrases (`isgraph.extract.cues`). The body that runs a call for projects or votes the grants is the funder of
each of its laureates / beneficiaries, with the amount written on the laureate's line. A page where no block names
an organisation carrying or funding something gives no initiative.

Beside it: `isgraph.extract.mentions` (a block's joined text and the organisations it names) and
`isgraph.extract.funding` (the deciding body, labelled grant amounts, funding plans, funders' names).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract import common
from isgraph.extract.base import Extractor
from isgraph.extract.blocks import _cells, _names_places, card_field, label_field, merged_fields
from isgraph.extract.blocks import (Card, Laureate, Line, clean_lines, find_cards, find_laureates, is_org_name, is_placeholder,
                     is_other_section, is_total, looks_like_heading, no_initiative_page, paragraph_laureates,
                     quoted, Section, sections)
from isgraph.extract.inline import inline_laureates
from isgraph.extract.tables import find_table
from isgraph.extract.titles import _PLACED_OPENING, bare_title, card_name, headline_name, named_in_lead, told_title
from isgraph.extract.common import (is_generic, looks_like_person, organisation_type, siren_of, split_actor_items,
                                    strip_contacts)
from isgraph.extract.cues import Grant, _purpose, assign_roles, find_grants, sentence_bounds
from isgraph.extract.funding import (_BODY_AMOUNT, _CALLING_TYPES, _LOCAL_RANK, _plan_parts, _COLLECTIVITY_TYPES, Body, _a_fund, _add_funders,
                                     _calling_body, _funder_name, _header_funders, _label_funds, _labelled_amount,
                                     _merge_body_fundings, _plan_fundings, _plan_part_fundings, _put_funding,
                                     _receipts_rows, _same_body)
from isgraph.extract.mentions import _non_actor, _orgs, _unnamed, joined, plain
from isgraph.extract.places import block_places as _places
from isgraph.extract.pages import (_IN_KIND, _WHOLE_AREA, _directory_entries, _document_area, _each_project_funders,
                                    _funded_elsewhere, _pictogram_projects, _presented_org, _whole_page_card)
from isgraph.extract.places import document_places, needs_its_departement, qualified_commune
from isgraph.extract.places import municipal_home
from isgraph.extract.places import territory_label as _territory_label
from isgraph.extract.places import territory_slug as _slug
from isgraph.extract.prose import (JoinedText, OrgMention, find_budget, find_generic_partners, find_persons, find_years,
                    lead_sentences)

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
#: administrative header lines of a deliberation (transmission stamps, identifiers)
#: a magazine's rubric before an article's title ('Portrait : …', 'Zoom sur …', 'Initiative du mois – …')
_RUBRIC = re.compile(r"(?i)\s*(?:portrait|reportage|focus|zoom(?:\s+sur)?|témoignage|interview|rencontre|initiative"
                     r"(?:\s+du\s+mois)?|coup\s+de\s+(?:cœur|projecteur)|en\s+images|vidéo|podcast|on\s+a\s+testé|"
                     r"ils\s+l['’]ont\s+fait|à\s+la\s+une|l['’]initiative\s+du\s+mois)\s*(?:[:–—|]\s*|(?<=sur)\s+)")
_ACT_TITLE = re.compile(r"\s*(?:ARR[ÊE]T[ÉE]|D[ÉE]CISION|D[ÉE]LIB[ÉE]RATION|EXTRAIT\s+DU\s+REGISTRE)\b")
_HEADER_LINE = re.compile(r"^(?:envoyé|reçu|publié|affiché|ID\s*:|accusé)", re.IGNORECASE)


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
_MASTHEAD = re.compile(r"(?i)\s[–—-]\s+[ée]dition\s+d|^[^|]{2,30}(?:\s\|\s[^|]{2,30}){1,5}$|\bn[°º]\s*\d+\s*(?:[–—-]|$)|"
                       r"^dans\s+ce\s+num[ée]ro\b")
# a publication's title as the page's first heading ('La Lettre du Parc naturel régional du Haut-Languedoc',
# 'Bulletin municipal de …'), above the headline of its story
_PUBLICATION = re.compile(r"(?i)^(?:la\s+|le\s+|l['’]\s*)?(?:lettre|newsletter|bulletin|journal|magazine|gazette|"
                          r"infos?|[ée]chos?)\s+(?:d['’]information|d['’]actualités?|municipal|communal|du|de\s+la|"
                          r"de\s+l['’]|des|d['’])")
# a town's magazine, a newsletter: one story under each headline
_DIGEST = re.compile(r"(?i)\b(?:magazine|bulletin|journal)\s+(?:municipal|communal|intercommunal|d['’]information|"
                     r"de\s+la\s+(?:commune|ville|communauté))|\blettre\s+d['’](?:information|actualités?)|\bnewsletter\b|"
                     r"\blettre\s+(?:mensuelle|trimestrielle|hebdomadaire|bimestrielle|électronique)\b|"
                     r"\bau\s+sommaire\b|\bdans\s+ce\s+numéro\b|\bce\s+mois-ci\s*:")
_NEWS_PAGE = re.compile(r"(?i)\s*(?:les\s+)?(?:actualités|actus|brèves|en\s+bref|dernières\s+nouvelles)\b")  # (a news page)
_SUPPORT_OF = re.compile(r"\b(?:soutien|subvention|aide|participation)\s+(?:au|à\s+la|à\s+l['’]|aux)\s*"
                         r"(?P<t>[A-ZÉÈÀÂÎ][^,.;:()]{3,70}?)\s*(?:[,.;:(]|\s+(?:géré|porté|animé|mené)e?s?\s)")
#: the heading of an item of a council's record ('Délibération n° 2025-013 : Soutien au chantier …', 'Point 4 – …')
_ITEM_HEAD = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?\s*(?:(?:délibération|décision|point|dossier|objet)\b[^:–\n]{0,30}?|"
                        r"n°\s*[\w./-]+)\s*[:–]\s*(?P<obj>\S.*?)\s*(?:\*\*)?$", re.IGNORECASE)
_PREAMBLE = re.compile(r"\s*(?:vu|considérant|attendu|sur\s+(?:le\s+rapport|proposition))\b", re.IGNORECASE)
_ITEM_SUPPORT = re.compile(r"^(?:soutien|subvention|aide|participation)(?:\s+financière)?\s+(?:au|à\s+la|à\s+l['’]|aux)\s*"
                           r"(?P<t>.{4,120})$", re.IGNORECASE)


def _item_object(heading: str, g: Grant) -> str | None:
    """The project a council item's heading names ('… : Soutien au chantier d'insertion « Les Jardins »'), not
    its beneficiary ('… : Attribution d'une subvention à l'association X')."""
    m = _ITEM_SUPPORT.match(_ITEM_HEAD.match(heading).group("obj").strip(" .*"))
    if not m or fold(g.beneficiary.name) in fold(m.group("t")) or re.match(r"(?i)(?:l['’])?association\b", m.group("t")):
        return None
    t = m.group("t").strip(" .")
    return t[0].upper() + t[1:]


def _same_grant_purpose(text: str, g: Grant) -> str | None:
    """What the grant is for, said in the item where the same amount is proposed ('Il propose d'attribuer une
    subvention de 6 000 € pour l'achat d'un véhicule', then 'DÉCIDE d'attribuer une subvention de 6 000 € à X')."""
    for a in find_amounts(text):
        if a.value == g.amount:
            what = _purpose(text[a.end:])
            if what:
                return what
    return None


_BRIEFS = re.compile(r"en bref|breves|les breves|autres nouvelles|a noter aussi|en quelques mots|"
                     r"(?:egalement|aussi) (?:au|en) conseil(?: \w+)?|(?:egalement|aussi) a l ordre du jour|"
                     r"(?:les )?autres decisions(?: du conseil(?: \w+)?)?")
_KICKER = re.compile(r"[A-ZÀ-Ý0-9'’ ]{2,30}(?:\s[-–—:|]\s[A-ZÀ-Ý0-9'’ -]{2,40})?")


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
_EACH = re.compile(r"\b(?:chacune?|chaque)\b", re.IGNORECASE)


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
    bodies = {fold(n): n for n in named if _same_body(f.funder, n) or (acronym and n.startswith(f.funder + " "))}
    if len(bodies) != 1:
        return f
    return Funding(next(iter(bodies.values())), f.line, f.amount, f.text, f.document_level)


def _without_places(o: OrgMention) -> OrgMention:
    """'commune de Lanouaille (Dordogne)' -> 'commune de Lanouaille': the places in parentheses locate it."""
    from isgraph.extract.blocks import _names_places

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


_NAME_PLACE = re.compile(r"\s(?:de|du|des|d['’])\s*(?P<p>[A-ZÉÈÀÂÎÔ][\w'’-]*(?:\s+[A-ZÉÈÀÂÎÔ][\w'’-]*){0,3})$")


def _place_in_name(name: str, context: tuple[str, ...] = ()) -> str | None:
    """The commune or département that ends an organisation's name ('Familles Rurales de Bourganeuf', 'Banque
    alimentaire du Calvados'), read by the gazetteer alone: a name it reads in one way only ('… de la Vallée',
    '… du Cœur', a commune name shared by several communes: None), in a région of the places of `context` (the
    document's) when they lie in any."""
    from isgraph.resolve import territories

    m = _NAME_PLACE.search(name)
    if m is None or organisation_type(m.group("p")) is not None:
        return None
    try:
        t = territories.resolve(m.group("p"), None, allow_lieu=False)
        if t is None or t.kind not in ("commune", "departement") or needs_its_departement(m.group("p")):
            return None
        regions = {r for c in (territories.resolve(n, None, allow_lieu=False) for n in context)
                   if c is not None and c.kind in ("commune", "departement", "region") for r in (c.regions or
                                                                                             [c.iri_slug])}
    except Exception:  # pragma: no cover
        return None
    if regions and not set(t.regions) & regions:
        return None
    return m.group("p")


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


def _local_funder(fundings: list[Funding], in_row: bool) -> str | None:
    """The collectivity whose territory a table row without a place is in: its one funder, a collectivity with an
    amount (in the row's cells, or the body of the document), or else the most local of its funders with amounts
    when that is a commune or an intercommunality."""
    paid = [f for f in fundings if f.amount is not None]
    if len(fundings) == 1 and paid and (in_row or paid[0].document_level) and \
            organisation_type(paid[0].funder) in _COLLECTIVITY_TYPES:
        return paid[0].funder
    if len(paid) < 2 or not in_row:
        return None
    ranked = sorted((_LOCAL_RANK.get(organisation_type(f.funder) or "", 9), k, f.funder) for k, f in enumerate(paid))
    rank, _, name = ranked[0]
    return name if rank <= 1 and (len(ranked) == 1 or ranked[1][0] > rank or ranked[1][2] == name) else None


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


_CUT_AFTER = re.compile(r"(?:\b(?:de|du|des|la|le|les|et|à|au|aux|en|sur|pour|par)|[dl]['’]|-|\(\d*|,)\s*$", re.IGNORECASE)


def _contact_persons(values) -> list[str]:
    """The persons a card's 'Contact' values name ('Maëlle Quéré, coordinatrice', 'M. X – 02 …'): to scrub."""
    persons: list[str] = []
    for value in values:
        persons += common.find_persons(value) + find_persons(value)
        name = clean_text(re.split(r"[,(–-]", strip_contacts(value))[0])
        if looks_like_person(name):
            persons.append(name)
    return persons


def _rejoined(values: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A field's lines as its sentences: a line a PDF column cut ('Communauté de' / 'communes des Collines du
    Perche', 'Banque des' / 'Territoires (15 000 €).', 'la Manche (48' / '000 € sur trois ans)') joined to the next."""
    out: list[tuple[int, str]] = []
    for n, v in values:
        if out and (_CUT_AFTER.search(out[-1][1]) or re.match(r"\(\s*\d", v)) and " | " not in v \
                and " | " not in out[-1][1]:  # ('Redon Agglomération' / '(12 000 €), Fondation …')
            out[-1] = (out[-1][0], f"{out[-1][1].rstrip()} {v.lstrip()}" if not out[-1][1].endswith("-")
                       else out[-1][1] + v.lstrip())
        else:
            out.append((n, v))
    return out


def _as_budget(rec: InitiativeRecord, name: str, amount, written: str) -> bool:
    """Whether a funding list's item names the budget ('Coût total éligible', 'Coût total : 18 000 €'): the record's
    budget then, when it has none yet."""
    if not name or label_field(name) != "budget":
        return False
    if amount is not None and rec.budget is None:
        rec.budget, rec.budget_text = amount, clean_text(written)
    return True


_NAMED_AS = re.compile(r"\b(?:baptisée?s?|intitulée?s?|dénommée?s?|appelée?s?|nommée?s?)\s*,?\s*[«“\"]\s*(?P<n>[^»”\"]{2,70}?)\s*[»”\"]",
                       re.IGNORECASE)
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


def _heading_name(lines: list[Line], card: Card) -> tuple[str, str | None] | None:
    """The name (and the place) the heading a card begins with gives ('3.1 Le Jardin des Possibles – Eymoutiers
    (Haute-Vienne)' -> ('Le Jardin des Possibles', 'Eymoutiers (Haute-Vienne)')), or None: no heading, or a heading
    that is a field's line or names no one (no capital after its number)."""
    at = bisect_left(lines, card.start, key=lambda ln: ln.n)
    if at >= len(lines) or lines[at].n != card.start or not lines[at].heading or card_field(lines[at]) is not None:
        return None
    text = re.sub(r"^\s*(?:\d{1,2}(?:[.)]\d{1,2})*[.)°]?|[IVX]{1,4}[.)])\s+", "", lines[at].text).strip()
    if not text[:1].isupper() or len(text.split()) > 14:
        return None
    name, place = text, None
    dash = re.search(r"\s[–—-]\s+(?=\S)", text)
    if dash and _names_places(re.sub(r"\s*\(([^()]+)\)", r", \1", text[dash.end():])):
        name, place = text[:dash.start()].strip(), text[dash.end():].strip()
    return name, place  # (the text opens on a capital: so does its name before the dash)


# a council's decision to grant a subsidy, in a point of its minutes ('Il est proposé d'attribuer à l'association
# une subvention de 7 500 €', 'de lui attribuer une subvention de 12 000 €, versée en deux tranches')
_AGENDA_GRANT = re.compile(r"(?i)\b(?:attribu|accord|vers|octroi|allou)\w*\b[^.;]{0,80}?\bsubventions?\b[^.;]{0,60}?"
                           r"\d[\d\s\u202f\u00a0.,]*\s?(?:€|euros?)")
_PUBLIC_GIVERS = {"etat", "europe", "region", "departement", "commune", "epci", "caf", "etablissement-public"}


_CONVENTION_TITLE = re.compile(r"(?i)^\s*convention\s+(?:financière|de\s+financement|de\s+partenariat|d['’]objectifs|"
                               r"pluriannuelle|annuelle|attributive)")
_PARTY = re.compile(r"(?i)^\s*(?:entre|et)\s*(?::|,|les\s+soussignés\s*:?)\s*")
_CONVENTION_AMOUNT = re.compile(r"(?i)\bmontant\s+(?:de\s+la\s+|total\s+de\s+la\s+)?(?:subvention|participation|aide)"
                                r"(?:\s+\w+){0,3}\s*:\s*\d[\d\s\u202f\u00a0.,]*\s?(?:€|euros?)")
_CONVENTION_GRANT = re.compile(r"(?i)\b(?:attribue|accorde|verse|alloue)\w*\b[^.;]{0,80}?\bsubvention\b[^.;]{0,80}?"
                               r"\d[\d\s\u202f\u00a0.,]*\s?(?:€|euros?)")


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


_DATA_MEDIA_TYPES = {"text/csv", "text/tab-separated-values", "application/vnd.ms-excel", "application/json",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/jsonl",
                     "application/vnd.oasis.opendocument.spreadsheet"}
# a collectivity's kind in a file name, then its place ('departement-du-gers', 'region_occitanie', 'ville-de-brest')
_FILE_KINDS = {"departement": ("Département", "departement"), "region": ("Région", "region"),
               "ville": ("Ville de", "commune"), "commune": ("Commune de", "commune")}
_FILE_PARTICLES = {"de", "du", "des", "la", "l", "d"}


def _file_name_body(name: str, line: int) -> Body | None:
    """The collectivity a data file's name names ('subventions-associations-departement-du-gers-2023.csv' ->
    Département du Gers, 'ville_de_quimper_subventions_2024.xlsx' -> Ville de Quimper), or None: the words after the
    kind, up to a number, must name a territory of that kind (the longest that does)."""
    from isgraph.resolve import territories

    words = fold(Path(name).stem.replace("_", " ")).split()
    for i, w in enumerate(words):
        if w not in _FILE_KINDS:
            continue
        label, kind = _FILE_KINDS[w]
        j = i + 1
        while j < len(words) and words[j] in _FILE_PARTICLES:
            j += 1
        end = next((k for k in range(j, len(words)) if words[k].isdigit()), len(words))
        for k in range(min(end, j + 5), j, -1):
            place = territories.resolve(" ".join(words[j:k]), None, allow_lieu=False)
            if place is not None and place.kind == kind:
                from isgraph.resolve.actors import ActorResolver

                actor = ActorResolver().resolve(f"{label} {place.label}", None)  # ('Département du Gers')
                return Body(actor.label if actor is not None else f"{label} {place.label}", line, kind)
    return None


class GeneriqueExtractor(Extractor):
    family = "generique"
    label = "Lecteur générique : tout document qu'aucune famille ne reconnaît"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        return 0.0  # never chosen by score: the registry's fallback

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        lines = clean_lines(doc)
        if not lines or no_initiative_page(doc, lines):
            return []
        out = self._extract(doc, lines)
        _funded_elsewhere(out, lines)
        if len(out) >= 2:  # 'Chaque projet reçoit une bourse de 8 000 € financée par la Région Bretagne.'
            each = _each_project_funders(lines, min(r.start for r in out))
            for rec in out:
                for f in each:
                    k = next((k for k, x in enumerate(rec.financements) if fold(x.funder) == fold(f.funder)), None)
                    if k is None:
                        _add_funders(rec, [f])
                    elif rec.financements[k].amount is None:  # (the calling body's money, its amount now known)
                        rec.financements[k] = f
        presented = _presented_org(lines)
        if presented is not None:  # 'Les Ateliers du Fil Rouge est une association …' over its activities
            name, at = presented
            home = [place for place, _ in _places(strip_contacts(at.text), [])][:2]  # '… fondée en 2011 à Roubaix'
            for rec in out:
                if not rec.porteurs and fold(name) != fold(rec.title):
                    rec.porteurs.append(Mention(name, at.n))
                    if not rec.territoires:
                        rec.territoires += [Mention(name, at.n) for name in home]
        listed = _listed_funders(lines, out)
        for rec in out:  # 'NOS PARTENAIRES FINANCIERS : État, Région Normandie, …' below a report's actions
            _add_funders(rec, listed)
        _cover_joined_lines(out, lines)
        return out

    def _extract(self, doc: SourceDocument, lines: list[Line]) -> list[InitiativeRecord]:
        self._doc_places = document_places(joined(lines).text)
        self._home = municipal_home(lines)
        prized = paragraph_laureates(lines)
        if prized:  # a palmarès by prize headings, each laureate's fields below ('Lauréat : …')
            return self._laureates(doc, lines, prized)
        cards = find_cards(lines)
        if len(cards) >= 3 and "titre" not in cards[0].fields and set(cards[0].fields) <= {"porteur", "autre"} \
                and all("titre" in c.fields for c in cards[1:]):
            # 'GAL X' / 'Structure porteuse : PETR Y' above the dossiers, each with its 'Intitulé :': the
            # document's letterhead, no initiative
            cards = cards[1:]
        if len(cards) >= 2 and "porteur" in cards[0].fields and "titre" not in cards[0].fields \
                and "titre" in cards[1].fields and not any("porteur" in c.fields for c in cards[1:]) \
                and not any("titre" in c.fields for c in cards[2:]):
            # a grant application's sections ('1. Identification de l'association', '2. Description de l'action',
            # '3. Budget'): one initiative, the action, carried by the association the first section names
            merged = merged_fields([cards[1], cards[0], *cards[2:]])
            cards = [Card(cards[0].start, cards[-1].end, cards[1].title, merged,
                          [ln for c in cards for ln in c.body])]
        if cards:
            # sections of the same page written as prose, between the cards ('## Le Bon Couvert, cantine …'
            # under the Département's laureates, with no 'Porteur :' field): initiatives too
            prose_secs = self._project_sections(lines)
            if not prose_secs and ("porteur" in cards[0].fields or "titre" in cards[0].fields) \
                    and not any(k in c.fields for c in cards[1:] for k in ("porteur", "titre")):
                cards = [_whole_page_card(cards, lines)]
            by_n = {ln.n: ln for ln in lines}
            if cards and all(c.title and by_n.get(c.title[0]) is not None and by_n[c.title[0]].numbered for c in cards):
                # the cards are numbered items ('1. La recyclerie mobile', '3. Le Repair café'): the numbered item
                # between them with no field of its own ('2. L'atelier vélo') is one too
                taken = {h.n for h, _ in prose_secs}
                prose_secs += [(s.heading, s.lines) for s in sections(lines) if s.heading is not None
                               and s.heading.numbered and s.heading.n not in taken and s.lines]
                prose_secs.sort(key=lambda hs: hs[0].n)
            first = min([cards[0].start] + [h.n for h, _ in prose_secs])
            body = _calling_body(lines, first)
            co_funders = _header_funders(lines, first, body)
            out = [r for c in cards if (r := self._card(doc, c, lines, body)) is not None]
            carded = {fold(r.title) for r in out}
            for heading, sec in prose_secs:
                last = sec[-1].n if sec else heading.n
                if any(heading.n <= c.start <= last or c.start <= heading.n <= c.end for c in cards):
                    continue
                recap = find_table([heading] + sec)
                if recap and all("titre" in row.cells and fold(row.cells["titre"]) in carded for row in recap):
                    continue  # a table of the initiatives the cards present ('Récapitulatif des aides'): no other
                rec = self._block(doc, [heading] + sec, title=quoted(heading.text) or heading.text, body=body,
                                  lead=sec)
                if rec is not None:
                    if body is not None:  # '12 500 € du Département' is the body's money: one funding
                        _merge_body_fundings(rec, body)
                    out.append(rec)
            out.sort(key=lambda r: r.start)
            self._placed_by_names(out)
            author = _report_author(lines)
            for r in out:
                _add_funders(r, co_funders)
                if author is not None and not r.porteurs:  # an association's activity report: its own projects
                    r.porteurs.append(Mention(*author))
            return out
        entries = _directory_entries(lines, doc.lines)
        if entries:  # a directory of structures ('### Garage solidaire Roue Libre' / 'Activité : …' / 'Adresse : …')
            out = [r for e in entries if (r := self._entry(doc, *e)) is not None]
            if len(out) >= 2:
                return out
        tables = []  # every table of the document: a workbook's sheets, a page's tables one under another
        rows = find_table(lines)
        while rows:
            tables.append(rows)
            rows = find_table([ln for ln in lines if ln.n > rows[-1].line.n])
        if tables:  # one initiative per row of a table whose header names the fields
            out = []
            for k, rows in enumerate(tables):
                # the text above this table, from the previous one's end: its caption ('## 2025', 'Subventions
                # accordées en 2025')
                since = tables[k - 1][-1].line.n if k else 0
                out += self._table_rows(doc, lines, rows, [ln for ln in lines if since < ln.n < rows[0].line.n])
            if out:
                first_row, last_row = tables[0][0].line.n, tables[-1][-1].line.n
                self._row_details(doc, lines, last_row, out)
                # a grant decided in prose before or after the table ('Article 1 : d'attribuer … 60 000 € à la SCOP
                # X pour …', the table annexed; 'Article 3 : … 18 000 € à l'association Y pour …' below it): one
                # initiative more, unless its beneficiary is a row's
                if _DELIBERATION.search(" ".join(ln.text for ln in lines)):
                    rowed = {fold(m.name) for r in out for m in r.porteurs}
                    for part in ([ln for ln in lines if ln.n < first_row], [ln for ln in lines if ln.n > last_row]):
                        if not part:
                            continue
                        jt2 = joined(part)
                        text2 = strip_contacts(jt2.text)
                        grants = [_named_fully(g, _orgs(text2))
                                  for g in find_grants(text2, _orgs(text2, keep_generic=True))]
                        grants = [g for g in grants if fold(g.beneficiary.name) not in rowed]
                        if grants:
                            out += self._grants(doc, lines, jt2, text2, grants, [])
                    out.sort(key=lambda r: r.start)
                return out
        if _DELIBERATION.search(" ".join(ln.text for ln in lines)):
            items = self._agenda_items(doc, lines)
            if items:  # a council's minutes, point by point: the points granting a subsidy to a named body
                return items
        laureates = find_laureates(lines)
        if laureates:  # (not the items of a section that presents no initiative: 'Nos membres', 'Agenda')
            other = {ln.n for sec in sections(lines) if sec.heading is not None and len(sec.heading.text.split()) <= 4
                     and is_other_section(sec.heading.text) for ln in sec.lines}
            laureates = [it for it in laureates if it.line.n not in other]
        if laureates:
            return self._laureates(doc, lines, laureates)
        briefs_at = next((k for k, ln in enumerate(lines) if k > 2 and _BRIEFS.fullmatch(fold(ln.text).strip(" :-–"))),
                         None)
        if briefs_at is not None:  # 'EN BREF' under the story: the story, then one initiative per brief
            rec = self._article(doc, lines[:briefs_at])
            out = [rec] if rec is not None else []
            return out + self._briefs(doc, lines[briefs_at + 1:], _calling_body(lines, None))
        jt = joined([ln for ln in lines])
        text = strip_contacts(jt.text)
        orgs = _orgs(text)
        grants = [_named_fully(g, orgs) for g in find_grants(text, _orgs(text, keep_generic=True))]
        rows = self._grant_rows(lines) if _DELIBERATION.search(text) else []
        if rows or len(grants) >= 2:
            return self._grants(doc, lines, jt, text, grants, rows)
        if grants and _DELIBERATION.search(text):  # one grant: the whole deliberation is about it
            return self._one_grant(doc, lines, text, grants[0])
        secs = self._project_sections(lines, reports=True, opening=" ".join(x for x in doc.lines[:4] if x.strip()))
        if secs and _story_lead(lines, secs[0][0].n):
            secs = []  # one story under sub-headings ('Le Département à bord', 'Bientôt une matériauthèque')
        if secs:
            out = []
            first = secs[0][0].n
            # (the head ends at the first section, the sections of no initiative included: a bulletin's 'Travaux
            # de voirie' and its DETR are no funders of the stories below)
            first = min([first] + [s.heading.n for s in sections(lines) if s.heading is not None
                                   and lines[0].n < s.heading.n < first and is_other_section(s.heading.text)])
            publisher = _calling_body(lines, first)
            intro = " ".join(ln.text for ln in lines if ln.n < first)
            caller = None
            if publisher is not None and _SUPPORTED.search(intro):
                caller, publisher = publisher, None  # the projects a call / a Parc / a foundation supports
            elif publisher is not None and publisher.type_code not in _COLLECTIVITY_TYPES:
                publisher = None
            author = _report_author(lines) or _own_actions_author(lines, first) \
                if caller is None and publisher is None else None
            if author is not None:
                kind = organisation_type(author[0])
                if kind in _CALLING_TYPES - _COLLECTIVITY_TYPES:  # a foundation's report: the projects it funds
                    caller = Body(author[0], author[1], kind)
                else:  # an association's activity report: its actions are its own, told in prose
                    publisher = Body(author[0], author[1], kind)
            co_funders = _header_funders(lines, first, caller) if caller else []
            for heading, sec in secs:
                items = _carried_items(sec)
                if items:  # '- France Services de Luzy, portée par X …' / '- …, porté par Y': one initiative each
                    out += self._carried(doc, sec, items, caller, publisher, co_funders, heading)
                    continue
                told = _told_projects(sec)
                if told:  # 'À Roubaix (Nord), l'association X a ouvert …' / 'À Amiens (Somme), la ferme …': each
                    for para in told:  # paragraph a project of its own
                        rec = self._block(doc, [para], title=told_title(para.text), body=caller,
                                          publisher=publisher, lead=[para])
                        if rec is not None:
                            if caller is not None:
                                _told_amount(rec, para.text, caller)
                            _add_funders(rec, co_funders)
                            out.append(rec)
                    continue
                q = quoted(heading.text)  # '« Les mercredis du mouvement »', not 'Prémery, territoire « zéro … »'
                before_q = heading.text.split(q)[0] if q else ""
                title = heading.text if q and ", " in before_q and ":" not in before_q else q or heading.text
                rec = self._block(doc, [heading] + sec, title=title, body=caller, publisher=publisher, lead=sec)
                if rec is not None:
                    _add_funders(rec, co_funders)
                    out.append(rec)
            if len(out) >= 2:
                return out
        # a social-network post: '🚐 L'épicerie itinérante « X », portée par …' / '👵 À Y, le centre social Z lance …':
        # one project per paragraph, funded by the poster
        out = self._paragraphs(doc, lines, _pictogram_projects(lines), told_title)
        if out:
            return out
        convention = self._convention(doc, lines)
        if convention is not None:  # a financial agreement: 'ENTRE : le Département de X … ET : l'association Y'
            return [convention]
        # a prize's press release: 'Le premier prix revient à l'association X, à Lannion …' / 'À Roubaix, l'association
        # Y reçoit 12 000 € pour …': one laureate a paragraph, the prize's body giving each amount
        out = self._paragraphs(doc, lines, _prize_paragraphs(lines), _prize_title)
        if out:
            return out
        # a call's results as titled items ('- Épicerie coopérative de Saint-Agnan. L'association X ouvre … Aide du
        # Parc : 12 000 €.') under a head announcing them ('a retenu quatre projets'): one initiative an item
        out = self._paragraphs(doc, lines, _titled_items(lines), _item_title)
        if out:
            return out
        inline = self._inline_laureates(doc, lines, jt, text)
        if inline:
            return inline
        rec = self._article(doc, lines)
        return [rec] if rec is not None else []

    def _carried(self, doc: SourceDocument, sec: list[Line], items: list[Line], caller: Body | None,
                 publisher: Body | None, co_funders: list[Funding], heading: Line) -> list[InitiativeRecord]:
        """One initiative per item of a section's list whose items each name their porteur; the funders of the
        section's introduction fund each item when it says so ('Chacune bénéficie d'une subvention de …')."""
        intro = joined([ln for ln in sec if ln.n < items[0].n])
        intro_text = strip_contacts(intro.text)
        shared = [Funding(rf.org.name, intro.line_of(rf.org.start), rf.amount, rf.phrase)
                  for rf in assign_roles(intro_text, _orgs(intro_text)) if rf.role == "financeur"] \
            if _EACH.search(intro_text) else []
        out = []
        for item in items:
            block = [item]  # (its own line: the text after the list speaks of them all)
            name = re.split(r",\s+port|\s+:\s+|\s+[–—]\s+", item.text)[0].strip()
            title = name if len(name.split()) <= 10 else heading.text
            rec = self._block(doc, block, title=title, body=caller, publisher=publisher, lead=block)
            if rec is not None:
                _add_funders(rec, shared + co_funders)
                out.append(rec)
        return out

    def _table_rows(self, doc: SourceDocument, lines: list[Line], rows, caption_lines: list[Line]) -> list[InitiativeRecord]:
        """The initiatives of one table's rows; `caption_lines`: the text between the previous table and this one."""
        body = _calling_body(lines, rows[0].line.n)
        if body is None and doc.media_type in _DATA_MEDIA_TYPES:
            # a data file has no letterhead: 'subventions-associations-departement-du-gers-2023.csv' names its body
            body = _file_name_body(doc.name, rows[0].line.n)
        co_funders = _header_funders(lines, rows[0].line.n, body) if body else []
        # the bodies the text above the table names in full ('la Région Occitanie'): a column 'Aide Région'
        # (the text, not the rows of a table above nor this table's header: 'État (BOP 147)' heads a column)
        named = [o.name for o in _orgs(strip_contacts(joined([ln for ln in lines if ln.n < rows[0].line.n
                                                              and not _cells(ln.text)]).text))
                 if not _unnamed(o.name)]
        # 'l'aide accordée, financée à parts égales par le Département et France Travail': each row's amount
        # shared by the body and the co-funders that sentence names
        shared = [f.funder for f in co_funders if _EQUAL_SHARES.search(f.text)]
        out = []
        # the year of the table's caption ('Programme Territoires solidaires 2025 – projets programmés',
        # 'Subventions attribuées en 2024', a sheet named '2025'): the rows' year when they state none
        caption = {int(y) for ln in caption_lines for y in re.findall(r"(?<![\d/.-])(20[0-4]\d)(?![\d/.-])", ln.text)}
        for row in rows:
            n = row.line.n
            # a grant column ('Montant voté', 'Aide accordée') with no one named as giving it (a data file without
            # its attributing body): an amount given, never the initiative's budget
            given_by_none = body is None and "financeurs" not in row.cells
            card = Card(n, n, (n, row.cells["titre"]) if "titre" in row.cells else None,
                        {k: [(n, v)] for k, v in row.cells.items()  # (its district: once its commune is known)
                         if k not in ("titre", "quartier") and not (k == "montant" and given_by_none)})
            rec = self._card(doc, card, lines, body)
            if rec is None:
                continue
            rec.financements = [_in_full(f, named) for f in rec.financements]
            _add_funders(rec, co_funders if any(f.document_level for f in rec.financements) else [])
            if shared and body is not None:
                _equal_shares(rec, body.name, shared)
            if not rec.annee and len(caption) == 1:
                rec.annee = sorted(caption)
            local = _local_funder(rec.financements, "financeurs" in row.cells)
            if not rec.territoires and local is not None:
                # a row without a place, granted by a commune, an EPCI, a Département (its 'nomAttribuant' column,
                # or the body the caption names: 'Subventions aux associations – Ville de Quimper'), or co-funded
                # by a commune or an EPCI among others ('État | Ville de Montluçon | Montluçon Communauté'): the
                # territory that body serves ('Ville de Ploumagoar' -> Ploumagoar)
                label = _territory_label(local)
                if label:
                    rec.territoires.append(Mention(label, n))
            out.append(rec)
        self._placed_by_names(out)
        quartiers = {r.line.n: r.cells["quartier"] for r in rows if "quartier" in r.cells}
        for rec in out:
            if rec.start in quartiers:
                _add_quartiers(rec, [(rec.start, quartiers[rec.start])], getattr(self, "_doc_places", ()))
        return out

    def _placed_by_names(self, recs: list[InitiativeRecord]) -> None:
        """A card or a row naming no place, no place given by its body either: the commune or département ending
        its porteur's name ('Association Familles Rurales de Bourganeuf'), when it lies in a région the document
        names (a river's name in a Breton list is no commune of Lorraine)."""
        for rec in recs:
            if rec.territoires:
                continue
            for m in rec.porteurs:
                place = _place_in_name(m.name, getattr(self, "_doc_places", ()))
                if place:
                    rec.territoires.append(Mention(place, m.line))
                    break

    def _row_details(self, doc: SourceDocument, lines: list[Line], last_row: int, recs: list[InitiativeRecord]) -> None:
        """A paragraph below a table that opens on a row's name in bold ('**Mobil'Aude** associe l'auto-école …, la
        Mission locale …', 'Focus sur deux projets'): its partners and funders are that row's."""
        for ln in lines:
            if ln.n <= last_row or not ln.lead or len(ln.text.split()) < 8:
                continue
            lead = fold(ln.lead).strip(" :.,")
            if len(lead) < 4:
                continue
            hits = [r for r in recs if any(re.search(rf"(?:^|\s){re.escape(lead)}$", fold(m.name))
                                           for m in r.porteurs) or fold(r.title) == lead]
            if len(hits) != 1:
                continue
            rec = hits[0]
            more = self._block(doc, [ln], title=rec.title, body=None, porteur=(rec.porteurs[0].name, ln.n)
                               if rec.porteurs else None, require_role=False)
            if more is None:
                continue
            known = {fold(m.name) for m in rec.porteurs + rec.partenaires} | {fold(f.funder) for f in rec.financements}
            rec.partenaires += [m for m in more.partenaires if fold(m.name) not in known]
            rec.financements += [f for f in more.financements if fold(f.funder) not in known]

    def _briefs(self, doc: SourceDocument, lines: list[Line], body: Body | None = None) -> list[InitiativeRecord]:
        """'Lagnieu. Les Jardins de la Côtière recrutent' over its paragraph: one brief each (its place before the
        full stop is where it is; the headline is its title)."""
        out = []
        for k, ln in enumerate(lines):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if nxt is None or not looks_like_heading(ln, nxt):
                continue
            stop = next((j for j in range(k + 1, len(lines)) if j + 1 < len(lines)
                         and looks_like_heading(lines[j], lines[j + 1])), len(lines))
            head = re.match(r"^(?P<p>[A-ZÉÈÀÂÎÔ][\w'’ -]{1,40}?)\.\s+(?P<t>\S.*)$", ln.text)
            title = head.group("t") if head and _names_places(head.group("p")) else ln.text
            rec = self._block(doc, lines[k:stop], title=title, body=None, lead=lines[k + 1:stop])
            if rec is not None:
                out.append(rec)
        if not out and not any(ln.heading for ln in lines):
            # briefs without headlines ('Également au conseil communautaire' over a paragraph each): each
            # paragraph naming its porteur and a funder is one
            for ln in lines:
                if len(ln.text.split()) < 12:
                    continue
                named = _SUPPORT_OF.search(ln.text)  # 'reconduit leur soutien au Relais petite enfance itinérant, …'
                rec = self._block(doc, [ln], title=named.group("t") if named else None, body=None, lead=[ln],
                                  publisher=body)  # ('la Communauté de communes y consacre 18 000 €': the page's)
                if rec is not None and rec.porteurs and rec.financements:
                    out.append(rec)
        return out

    # ---- laureates enumerated in a sentence -----------------------------------------------------------------
    def _inline_laureates(self, doc: SourceDocument, lines: list[Line], jt: JoinedText,
                          text: str) -> list[InitiativeRecord]:
        """Laureates enumerated in sentences ('Les trois lauréats sont l'association A (Brest) pour son jardin
        partagé, …', 'Parmi les lauréats figurent …'; `extract.inline`): one initiative per laureate, funded by the
        body that calls (with the laureate's amount, or the amount each one receives)."""
        items = inline_laureates(text)
        if len(items) < 2:
            return []
        body = _calling_body(lines, None)
        each = _each_amount(text)
        persons = list(dict.fromkeys(common.find_persons(jt.text) + find_persons(jt.text)))
        out = []
        for item in items:
            line = jt.line_of(item.at)
            title = item.title or item.org
            rec = InitiativeRecord(doc=doc.name, title=title[:1].upper() + title[1:], start=line, end=line)
            rec.porteurs.append(Mention(clean_text(item.org), line))
            if item.place:  # ('Rue', 'Albert' in parentheses: communes the document's département makes sure)
                rec.territoires.append(Mention(qualified_commune(clean_text(item.place),
                                                                 getattr(self, "_doc_places", ())), line))
            if body is not None and not _same_body(body.name, item.org):
                amount = item.amount if item.amount is not None else each
                rec.financements.append(Funding(body.name, body.line, amount, item.text, True))
            rec.personnes = persons
            out.append(rec)
        return out

    # ---- whole text ---------------------------------------------------------------------------------------
    def _article(self, doc: SourceDocument, lines: list[Line]) -> InitiativeRecord | None:
        # sections that are no initiative ('LE PARC RECRUTE', 'Agenda') are left out
        kept: list[Line] = []
        skip = False
        for k, ln in enumerate(lines):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if looks_like_heading(ln, nxt) or ln.heading:
                # (a bulletin page's rubric under its masthead, 'Vie associative', is the page's: its text is kept)
                skip = is_other_section(ln.text) and not (k <= 3 and len(ln.text.split()) <= 3 and any(
                    _MASTHEAD.search(x.text) or x.caps for x in lines[:k]))
            if not skip:
                kept.append(ln)
        lines = kept or lines
        first = lines[0]
        # a newspaper's or a newsletter's masthead above the headline ('Le Courrier de la Vallée – Édition de X',
        # 'Vosges | Société | Solidarité', 'LA LETTRE DU PARC – n° 42', 'Dans ce numéro : …'): not the title
        k = 0
        while k < min(3, len(lines) - 2) and (
                (not lines[k].heading and _MASTHEAD.search(lines[k].text))
                or (_PUBLICATION.match(lines[k].text) and any(ln.heading for ln in lines[k + 1 : k + 4]))):
            k += 1
        if k:
            while k < min(4, len(lines) - 2) and not lines[k].heading and (
                    is_org_name(lines[k].text) or _MASTHEAD.search(lines[k].text)):
                k += 1
            first = lines[k]
        elif len(lines) > 2 and not first.heading and (is_org_name(first.text) or (
                len(first.text.split()) <= 5 and len(lines[1].text.split()) > len(first.text.split()))) and (
                lines[1].heading or (len(lines[1].text.split()) <= 20 and not lines[1].text.endswith("."))):
            first = lines[1]  # 'Parc naturel régional X' or a newspaper's masthead above the page title
        title = None
        body_lines = lines
        if len(lines) > 1 and first.caps and len(first.text.split()) <= 8 and _KICKER.fullmatch(first.text.upper()):
            # 'EN BREF – VAL-DE-REUIL' above a brief: the title is the brief's first sentence when it is short
            lead = _first_sentence(lines[1].text)
            if lead and len(lead.split()) <= 16:
                title = lead.rstrip(".")
        if title is None and (first.heading or (len(first.text.split()) <= 16
                                                and not first.text.endswith((".", ";", ",")))):
            title = first.text.rstrip(" :")
            rubric = _RUBRIC.match(title)
            if rubric and len(title[rubric.end():].split()) >= 2:
                title = title[rubric.end():]  # 'Portrait : Le Relais des Possibles, un garage solidaire …'
                title = title[:1].upper() + title[1:]  # ('Zoom sur la recyclerie de Luzy')
            title = headline_name(title)
            body_lines = [ln for ln in lines if ln.n > first.n] or lines
        if title is not None:  # 'À Vierzon, le garage solidaire remet …' over 'le garage solidaire Roule Ma Poule
            title = named_in_lead(title, " ".join(ln.text for ln in body_lines[:3]))  # répare …': its name
        # 'L'initiative, baptisée « P'tits Loups sur roues », est portée par …': the initiative's own name
        named = _NAMED_AS.search(" ".join(ln.text for ln in body_lines[:6]))
        if named and named.group("n")[:1].isupper() and len(named.group("n").split()) <= 8:
            title = named.group("n").strip()
        rec = self._block(doc, lines, title=title, body=None, lead=body_lines)
        if rec is None:
            return None
        return rec

    def _body_of(self, lines: list[Line]) -> Body | None:
        return _calling_body(lines, None)

    def _entry(self, doc: SourceDocument, heading: Line, sec: list[Line], activity: list[Line],
               address: tuple[int, str, str] | None) -> InitiativeRecord | None:
        """One structure of a directory: what it does (its 'Activité'), titled and carried by the structure the
        heading names, placed in the commune of its address ('29600 Morlaix'); its contact persons scrubbed."""
        name = clean_text(heading.text).strip(" .:")
        # (the structure the heading names carries what it does: 'Garage solidaire Roue Libre', an organisation
        # by its proper name even without a kind the types know)
        porteur = (name, heading.n) if (organisation_type(name) or _orgs(name) or any(
            w[:1].isupper() for w in name.split()[1:])) and not looks_like_person(name) else None
        rec = self._block(doc, [heading] + activity, title=name, body=None, lead=activity, porteur=porteur,
                          require_role=False)
        if rec is None:
            return None
        rec.end = sec[-1].n if sec else heading.n
        if address is not None and not rec.territoires:
            rec.territoires.append(Mention(address[2], address[0]))
        persons = _contact_persons(f[1] for ln in sec if (f := card_field(ln)) is not None and f[0] == "contact")
        rec.personnes = list(dict.fromkeys(rec.personnes + persons))
        return rec

    # ---- one block of text --------------------------------------------------------------------------------
    def _block(self, doc: SourceDocument, lines: list[Line], *, title: str | None, body: Body | None,
               lead: list[Line] | None = None, porteur: tuple[str, int] | None = None,
               amount=None, require_role: bool = True, publisher: Body | None = None,
               hints: tuple[str, ...] = ()) -> InitiativeRecord | None:
        """`hints`: place names around the block (its list's heading) that settle an ambiguous place name."""
        jt = joined([ln for ln in lines])
        text = strip_contacts(jt.text)
        if not text.strip():
            return None
        orgs = _orgs(text)
        roles = _by_priority(_named_roles(assign_roles(text, _orgs(text, keep_generic=True)), orgs, body or publisher))
        rec = InitiativeRecord(doc=doc.name, title="", start=lines[0].n, end=lines[-1].n)
        taken: set[str] = set()
        funder_at: dict[str, int] = {}  # where in the text each funder of a cue is named
        if porteur is not None:
            rec.porteurs.append(Mention(porteur[0], porteur[1]))
            taken.add(fold(porteur[0]))
        for rf in roles:
            rf.org = _without_places(rf.org)
            key = fold(rf.org.name)
            if key in taken:
                continue
            line = jt.line_of(rf.org.start)
            if rf.role == "porteur":
                rec.porteurs.append(Mention(rf.org.name, line))
            elif rf.role == "financeur":
                rec.financements.append(Funding(rf.org.name, line, rf.amount, rf.phrase))
                funder_at[key] = rf.org.start
            else:
                rec.partenaires.append(Mention(rf.org.name, line))
            taken.add(key)
        for g in find_grants(text, orgs):  # "une subvention de 5 000 € à l'association X": X carries it
            if not rec.porteurs and fold(g.beneficiary.name) not in taken:
                rec.porteurs.append(Mention(g.beneficiary.name, jt.line_of(g.beneficiary.start)))
                taken.add(fold(g.beneficiary.name))
            # the one funder without an amount gives it, unless it is named after the grant's sentence ('…
            # 60 000 € à la SCOP X … . Le projet est cofinancé par l'État …': a co-funder)
            _, s1 = sentence_bounds(text, g.start)
            funders = [f for f in rec.financements if f.amount is None]
            if len(funders) == 1 and funder_at.get(fold(funders[0].funder), 0) < s1:
                rec.financements[rec.financements.index(funders[0])] = Funding(funders[0].funder, funders[0].line,
                                                                               g.amount, g.phrase)
        if not rec.porteurs and publisher is not None:  # a CCAS / commune page presenting its own actions
            rec.porteurs.append(Mention(publisher.name, publisher.line))
            taken.add(fold(publisher.name))
            rec.financements = [f for f in rec.financements if not _same_body(f.funder, publisher.name)]
        if not rec.porteurs:
            spans = [(rf.org.start, rf.org.end) for rf in roles]
            cand = self._subject(text, [o for o in orgs if not any(a < o.end and o.start < b for a, b in spans)],
                                 taken, body)
            if cand is not None:
                rec.porteurs.append(Mention(cand.name, jt.line_of(cand.start)))
                taken.add(fold(cand.name))
        if body is not None and amount is None:
            m = _BODY_AMOUNT.search(text)
            if m and organisation_type(m.group("w")) == body.type_code:
                got = find_amounts(text[m.start("amt"):])
                amount = got[0].value if got else None
        if body is not None and amount is None:
            amount = _labelled_amount(text)  # 'Montant proposé : 20 000 €', '… Subvention proposée : 35 000 €.'
        # an amount the block gives to a funder it names ('Soutien : 35 k€ (Banque des Territoires)') is not the body's
        claimed = amount is not None and any(f.amount == amount for f in rec.financements)
        if body is not None and fold(body.name) not in taken and not claimed and not any(
                fold(m.name) == fold(body.name) for m in rec.porteurs):
            if _MONEY_CALL.search(text) or amount is not None:
                rec.financements.append(Funding(body.name, body.line, amount, "", document_level=True))
                taken.add(fold(body.name))
        home = getattr(self, "_home", None)
        if home is not None:  # a commune's bulletin: 'la commune … a versé une subvention de 2 500 €' is its money
            own = _OWN_COMMUNE_PAYS.search(text) or _COUNCIL_VOTED.search(text)
            name = f"Commune de {home[0]}"
            if own and not any(_same_body(f.funder, name) for f in rec.financements) and \
                    not any(_same_body(m.name, name) for m in rec.porteurs):
                got = find_amounts(own.group("rest"))
                rec.financements.append(Funding(name, jt.line_of(own.start()), got[0].value if got else None,
                                                clean_text(own.group(0))))
        _plan_fundings(rec, lines)
        for fund in _label_funds(lines):
            if not any(fold(f.funder) == fold(fund.funder) and f.amount is not None for f in rec.financements):
                rec.financements = [f for f in rec.financements if fold(f.funder) != fold(fund.funder)] + [fund]
        porteur_keys = {fold(m.name) for m in rec.porteurs}
        rec.financements = [f for f in rec.financements if fold(f.funder) not in porteur_keys]
        if require_role and not rec.porteurs and not rec.financements:
            return None
        if require_role and porteur is None and not roles and not _INITIATIVE_WORDS.search(text) and \
                not _COST_FIELD.search(text):  # ('Coût : 155 000 €' under a list's item: a project)
            return None
        # the other organisations the block names take part in it: partners ("approvisionnée par la Banque
        # alimentaire", "les bénévoles de l'association X"), unless they are the document's body
        first_line_end = len(lines[0].text)
        for o in orgs:
            o = _without_places(o)
            key = fold(o.name)
            if o.start < first_line_end or not (o.head or _placed_acronym(o.name)) or len(o.name.split()) > 7 or \
                    re.search(r"\s[-–]\s|[«»“”\"\d]|\bpour\b", o.name):
                continue  # the title line, a name glued to a title or an amount
            if key in taken or (body is not None and _same_body(o.name, body.name)) or \
                    (publisher is not None and _same_body(o.name, publisher.name)) or \
                    any(a < o.end and o.start < b for a, b in [(rf.org.start, rf.org.end) for rf in roles]) or \
                    any(fold(m.name) == key or _same_body(m.name, o.name) for m in rec.porteurs) or \
                    any(_same_body(f.funder, o.name) for f in rec.financements):
                continue
            taken.add(key)
            rec.partenaires.append(Mention(o.name, jt.line_of(o.start)))
        # generic partner categories ("les associations locales", "des bénévoles")
        for phrase, pos in find_generic_partners(text):
            if fold(phrase) not in taken:
                taken.add(fold(phrase))
                rec.partenaires_generiques.append(Mention(phrase, jt.line_of(pos)))
        self._places(rec, text, jt, orgs, body, roles, hints)
        b = find_budget(text)
        if b is not None:
            rec.budget, rec.budget_text, rec.budget_period = b.value, b.text, b.period
        rec.annee = find_years(text)
        rec.personnes = list(dict.fromkeys(common.find_persons(jt.text) + find_persons(jt.text)
                                           + sorted(common.signed_names(jt.text))))
        rec.title = self._title(title, text, rec)
        # the initiative named as an organisation ('Le Thillot : la recyclerie Deuxième Vie donne …', then 'la
        # recyclerie Deuxième Vie a collecté …') is none of its partners
        rec.partenaires = _not_itself(rec.partenaires, rec.title)
        lead_text = joined([ln for ln in (lead or lines) if not ln.heading and not ln.byline]).text
        rec.description = _sentences(lead_text)
        rec.text = plain(f"{rec.title}. {text}")
        return rec

    @staticmethod
    def _title(title: str | None, text: str, rec: InitiativeRecord) -> str:
        if title:
            return bare_title(clean_text(title).strip(" .:;"))[:160]
        t = _title_from_text(text)
        if t:
            return t
        if rec.porteurs:
            return rec.porteurs[0].name
        return clean_text(text)[:80]

    @staticmethod
    def _subject(text: str, orgs: list[OrgMention], taken: set[str], body: Body | None) -> OrgMention | None:
        """The organisation the text is about: the first one opening a sentence ('L'association X propose…'),
        else the first one named that has no other role."""
        free = [o for o in orgs if fold(o.name) not in taken and not (body and fold(o.name) == fold(body.name))
                and not _a_fund(o.name)]
        # a named association, company or network opening a sentence before a collectivity does ('Le Département
        # et l'intercommunalité à bord' is a sub-heading of the association's story); a body the name does not
        # identify ('le Département') last
        free.sort(key=lambda o: (_unnamed(o.name), _SUBJECT_RANK.get(organisation_type(o.name) or "", 1)))
        for o in free:
            if _unnamed(o.name):
                continue
            s0, _ = sentence_bounds(text, o.start)
            lead = text[s0 : o.start]
            # (after a time or a place: 'Depuis le 2 avril, l'association X accueille …', 'À Figeac, la SCIC Y …')
            if re.fullmatch(r"\s*(?:(?:Le|La|Les|L['’]|À|A|Au|En)\s*)?(?:[A-ZÀ]\w+\s*,\s*)?(?:[Ll]['’]|[Ll]es?\s+|[Ll]a\s+)?\s*",
                            lead) or (_SUBJECT_RANK.get(organisation_type(o.name) or "", 9) <= 1 and re.fullmatch(
                                r"\s*[A-ZÀ][^,.;:«»()]{0,40}?\s*,\s*(?:[Ll]['’]|[Ll]es?\s+|[Ll]a\s+)?\s*", lead)):
                after = text[o.end : o.end + 30]
                if re.match(r"\s*(?:\([^)]*\)\s*)?,?\s*(?:[a-zéèêàâ]+)", after):
                    return o
        if free:
            return free[0]
        # no organisation found: a proper name opening a sentence before its verb ('Les Bâtisseurs Solidaires du
        # Forez accompagnent des propriétaires …')
        for m in _SUBJECT_NAME.finditer(text):
            name = m.group("name")
            if sum(1 for w in name.split() if w[:1].isupper()) >= 3 and not looks_like_person(name):
                return OrgMention(name, m.start("name"), m.end("name"), "")
        return None

    def _places(self, rec: InitiativeRecord, text: str, jt: JoinedText, orgs: list[OrgMention],
                body: Body | None, roles=(), hints_more: tuple[str, ...] = ()) -> None:
        porteur_keys = {fold(m.name) for m in rec.porteurs}
        # places inside the name of another organisation ('Banque alimentaire d'Ille-et-Vilaine') are not the
        # initiative's; a parenthesised list after a name ('(Aixe-sur-Vienne, Haute-Vienne)') is
        # (a collectivité named without a role, 'les particuliers de la Communauté de communes X', is a place)
        exclude = [(o.start, o.start + len(o.name.split(" (")[0])) for o in orgs if fold(o.name) not in porteur_keys
                   and organisation_type(o.name) not in _COLLECTIVITY_TYPES - {"ccas"}]
        exclude += [(rf.org.start, rf.org.end) for rf in roles if fold(rf.org.name) not in porteur_keys]
        # a porteur's own name that only starts like a commune ('Espace de vie sociale Le Trait d'Union')
        exclude += [(o.start + m.start(), o.start + m.end()) for o in orgs if fold(o.name) in porteur_keys
                    for m in _ARTICLE_NAME.finditer(o.name)]
        # a body whose kind is a district's ('la régie de quartier Bastide Emploi', 'maison de quartier X'): its
        # name is no district
        exclude += [(o.start, o.start + len(o.name.split(" (")[0])) for o in orgs
                    if re.search(r"(?i)\bde\s+quartiers?\b", o.name)]
        hints = tuple(x for x in (_territory_label(m.name) for m in rec.porteurs) if x)
        hints += getattr(self, "_doc_places", ()) + hints_more
        if body is not None:
            hints += tuple(x for x in [_territory_label(body.name)] if x)
        seen = set()
        for name, pos in _places(text, exclude, hints):
            seen.add(_slug(name) or fold(name))
            rec.territoires.append(Mention(name, jt.line_of(pos)))
        for m in rec.porteurs:
            label = _territory_label(m.name)
            kind = organisation_type(m.name)
            if label and (_slug(label) or fold(label)) not in seen and kind in _COLLECTIVITY_TYPES:
                seen.add(_slug(label) or fold(label))
                rec.territoires.append(Mention(label, m.line))
            elif label is None and kind in ("epci", "parc") and not is_generic(m.name) and fold(m.name) not in seen:
                # an intercommunalité or a Parc the gazetteer does not know is a territory all the same
                seen.add(fold(m.name))
                rec.territoires.append(Mention(m.name, m.line))
        if not rec.territoires and body is not None and body.type_code in _COLLECTIVITY_TYPES:
            label = _territory_label(body.name)
            if label:
                rec.territoires.append(Mention(label, body.line))
        home = getattr(self, "_home", None)
        if not rec.territoires and home is not None:  # a story of a commune's bulletin naming no place: its own
            rec.territoires.append(Mention(*home))
        # a Parc naturel régional acting in the initiative (porteur, partner, funder) is its territory too
        parcs = [m for m in rec.porteurs + rec.partenaires] + [Mention(f.funder, f.line) for f in rec.financements]
        if body is not None:
            parcs.append(Mention(body.name, body.line))
        for m in parcs:
            if organisation_type(m.name) == "parc":
                label = _territory_label(m.name)
                key = (_slug(label) if label else None) or fold(label or "")
                if label and key not in seen:
                    seen.add(key)
                    rec.territoires.append(Mention(label, m.line))

    # ---- cards --------------------------------------------------------------------------------------------
    def _card(self, doc: SourceDocument, card: Card, lines: list[Line], body: Body | None) -> InitiativeRecord | None:
        f = {k: _rejoined([(n, v) for n, v in vals if not is_placeholder(v)]) for k, vals in card.fields.items()}
        if not any(f.get(k) for k in ("porteur", "partenaires", "financeurs", "description")) and not card.body:
            return None  # a card left empty ('Porteur : à définir')
        rec = InitiativeRecord(doc=doc.name, title="", start=card.start, end=card.end)
        for n, value in f.get("porteur", []):
            for it in split_actor_items(strip_contacts(value)):
                if re.match(r"(?i)(?:à|au|aux|en)\s", it.name):  # 'association X, à Sées (Orne)': where it is
                    rec.territoires.append(Mention(clean_text(re.sub(r"^\S+\s+|\([^)]*\)", " ", it.name)), n))
                elif (with_ := re.match(r"(?i)(?:avec|en\s+lien\s+avec|en\s+partenariat\s+avec)\s+(?:l['’]|la\s+|le\s+|les\s+)?"
                                        r"(?=\S)", it.name)) and rec.porteurs:
                    # 'Commune du Blanc, avec l'association Brenne Numérique': the porteur, then a partner
                    partner = it.name[with_.end():]
                    if not looks_like_person(partner):
                        rec.partenaires.append(Mention(partner[:1].upper() + partner[1:], n))
                elif not looks_like_person(it.name) and not re.match(r"(?i)(?:son|sa|ses|leur|leurs)\s", it.name):
                    rec.porteurs.append(Mention(it.name, n))
                    branch = re.match(r"\S+(?:\s+\S+)?\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])(?P<p>[A-ZÉÈÀÂÎÔ].+)$",
                                      it.note) if it.note[:1].islower() else None
                    if branch and _names_places(branch.group("p")):  # '… - antenne de Guéret': where it acts
                        rec.territoires.append(Mention(clean_text(branch.group("p")), n))
        seen = {fold(m.name) for m in rec.porteurs}
        # 'Région Bretagne (20 000 €), …. Partenaire technique : Mission locale X': a second labelled list run on
        parts = [(n, labelled[1] if (labelled := card_field(Line(n, piece))) else piece)
                 for n, value in f.get("partenaires", [])
                 for piece in re.split(r"(?<=[).])\s+(?=[A-ZÉ][^:.]{2,40}\s:(?:\s|$))", value)]
        for n, value in parts:
            for it in split_actor_items(strip_contacts(value)):
                key = fold(it.name)
                if key in seen or looks_like_person(it.name):
                    continue
                seen.add(key)
                if re.search(r"financ|subvention|€|mécénat|dotation", it.note, re.IGNORECASE):
                    # 'Caisse d'allocations familiales de l'Ariège (financement de 15 000 €)'
                    got = find_amounts(it.note)
                    rec.financements.append(Funding(it.name, n, got[0].value if got else None, clean_text(value)))
                    continue
                generic = is_generic(it.name) and sum(1 for w in it.name.split() if w[:1].isupper()) < 2
                (rec.partenaires_generiques if generic else rec.partenaires).append(Mention(it.name, n))
        # 'Subvention : Région Bretagne (5 000 €)', 'Soutien : Fondation X': an amount field naming who gives it
        named_money = [(n, v) for n, v in f.get("montant", []) if _orgs(strip_contacts(v))]
        f["montant"] = [(n, v) for n, v in f.get("montant", []) if (n, v) not in named_money]
        # a partner listed again as a funder funds too ('Partenaires : CA de Cambrai' / 'Financements : CA de
        # Cambrai (15 000 €)'): both roles
        partner_keys = {fold(m.name) for m in rec.partenaires}
        seen -= partner_keys
        for n, value in f.get("financeurs", []) + named_money:
            if " | " in value:  # a funding plan's table row: 'FEADER (LEADER) | 32 000,00 € | 64 %'
                cells = [c.strip() for c in value.split(" | ")]
                money = next((find_amounts(c)[0] for c in cells[1:] if find_amounts(c)), None)
                name = clean_text(cells[0]).strip(" :")
                if _as_budget(rec, name, money.value if money else None, value):  # 'Coût total éligible | 50 000 €'
                    continue
                if money is None or not name or fold(name) in seen or _non_actor(name):
                    continue  # its header ('Financeur | Montant | Taux'), its total, own funds
                seen.add(fold(name))
                rec.financements.append(Funding(name, n, money.value, clean_text(value)))
                continue
            for item in _plan_parts(strip_contacts(value),
                                    r"\s*[;,]\s+(?=[^\d\s])|\s+-\s+(?![\d  .,]+\s?(?:€|euros?|k€|M€))|\s+\+\s+|"
                                    r"\.\s+(?=[A-ZÉ])"):  # (not 'Région Occitanie - 12 000 €': its amount)
                amounts = find_amounts(item)
                said = re.match(r"(?P<n>[^:]{3,80}?)\s+:\s+(?P<r>\D.*)$", item)  # 'Agglo X : mise à disposition
                if said and (_orgs(said.group("n")) or organisation_type(said.group("n"))):  # du bâtiment'
                    if _IN_KIND.search(said.group("r")):  # what it lends, not money: a partner
                        name = clean_text(said.group("n")).strip(" :-–,.")
                        if name and fold(name) not in seen and not looks_like_person(name):
                            seen.add(fold(name))
                            rec.partenaires.append(Mention(name, n))
                        continue
                    item = said.group("n") + " : " + " ".join(a.text for a in amounts[:1])
                    amounts = find_amounts(item)
                name = item
                if amounts and re.fullmatch(r"[^:]{2,80}?\s:\s*", item[: amounts[0].start]):
                    name = item[: amounts[0].start]  # 'État : 150 000 € sur 3 ans': the name, then its amount
                elif amounts:
                    name = item[: amounts[0].start] + item[amounts[0].end :]
                name = re.sub(r"\s*\((?=[a-zéèàç])[^()]*\)", "", name)  # '(dispositif « … »)': a remark, no name
                name = clean_text(re.sub(r"\(\s*\)|\s*[:(\-–]\s*$", "", name.strip())).strip(" :(-–,.")
                if name.endswith(")") and name.count("(") < name.count(")"):
                    name = name.rstrip(")").strip()  # ('X (5 000 €)' once its amount is out: 'X ()' or 'X)')
                if _as_budget(rec, name, amounts[0].value if amounts else None, item):  # 'Coût total : 18 000 €'
                    continue  # (run into the list)
                name = _funder_name(name)
                if not name or fold(name) in seen or re.fullmatch(r"[\d\s.,€%]+", name) or looks_like_person(name) \
                        or _non_actor(name):  # ('Autofinancement : 18 000 €' is a line of the plan, no funder)
                    continue
                if not amounts and (":" in item or not (_orgs(name) or organisation_type(name) or
                                                         re.fullmatch(r"[A-Z][A-Z+]{2,8}", name))):
                    continue  # 'Financeur : Montant' (a header), 'Avis du comité : FAVORABLE', '11 voix pour'
                seen.add(fold(name))
                rec.financements.append(Funding(name, n, amounts[0].value if amounts else None, clean_text(item)))
        # 'FEADER : 48 000 €', 'Département de l'Aveyron : 9 120 €': a field labelled by a funder's name alone (a
        # funding plan's line among the card's fields)
        if card.fields.get("autre"):
            from isgraph.extract.blocks import _plan_line

            lo = bisect_left(lines, card.start, key=lambda ln: ln.n)  # (the document's lines, in order)
            texts = {ln.n: ln.text for ln in lines[lo:bisect_right(lines, card.end, key=lambda ln: ln.n)]}
            for n, _ in card.fields["autre"]:
                plan = _plan_line(texts.get(n, ""))
                # a body's name, whole (not 'Montant FEADER sollicité')
                whole = _orgs(plan[0]) if plan is not None else []
                if len(whole) == 1 and whole[0].start == 0 and len(whole[0].name) >= len(plan[0]) - 2 \
                        and not _non_actor(plan[0]) and fold(plan[0]) not in seen:
                    seen.add(fold(plan[0]))
                    _put_funding(rec, Funding(_funder_name(plan[0]), n, plan[1], clean_text(texts[n])))
        # 'Recettes   Montant   Taux' over 'Région Bourgogne-Franche-Comté   120 000 €   20 %': a funding plan's
        # receipts laid out as a table in the card's text
        lo = bisect_left(lines, card.start, key=lambda ln: ln.n)
        for ln, name, amount in _receipts_rows(lines[lo:bisect_right(lines, card.end, key=lambda ln: ln.n)]):
            if fold(name) not in seen:
                seen.add(fold(name))
                _put_funding(rec, Funding(name, ln.n, amount, clean_text(ln.text)))
        # a data file's SIRET columns ('idBeneficiaire', 'idAttribuant'): the identifier of the one porteur / funder
        for key, names in (("siret", [m.name for m in rec.porteurs]), ("siret_attribuant", rec.financeurs)):
            sirens = {s for s in (siren_of(v) for _, v in f.get(key, [])) if s}
            if len(sirens) == 1 and len(names) == 1:
                rec.sirens[names[0]] = sirens.pop()
        terr_seen: set[str] = set()
        for n, value in f.get("territoire", []):
            whole = _WHOLE_AREA.match(value.strip())
            if whole:  # 'Ensemble du département': the one département (région) the document names
                area = _document_area(getattr(self, "_doc_places", ()),
                                      "departement" if "départ" in whole.group(1).lower() else "region")
                if area and fold(area) not in terr_seen:
                    terr_seen.add(fold(area))
                    rec.territoires.append(Mention(area, n))
                continue
            located = re.fullmatch(r"\s*([^,;/()]+?)\s*\(([^()]+)\)\s*\.?", value)
            if located and _names_places(located.group(2)) and needs_its_departement(located.group(1)):
                v = f"{located.group(1)} ({located.group(2)})"  # 'Vitré (Ille-et-Vilaine)': that département's
                if fold(v) not in terr_seen:
                    terr_seen.add(fold(v))
                    rec.territoires.append(Mention(v, n))
                continue
            for v in re.split(r"\s*[,;/]\s*|\s+et\s+", re.sub(r"\([^)]*\)", "", value)):
                # ('Saulieu (Côte-d'Or), dans le Parc naturel régional du Morvan': the Parc)
                v = re.sub(r"(?i)^(?:dans|sur|au\s+sein\s+d[eu])\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(?=[A-ZÉ])", "",
                           clean_text(v).strip(" ."))
                if v and fold(v) not in terr_seen:
                    terr_seen.add(fold(v))
                    rec.territoires.append(Mention(qualified_commune(v, getattr(self, "_doc_places", ())), n))
        for n, value in f.get("budget", []):
            amounts = find_amounts(value)
            if amounts and rec.budget is None:
                rec.budget, rec.budget_text = amounts[0].value, clean_text(value)
                rec.budget_period = "annuel" if amounts[0].yearly else None
        for n, value in f.get("annee", []):
            rec.annee = sorted(set(rec.annee) | set(int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", value)))
        desc = " ".join(v for _, v in f.get("description", []))
        free = " ".join(ln.text for ln in card.body if not ln.byline)
        rec.description = _sentences(desc) if desc else _sentences(free)
        for n, value in f.get("montant", []):  # 'Montant attribué : 7 500 €' by the body running the call
            amounts = find_amounts(value)
            if amounts and body is not None and fold(body.name) not in seen:
                seen.add(fold(body.name))
                rec.financements.append(Funding(body.name, n, amounts[0].value, clean_text(value), True))
            elif amounts and body is None and rec.budget is None:  # no one gives it: the card's own amount
                rec.budget, rec.budget_text = amounts[0].value, clean_text(value)
        if rec.budget is None:  # '… à 2 € par jour. Budget prévisionnel : 148 000 €.' in the card's free text
            b = find_budget(strip_contacts(" ".join(ln.text for ln in card.body)))
            if b is not None:
                rec.budget, rec.budget_text, rec.budget_period = b.value, b.text, b.period
        # the card's free text: more roles ('avec le soutien financier de X', 'en lien avec Y') and places
        jt = joined(list(card.body) + [Line(n, v) for n, v in f.get("description", [])]
                    + ([Line(*card.title)] if card.title else []))
        text = strip_contacts(jt.text)
        orgs = _orgs(text)
        for rf in assign_roles(text, orgs):
            key = fold(rf.org.name)
            if key in seen or rf.role == "financeur" and rf.amount is None and _unnamed(rf.org.name) and any(
                    _same_body(rf.org.name, x.funder) for x in rec.financements):
                continue  # ('La subvention du Fonds finance …': the fund the card already names)
            seen.add(key)
            line = jt.line_of(rf.org.start)
            if rf.role == "financeur":
                rec.financements.append(Funding(rf.org.name, line, rf.amount, rf.phrase))
            elif rf.role == "partenaire" or rec.porteurs:
                rec.partenaires.append(Mention(rf.org.name, line))
            else:
                rec.porteurs.append(Mention(rf.org.name, line))
        funder_keys = {fold(x.funder) for x in rec.financements} | {fold(m.name) for m in rec.partenaires}
        # (a card that states its place: the places inside its bodies' names are theirs, 'Garage des Deux Rives')
        named_in = [(o.start, o.end) for o in orgs if fold(o.name) in funder_keys or (
            f.get("territoire") and organisation_type(o.name) not in _COLLECTIVITY_TYPES)]
        if card.title and f.get("territoire"):  # (a card's title named like a commune, 'L'Escale' at Saint-Céré)
            at = text.rfind(card.title[1].strip()[:40])
            if at >= 0:
                named_in.append((at, at + len(card.title[1].strip())))
        for name, pos in _places(text, named_in):
            if fold(name) not in terr_seen:
                terr_seen.add(fold(name))
                rec.territoires.append(Mention(name, jt.line_of(pos)))
        if not rec.territoires:
            for m in rec.porteurs:
                label = _territory_label(m.name)
                if label and organisation_type(m.name) in _COLLECTIVITY_TYPES:
                    rec.territoires.append(Mention(label, m.line))
        if f.get("quartier"):  # 'Quartier : Les Marais'
            _add_quartiers(rec, f["quartier"], getattr(self, "_doc_places", ()))
        body_text = free
        persons = _contact_persons(v for _, v in f.get("contact", []))
        # a signature or a quoted person in the card's own lines ('Le Président du Parc, Bernard X')
        card_text = "\n".join([v for vals in f.values() for _, v in vals] + [ln.text for ln in card.body])
        named = " | ".join(fold(m.name) for m in rec.porteurs + rec.partenaires) + " | " + \
            " | ".join(fold(x.funder) for x in rec.financements)
        # (never a name the card's actors bear: 'Association Jean Moulin' stays an actor, its label published)
        persons += sorted(p for p in common.marked_persons(card_text) if fold(p) not in named)
        rec.personnes = list(dict.fromkeys(persons))
        title = card.title[1] if card.title else None
        named = _heading_name(lines, card) if title is not None and title[:1].islower() else None
        if named is not None:
            # '## 3.1 Le Jardin des Possibles – Eymoutiers (Haute-Vienne)' over 'Objet : jardin maraîcher
            # d'insertion': the heading names the initiative (and its place), the field tells what it is
            title, place = named
            if place and not f.get("territoire"):
                rec.territoires = [Mention(place, card.start)] + [m for m in rec.territoires
                                                                 if fold(m.name) != fold(place)]
        title = card_name(title) if title is not None else None  # 'Roule Ma Poule : un garage vélo solidaire'
        if title is not None and quoted(title) and not title.startswith(("«", "“", '"')) is False:
            title = quoted(title)  # '« Les mercredis du mouvement » – Mont-de-Marsan'
        if title is None:
            title = _title_from_text(desc or body_text) or (rec.porteurs[0].name if rec.porteurs else None)
        if not title:
            return None
        rec.title = bare_title(clean_text(title).strip(" .:"))
        rec.personnes = [x for x in rec.personnes if fold(x) not in fold(rec.title)]  # (a title's name stays)
        all_text = " ".join(v for vals in f.values() for _, v in vals) + " " + body_text
        rec.text = clean_text(f"{rec.title}. {strip_contacts(all_text)}")
        return rec

    # ---- laureates ----------------------------------------------------------------------------------------
    def _laureates(self, doc: SourceDocument, lines: list[Line], items: list[Laureate]) -> list[InitiativeRecord]:
        first = items[0].line.n
        body = _calling_body(lines, first)
        head_text = " ".join(ln.text for ln in lines if ln.n < first)
        head_years = {int(y) for y in re.findall(r"(?<![\d/.-])(20[0-4]\d)(?![\d/.-])", head_text)}
        money = bool(_MONEY_CALL.search(head_text)) or any(it.amount is not None for it in items)
        category = None
        out = []
        item_ns = {it.line.n for it in items} | {ln.n for it in items for ln in it.continuation}
        headings = [ln for ln in lines if ln.n not in item_ns and (ln.heading or (
            len(ln.text.split()) <= 6 and not ln.text.endswith(".")))]
        co_funders = _header_funders(lines, first, body) if money else []
        each = _each_amount(head_text) if money else None
        # the head's money goes to every item when it says so ('chacune') or when no item states an amount of its
        # own (a prize list where some prizes have a dotation and a 'mention spéciale' has none: only those)
        call_money = each is not None or (money and all(it.amount is None for it in items))
        for it in items:
            if is_other_section(it.line.text):
                continue  # a council's '4. Personnel communal – création d'un poste …', '3. Travaux de voirie – …'
            cat = [h for h in headings if h.n < it.line.n]
            category = cat[-1].text.strip(" :") if cat and cat[-1].n > first - 2 or (cat and cat[-1].n >= first) else None
            block = [it.line] + it.continuation
            por = (it.porteur, it.line.n) if it.porteur else None
            lead = [ln for ln in it.continuation if not (it.title and ln.text.strip(" «»“”\"") == it.title)]
            if it.porteur is None:  # a paragraph under a prize heading: the prize names a category, not the porteur
                category = re.split(r"\s+[–—-]\s+", it.label or "")[0] or None
            # 'Dans l'Isère, 2 projets …': the places of the item's heading settle its own ('Clés de Sol (Vienne)')
            hints = tuple(name for name, _ in _places(category, [], ())) if category else ()
            rec = self._block(doc, block, title=it.title, body=body if money else None, porteur=por,
                              amount=it.amount, require_role=False, lead=lead or None, hints=hints)
            if rec is None:
                continue
            if not it.continuation:
                rec.description = None
            rec.prix = it.prix
            if category and category != rec.title:
                rec.categorie = category
            named_money = {f.amount for f in rec.financements if f.amount is not None and not _same_body(f.funder, body.name)} \
                if body is not None else set()
            if body is not None and money and not (it.amount is not None and it.amount in named_money):
                # (an item amount the item gives to another named funder, '40 k€ (Banque des Territoires)', is not
                # the body's)
                amount = it.amount if it.amount is not None else each
                found = False
                for k, fnd in enumerate(rec.financements):
                    if fold(fnd.funder) == fold(body.name):  # (the block's own labelled amount when the item has none)
                        rec.financements[k] = Funding(fnd.funder, fnd.line, amount if amount is not None else fnd.amount,
                                                      it.line.text, True)
                        found = True
                if not found and call_money and not any(_same_body(m.name, body.name) for m in rec.porteurs):
                    # the money is the call's ('… reçoivent chacune une dotation de 3 000 €'), not in the item
                    rec.financements.append(Funding(body.name, body.line, amount, it.line.text, True))
            _add_funders(rec, co_funders)
            if not rec.annee and len(head_years) == 1:  # 'les lauréats de l'appel « Initiatives solidaires 2025 »'
                rec.annee = sorted(head_years)
            out.append(rec)
        return out

    # ---- deliberations ------------------------------------------------------------------------------------
    _ROW = re.compile(r"\s*[|;:–—-]\s*|\s{2,}|\.{3,}")

    def _paragraphs(self, doc: SourceDocument, lines: list[Line], paras: list[Line], title) -> list[InitiativeRecord]:
        """One initiative per paragraph that tells a project (`title(text)` its title), the body the text above the
        first one names giving each paragraph's free amount; [] unless two are read."""
        if not paras:
            return []
        caller = _calling_body(lines, paras[0].n)
        out = []
        for para in paras:
            rec = self._block(doc, [para], title=title(para.text), body=caller, lead=[para])
            if rec is not None:
                if caller is not None:
                    # ('Aide du Parc : 12 000 €' under 'le comité syndical du Parc naturel régional du Vercors')
                    rec.financements = [_in_full(f, [caller.name]) for f in rec.financements]
                    _told_amount(rec, para.text, caller)
                out.append(rec)
        return out if len(out) >= 2 else []

    def _convention(self, doc: SourceDocument, lines: list[Line]) -> InitiativeRecord | None:
        """A funding agreement ('CONVENTION FINANCIÈRE', 'Convention de partenariat', 'Convention d'objectifs') between
        the body that pays ('ENTRE : Le Département de la Dordogne, …') and the one that carries the project ('ET :
        L'association X, …'): one initiative, titled by the project it names ('Soutien au projet « Y »'), the first
        party giving the subsidy's amount ('Article 3 – Montant de la subvention : 18 500 €'), the plan's
        co-funders theirs ('les cofinancements suivants : Région Z : 15 000 € ; …'). None for other documents."""
        head = lines[:15]
        if not any(_CONVENTION_TITLE.match(ln.text) for ln in head):
            return None
        between = next((k for k, ln in enumerate(lines[:40]) if _PARTY.match(ln.text) and ln.text.lower().startswith("entre")), None)
        and_ = next((k for k, ln in enumerate(lines[:60]) if between is not None and k > between + 1
                     and _PARTY.match(ln.text) and ln.text.lower().startswith("et")), None)
        if between is None or and_ is None:
            return None
        giver, giver_line = next(((o, ln.n) for ln in lines[between:and_]
                                  for o in _orgs(strip_contacts(_PARTY.sub("", ln.text)))
                                  if organisation_type(o.name) in _CALLING_TYPES and not _unnamed(o.name)), (None, None))
        taker_line = next((ln for ln in lines[and_:and_ + 3] if _orgs(_PARTY.sub("", ln.text))), None)
        if giver is None or taker_line is None:
            return None
        taker = _orgs(strip_contacts(_PARTY.sub("", taker_line.text)))[0]
        body = Body(giver.name, giver_line, organisation_type(giver.name))
        text = " ".join(ln.text for ln in lines)
        amount = None
        for pattern in (_CONVENTION_AMOUNT, _CONVENTION_GRANT):
            m = pattern.search(text)
            if m:
                amount = find_amounts(m.group(0))[-1].value
                break
        named = next((q for ln in lines[:40] if (q := quoted(ln.text)) and re.search(r"(?i)\bprojet\s*(?:intitulé\s*)?«",
                                                                                     ln.text)), None)
        rest = lines[and_ + 1:]
        signed = next((k for k, ln in enumerate(rest) if re.match(r"(?i)fait\s+à\s", ln.text)), None)
        rest = [ln for ln in (rest[:signed] if signed else rest)  # (not the signatures: 'Fait à Périgueux, le …',
                if not re.search(r"(?i)\btribunal\s+administratif|\bjuridiction\s+compétente", ln.text)]  # the court)
        rec = self._block(doc, rest, title=named or f"Convention avec {taker.name}", body=body, lead=rest,
                          porteur=(taker.name, taker_line.n), amount=amount)
        if rec is None:
            return None
        rec.start = lines[0].n
        given = next((ln.n for ln in lines if amount is not None and (_CONVENTION_AMOUNT.search(ln.text) or
                                                                    _CONVENTION_GRANT.search(ln.text))), body.line)
        mine = [f for f in rec.financements if _same_body(f.funder, body.name)]
        rec.financements = [f for f in rec.financements if f not in mine] + (
            [Funding(body.name, given, amount, "", True)] if amount is not None else mine[:1])
        for ln in lines:  # 'fait apparaître les cofinancements suivants : Région X : 15 000 € ; …'
            plan = re.search(r"(?i)\bco-?financements?\s+(?:suivants|prévus|sollicités)?\s*:\s*(?P<p>.+)$", ln.text)
            if plan is None:
                continue
            for f in _plan_part_fundings(plan.group("p").rstrip(" ."), ln.n):
                if _orgs(f.funder) and not _same_body(f.funder, body.name):
                    _put_funding(rec, f)
        paying = {fold(f.funder) for f in rec.financements}
        rec.partenaires = [m for m in rec.partenaires if fold(m.name) not in paying]
        return rec

    def _agenda_items(self, doc: SourceDocument, lines: list[Line]) -> list[InitiativeRecord]:
        """A council's minutes numbered point by point in capitals ('4. VIE ASSOCIATIVE – SUBVENTION À
        L'ASSOCIATION LE GRENIER PARTAGÉ' over its report and vote): one initiative for each point that grants a
        subsidy ('Il est proposé d'attribuer à l'association une subvention de 7 500 €') to a body the point names,
        the council's body giving it; the other points (a works contract, a budget decision, a fonds de concours to a
        commune) none. [] when the minutes are not laid out so (three numbered points at least)."""
        heads = [k for k, ln in enumerate(lines) if ln.numbered and ln.caps and len(ln.text.split()) <= 18]
        if len(heads) < 3:
            return []
        body = _calling_body(lines, lines[heads[0]].n)
        out = []
        for a, b in zip(heads, heads[1:] + [len(lines)]):
            head, sec = lines[a], lines[a + 1:b]
            rubric = re.match(r"^[^–—-]{2,40}?\s+[–—-]\s+", head.text)  # 'Vie Associative – ': the council's rubric
            title = head.text[rubric.end():] if rubric else head.text
            if not sec or is_other_section(title):  # ('Questions diverses', 'Approbation du procès-verbal')
                continue
            said = " ".join(ln.text for ln in sec)
            grant = _AGENDA_GRANT.search(said)
            if grant is None:
                continue
            amount = find_amounts(grant.group(0))[-1].value
            named = [o for o in _orgs(strip_contacts(joined(sec).text)) if not _unnamed(o.name)
                     and organisation_type(o.name) not in _PUBLIC_GIVERS and (body is None or not _same_body(o.name, body.name))]
            if not named:
                continue
            title = re.sub(r"(?i)^(?:subvention|soutien|aide|participation)\s+(?:à\s+l['’]\s*|à\s+la\s+|au\s+|aux\s+|à\s+)",
                           "", title).strip()
            title = quoted(said) or title[:1].upper() + title[1:]
            at = next((ln.n for ln in sec if fold(named[0].name) in fold(ln.text)), sec[0].n)
            rec = self._block(doc, [head] + sec, title=title, body=body, lead=sec, amount=amount,
                              porteur=(named[0].name, at))
            if rec is not None:
                where = next((ln.n for ln in sec if _AGENDA_GRANT.search(ln.text)), head.n)
                rec.financements = [replace(f, line=where) if body is not None and f.funder == body.name
                                    and f.amount == amount else f for f in rec.financements]  # (the decision's line)
                out.append(rec)
        return out

    def _grant_rows(self, lines: list[Line]) -> list[tuple[Line, str, str | None, object]]:
        """Table rows of beneficiaries: 'Association X | atelier vélo | 3 500 €' -> (line, name, purpose, amount)."""
        out = []
        for ln in lines:
            amounts = find_amounts(ln.text)
            if not amounts or len(ln.text.split()) > 30 or is_total(re.split(r"\s*[|;:–—]\s*|\s{2,}", ln.text)[0]):
                continue
            orgs = _orgs(ln.text)
            if not orgs or orgs[0].start > 3:
                continue
            o = orgs[0]
            name = o.name
            # 'Association Les Pieds dans le Plat (Lille) : 10 000 € pour …': the row's name runs to its place or
            # colon (a lower-case word inside it cut the name the reader found)
            head = re.split(r"\s*\(|\s*:\s|\s+[–—-]\s", ln.text, maxsplit=1)[0].strip()
            if head.startswith(o.name) and len(head) > len(o.name) and len(head.split()) <= 10 \
                    and not find_amounts(head):
                name = head
            where = re.match(r"^(?P<n>.+?)\s*\((?P<p>[^()]+)\)$", name)
            if where and _names_places(where.group("p")):  # 'Association Lien d'Aisne (Laon)': its place apart
                name = where.group("n")
            between = ln.text[o.start + len(name) : amounts[-1].start]
            if re.search(r"\b(?:subvention|attribu|accord)\w*\b", ln.text[: o.start], re.IGNORECASE):
                continue
            purpose = clean_text(self._ROW.sub(" ", re.sub(r"\([^()]*\)", " ", between))).strip(" ,.:;()") or None
            if purpose is None:  # '… : 6 500 € pour des visites de convivialité …': the purpose after the amount
                after = ln.text[amounts[-1].end :]
                m = re.match(r"\s*(?:pour|au titre de)\s+(?P<p>[^.;]{3,160})", after, re.IGNORECASE)
                purpose = clean_text(m.group("p")).strip(" ,.:;") if m else None
                if purpose:
                    purpose = re.sub(r"(?i)^(?:(?:une|un|des|du|le|la|les)\s+|l['’]\s*)", "", purpose, count=1)
            if purpose and re.match(r"(?i)^(?:pour|au titre de)\s+", purpose):
                purpose = re.sub(r"(?i)^(?:pour|au titre de)\s+(?:son|sa|ses|leur|le|la|les|l['’])?\s*", "", purpose)
            if purpose:
                purpose = purpose[:1].upper() + purpose[1:]
            out.append((ln, name, purpose, amounts[-1].value))
        return out if len(out) >= 2 else []

    def _grants(self, doc: SourceDocument, lines: list[Line], jt: JoinedText, text: str, grants: list[Grant],
                rows) -> list[InitiativeRecord]:
        body = _calling_body(lines, None)
        out = []
        used_lines: set[int] = set()
        prev_end = -1
        heads = [ln for ln in lines if _ITEM_HEAD.match(ln.text)]
        for g in grants:
            start, end = jt.line_of(g.start), jt.line_of(max(g.end - 1, g.start))
            head = next((ln for ln in reversed(heads) if ln.n < start), None) if len(heads) >= 2 else None
            facts = [ln for ln in lines if head is not None and head.n < ln.n < start]
            if head is not None and head.n > prev_end and len(facts) <= 6 and \
                    not any(_PREAMBLE.match(ln.text) for ln in facts) and \
                    not any(start <= h.n <= end for h in heads):
                # 'Délibération n° 2025-013 : Soutien au chantier « … »' and its statement of the facts: the grant's
                # item, read from its heading on ('Le Président expose que l'association X … à Callian …')
                start = head.n + 1
            else:
                head = None
            prev_end = end
            block = [ln for ln in lines if start <= ln.n <= end]
            giver = self._giver(text, g, body)
            por = (_without_places(g.beneficiary).name, jt.line_of(g.beneficiary.start))  # ('X (Alès, Gard)' -> X)
            purpose = g.purpose
            if purpose and len(purpose.split()) > 12:  # '…, projet d'un budget de 54 000 € mené avec …': its name
                purpose = re.split(r",\s+|\s+(?:mené|menée|porté|portée|réalisé|réalisée)s?\s+(?:avec|par)\s", purpose)[0]
            if purpose is None and head is not None:
                purpose = _item_object(head.text, g) or _same_grant_purpose(" ".join(ln.text for ln in block), g)
            rec = self._block(doc, block, title=purpose or g.beneficiary.name, body=None, porteur=por,
                              require_role=False)
            if rec is None:
                continue
            self._set_funder(rec, giver, g.amount, g.phrase, jt.line_of(g.start))
            if not rec.territoires and body is not None:
                label = _territory_label(body.name) if body.type_code in _COLLECTIVITY_TYPES else None
                if label:
                    rec.territoires.append(Mention(label, body.line))
            rec.description = g.phrase
            used_lines.update(range(start, end + 1))
            out.append(rec)
        for ln, name, purpose, amount in rows:
            if ln.n in used_lines:
                continue
            rec = self._block(doc, [ln], title=purpose or name, body=None, porteur=(name, ln.n), require_role=False)
            if rec is None:
                continue
            self._set_funder(rec, body.name if body else None, amount, ln.text, ln.n)
            rec.budget = rec.budget_text = rec.budget_period = None  # the row's amount is the grant
            if not rec.territoires and body is not None and body.type_code in _COLLECTIVITY_TYPES:
                label = _territory_label(body.name)
                if label:
                    rec.territoires.append(Mention(label, body.line))
            rec.description = None
            out.append(rec)
        return out

    def _one_grant(self, doc: SourceDocument, lines: list[Line], text: str, g: Grant) -> list[InitiativeRecord]:
        body = _calling_body(lines, None)
        giver = self._giver(text, g, body)
        start = next((ln for ln in lines if not _HEADER_LINE.search(ln.text)), lines[0])
        act = next((ln for ln in lines[:15] if _ACT_TITLE.match(ln.text)), None)
        if act is not None and act.n > start.n:
            start = act  # the letterhead above 'ARRÊTÉ N° …' (the issuing service: 'Direction départementale de …')
        block = [ln for ln in lines if ln.n >= start.n]
        title = quoted(text) if quoted(text) and len(quoted(text).split()) <= 8 else None
        rec = self._block(doc, block, title=title or g.purpose or g.beneficiary.name, body=None,
                          porteur=(g.beneficiary.name, g.beneficiary.start and lines[0].n), require_role=False)
        if rec is None:
            return []
        if rec.porteurs and rec.porteurs[0].name == g.beneficiary.name:
            rec.porteurs[0] = Mention(g.beneficiary.name, next((ln.n for ln in lines if g.beneficiary.name in ln.text
                                                                or ln.text in g.phrase), rec.start))
        self._set_funder(rec, giver, g.amount, g.phrase, rec.porteurs[0].line if rec.porteurs else rec.start)
        if not rec.territoires and body is not None and body.type_code in _COLLECTIVITY_TYPES:
            label = _territory_label(body.name)
            if label:
                rec.territoires.append(Mention(label, body.line))
        return [rec]

    @staticmethod
    def _giver(text: str, g: Grant, body: Body | None) -> str | None:
        """Who gives the grant: an organisation of the same sentence with a funding verb, else the document's
        deliberating body."""
        s0, s1 = sentence_bounds(text, g.start)
        s1 = min(s1, g.end)  # the grant's own sentence ('Le projet est cofinancé par l'État …' after it: a co-funder)
        for rf in assign_roles(text[s0:s1], _orgs(text[s0:s1])):
            if rf.role == "financeur" and fold(rf.org.name) != fold(g.beneficiary.name) and \
                    rf.amount in (None, g.amount):  # ('…, avec le soutien de la MSA (9 000 €)': its own amount)
                return rf.org.name
        return body.name if body else None

    @staticmethod
    def _set_funder(rec: InitiativeRecord, giver: str | None, amount, phrase: str, line: int) -> None:
        if giver is None:
            return
        rec.financements = [f for f in rec.financements if fold(f.funder) != fold(giver)]
        rec.financements.insert(0, Funding(giver, line, amount, phrase))
        rec.porteurs = [m for m in rec.porteurs if fold(m.name) != fold(giver)]
        # ('le Conseil départemental' named in a block the Département funds is that funder, no partner)
        rec.partenaires = [m for m in rec.partenaires if fold(m.name) != fold(giver) and not _same_body(m.name, giver)]

    # ---- pages presenting several projects ----------------------------------------------------------------
    def _project_sections(self, lines: list[Line], reports: bool = False,
                          opening: str = "") -> list[tuple[Line, list[Line]]]:
        """`opening`: the document's first lines as read, page chrome included (a news page's 'Actualités')."""
        secs: list[Section] = []
        for s in sections(lines):
            if secs and s.heading is not None and not s.heading.heading and secs[-1].heading is not None \
                    and secs[-1].heading.heading and not secs[-1].lines and _orgs(s.heading.text):
                # a heading, then a short line naming the porteur ('### Un garage solidaire …' / 'Saint-Junien (87) –
                # Association X'): the heading titles the section, the short line is its first line (not under
                # '**1. La Cantine des Quais**', whose short line tells the project)
                secs[-1] = Section(secs[-1].heading, [s.heading] + s.lines)
                continue
            secs.append(s)
        secs = [s for s in secs if s.heading is not None]
        if len(secs) < 2:
            return []
        intro = " ".join(ln.text for ln in lines[:3])
        if not _MULTI_PROJECTS.search(intro) and not _DIGEST.search(intro) and not (reports and _REPORT.search(intro)) \
                and not (opening and _NEWS_PAGE.match(opening)):
            return []  # (an activity report told in prose: one initiative per action)
        good = []
        for k, s in enumerate(secs):
            if _field_heading(s.heading.text) or is_other_section(s.heading.text):
                continue  # (a magazine's 'État civil', 'Tribune de l'opposition')
            body_text = " ".join(ln.text for ln in s.lines)
            if not good and (_MULTI_PROJECTS.search(f"{s.heading.text} {body_text}") or _DIGEST.search(body_text)) \
                    and not _told_projects(s.lines):
                continue  # the page's title and its introduction announcing the projects (a newsletter's issue)
            if len(body_text.split()) >= 12:
                good.append((s.heading, s.lines))
        return good if len(good) >= 2 else []


_EQUAL_SHARES = re.compile(r"(?i)\b(?:à|a)\s+parts\s+égales\b|\bpour\s+moitié\s+chacun")


def _equal_shares(rec: InitiativeRecord, body: str, others: list[str]) -> None:
    """A row's amount given by the body alone, told as shared equally with `others`: each its share."""
    given = [f for f in rec.financements if _same_body(f.funder, body) and f.amount is not None]
    sharing = [f for f in rec.financements if any(fold(f.funder) == fold(o) for o in others) and f.amount is None]
    if len(given) != 1 or len(sharing) != len(others):
        return
    share = given[0].amount / (len(others) + 1)
    share = share.to_integral_value() if share == share.to_integral_value() else share.quantize(Decimal("0.01"))
    keep = {id(given[0]), *map(id, sharing)}
    rec.financements = [replace(f, amount=share) if id(f) in keep else f for f in rec.financements]
