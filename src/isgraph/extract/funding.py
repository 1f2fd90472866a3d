"""Who decides and who pays, for the generic reader (`isgraph.extract.generique`): the body a document's
letterhead, byline or opening lines name (the Région voting its commission permanente's grants, the Fondation
running its call), the amounts labelled as its grants ('Montant proposé : 18 000 €'), the funders of a funding
plan ('- FEADER : 16 k€', 'Financeur | Montant | Taux') and funders' names without the instrument
('garantie bancaire de X')."""

from __future__ import annotations

import re
from dataclasses import dataclass

from isgraph.extract.amounts import find_amounts
from isgraph.extract.blocks import Line, card_field, label_field
from isgraph.extract.common import organisation_type, strip_contacts
from isgraph.extract.cues import assign_roles, sentence_bounds
from isgraph.extract.mentions import _non_actor, _orgs, _unnamed, joined
from isgraph.extract.prose import OrgMention
from isgraph.extract.records import Funding, InitiativeRecord
from isgraph.normalize import clean_text, fold


@dataclass
class Body:
    """The body that runs the call / votes the grants of the whole document."""

    name: str
    line: int
    type_code: str | None


#: organisation types that run calls for projects, vote grants or award prizes
_CALLING_TYPES = {"region", "departement", "commune", "epci", "fondation", "etat", "europe", "caf", "parc",
                  "etablissement-public", "collectivite", "syndicat-mixte", "ccas"}


# the words before a co-financer of a call ('cofinancé par le', 'avec le concours financier de l'')
_COFINANCING = re.compile(r"(?:co-?financ\w*\s+par|avec\s+le\s+(?:concours|soutien|appui)(?:\s+financier)?|"
                          # 'Deux des lauréats sont également labellisés « Fabrique de territoire » par l'État'
                          r"\b(?:également|aussi|en\s+outre)\b[^.;:]{0,60}?\bpar|"
                          # 'Le budget … s'est élevé à 540 000 €, financé dans le cadre de la convention avec la Région':
                          # the writer's own funder
                          r"\bfinanc\w*\s+dans\s+le\s+cadre\s+d[^.;:]{0,60}?\b(?:avec|par)|\bconvention\s+[^.;:]{0,40}?\bavec)"
                          r"(?:\s+(?:le|la|les|l['’]|du|de\s+la|de\s+l['’]|des|de))?\s*$", re.IGNORECASE)


_COLLECTIVITY_TYPES = {"region", "departement", "commune", "epci", "ccas", "parc", "collectivite"}


_CALL_WORDS = re.compile(r"appels?\s+à\s+(?:projets?|initiatives?|candidatures?|manifestation)|lauréats?|palmarès|"
                         r"subventions?|dotations?|retenus?|sélectionn\w+|soutien\w*|financ\w+|attribu\w+|accord\w+|"
                         r"prix|trophées?|concours|délibér\w+|bénéficiaires?", re.IGNORECASE)


#: 'Aide du Parc : 25 000 €', 'subvention de la Région : 5 000 €': the amount the document's body gives
_BODY_AMOUNT = re.compile(r"\b(?:aide|subvention|soutien(?:\s+financier)?|participation|dotation|financement|contribution)"
                          r"\s+(?:du|de\s+la|de\s+l['’]|de)\s*(?P<w>[A-ZÉ][\w-]*)\s*(?::|de|d['’]un montant de)?\s*"
                          r"(?P<amt>\d)", re.IGNORECASE)


_AMOUNT_LABEL = re.compile(r"(?:^|[.;!?¶]\s+|\n|(?<=€)\s+|(?<=euros)\s+)(?P<label>[A-ZÉ][^.:;!?¶\n]{2,60}?)\s*:\s*(?P<amt>\d[\d\s.,]*\s*(?:k€|M€|€|euros?))")


_NAMED_FUND = re.compile(r"\b[A-Z][A-Z+]{2,}\b|\((?P<p>[^()]{2,40})\)")


def _grant_labels(text: str):
    """(amount, the fund the label names or None, the labelled text) of each labelled grant amount of a text
    ('Montant proposé : 20 000 €' -> None; 'Aide LEADER (FEADER) : 23 400 €' -> 'LEADER')."""
    for m in _AMOUNT_LABEL.finditer(text):
        label = m.group("label")
        if label_field(label) != "montant":
            continue
        got = find_amounts(m.group("amt"))
        if got:
            fund = _NAMED_FUND.search(label)
            yield got[0].value, (fund.group("p") or fund.group(0)).strip() if fund else None, m.group(0)


def _labelled_amount(text: str):
    """The amount of a labelled line or clause whose label names the grant ('Montant proposé : 20 000 €',
    'Subvention métropolitaine proposée : 35 000 €'): the deciding body's, in a block of its document. A label
    naming a fund or a funder of its own ('Aide LEADER (FEADER) : 23 400 €') is not the body's."""
    return next((amount for amount, fund, _ in _grant_labels(text) if fund is None), None)


def _label_funds(lines: list[Line]) -> list[Funding]:
    """'Aide LEADER (FEADER) : 23 400 €', 'Subvention FDVA : 3 000 €': the fund the label names, with its amount."""
    return [Funding(fund, ln.n, amount, clean_text(written)) for ln in lines
            for amount, fund, written in _grant_labels(ln.text) if fund is not None and not _non_actor(fund)]


_INSTRUMENT = re.compile(r"^(?:(?:une?|le|la|les|l['’])\s*)?(?:garantie(?:\s+bancaire)?|prêts?(?:\s+d['’]honneur|\s+à\s+taux"
                         r"\s+zéro|\s+participatifs?)?|avance\s+remboursable|aide(?:\s+à\s+l['’]\w+)?|subvention|bourse|"
                         r"dotation|mécénat|don|apport)\s+(?:de\s+la|du|de\s+l['’]|des|de|d['’])\s*(?=[A-ZÉ])", re.IGNORECASE)


def _funder_name(name: str) -> str:
    """'garantie bancaire de France Active Picardie' -> 'France Active Picardie', 'prêt de la Banque des Territoires'
    -> 'Banque des Territoires', 'Banque des Territoires (étude de faisabilité, )' -> 'Banque des Territoires': the
    funder, without the instrument or what it pays for (its amount already read)."""
    name = _INSTRUMENT.sub("", name).strip()
    name = re.sub(r"\s*\((?![A-Z]{2,}\+?\))[^()\d]*\)?\s*$", "", name).strip(" ,") or name
    dash = re.search(r"\s[–—-]\s", name)
    if dash and organisation_type(name[:dash.start()]) is not None \
            and organisation_type(name[dash.end():]) in (None, organisation_type(name[:dash.start()])):
        return name[:dash.start()]  # 'État – DSIL 2023', 'ADEME – Fonds économie circulaire': the body, then its programme
    return name


def _a_fund(name: str) -> bool:
    """'DETR', 'DSIL', 'FEADER', 'FSE+': a public fund, which pays for initiatives and never carries one."""
    return bool(re.fullmatch(r"[A-Z]{2,6}\+?", name)) and organisation_type(name) in ("etat", "europe")


_LOCAL_RANK = {"commune": 0, "ccas": 0, "epci": 1, "departement": 2, "region": 3}


def _letterhead_cell(text: str) -> bool:
    """'RÉGION NORMANDIE | Direction de l'économie sociale et solidaire': two cells, the first a collectivity's or
    a foundation's name (a running header), not a table's row nor a menu."""
    cells = text.split(" | ")
    if len(cells) != 2 or find_amounts(text):
        return False
    found = _orgs(cells[0])
    return bool(found) and found[0].start <= 3 and organisation_type(found[0].name) in _COLLECTIVITY_TYPES | {
        "fondation", "etat"}


def _calling_body(lines: list[Line], before: int | None) -> Body | None:
    """The calling / deliberating body named in the document's opening lines (before the first item)."""
    # (a running header of two cells, 'RÉGION NORMANDIE | Direction de l'économie sociale et solidaire', is a
    # letterhead: its first cell; other lines holding cells are a table's)
    head = [ln if "|" not in ln.text else Line(ln.n, ln.text.split(" | ")[0].strip(), ln.heading, ln.bullet, ln.lead,
                                                  ln.caps)
            for ln in lines if (before is None or ln.n < before) and ("|" not in ln.text or _letterhead_cell(ln.text))
            ][:12]
    if not head:
        return None
    # a body named only generically ('Conseil régional : 31 M€ votés…', 'la Région attribue') stands for the one
    # the head names in full ('Communiqué de la Région Bourgogne-Franche-Comté'): a named body of the same type wins
    letterhead = None
    for ln in head[:5]:  # a letterhead: 'DÉPARTEMENT DE SAÔNE-ET-LOIRE', 'Ville de Pornic – CCAS'
        found = _orgs(ln.text)
        # ('PRÉFET DE LA HAUTE-LOIRE' over a communiqué: the State's representative, whose programmes the text names;
        # 'Agence régionale de santé X' opening its results: the agency)
        first_line = ln is head[0] and bool(found) and found[0].end >= len(ln.text.rstrip(" .:")) - 3
        public = {"etat", "etablissement-public", "caf"} if first_line and (
            organisation_type(found[0].name) != "etat" or re.match(r"(?i)préfe(?:t|cture)\b", found[0].name)) else set()
        if found and found[0].start <= 3 and organisation_type(found[0].name) in _COLLECTIVITY_TYPES | {"fondation"} | public:
            body = Body(found[0].name, ln.n, organisation_type(found[0].name))
            # 'DÉPARTEMENT DE LA DORDOGNE' over 'COMMUNE DE RIBÉRAC': the address of a commune's act, whose body
            # is the commune (the most local of a letterhead's collectivities)
            if letterhead is None or (ln.n - letterhead.line <= 3 and _LOCAL_RANK.get(body.type_code, 9)
                                      < _LOCAL_RANK.get(letterhead.type_code, 9)):
                letterhead = body
            elif letterhead is not None:
                break
    if letterhead is not None and letterhead.name.isupper():
        # ('DÉPARTEMENT DES LANDES' over '… le Département des Landes et France Travail ont lancé …': as the text
        # writes it)
        written = next((o.name for ln in head for o in _orgs(ln.text)
                        if fold(o.name) == fold(letterhead.name) and not o.name.isupper()), None)
        if written is not None:
            letterhead = Body(written, letterhead.line, letterhead.type_code)
    if letterhead is not None and not _unnamed(letterhead.name):
        return letterhead
    jt = joined([ln for ln in head])
    text = jt.text
    candidates = []
    cofinancer: int | None = None  # the end of the last co-financer skipped
    for o in _orgs(text):
        t = organisation_type(o.name)
        if t not in _CALLING_TYPES:
            # 'le comité Grand Ouest de la Fondation de France', 'la délégation régionale de la Fondation X': the
            # body a committee or a branch belongs to
            inner = re.search(r"\b(?:de\s+la|du|de\s+l['’]|des)\s*(?=[A-ZÉ])", o.name)
            rest = o.name[inner.end():] if inner else ""
            if not rest or organisation_type(rest) not in _CALLING_TYPES:
                continue
            o, t = OrgMention(rest, o.start + inner.end(), o.end, o.head), organisation_type(rest)
        if _COFINANCING.search(text[max(0, o.start - 60):o.start]) or (cofinancer is not None and re.fullmatch(
                r"\s*(?:\(|(?:,|et|ainsi\s+que)\s*(?:la|le|les|l['’]|du|de\s+la|de\s+l['’]|des)?)\s*", text[cofinancer:o.start])):
            # 'l'appel à projets X, cofinancé par le Fonds européen … (FEADER)': a co-financer of the call (and
            # its acronym in brackets, the co-financers listed after it), not its body
            cofinancer = o.end
            continue
        s0, s1 = sentence_bounds(text, o.start)
        score = 2 if _CALL_WORDS.search(text[s0:s1]) else 1
        candidates.append((_unnamed(o.name), -score, o.start, o, t))
    if letterhead is not None:
        named = [c for c in candidates if not c[0] and c[4] == letterhead.type_code]
        if not named:
            return letterhead
        _, _, _, o, t = min(named, key=lambda c: (c[1], c[2]))
        return Body(o.name, jt.line_of(o.start), t)
    if not candidates:
        # 'Organisé par la Fédération X', 'le fonds de dotation Y, créé par …': the organiser named by a cue
        for rf in assign_roles(text, _orgs(text)):
            if rf.cue.startswith(("organis", "lanc", "port", "à l", "propos")) and rf.role == "porteur":
                return Body(rf.org.name, jt.line_of(rf.org.start), organisation_type(rf.org.name))
        return None
    _, _, _, o, t = min(candidates, key=lambda c: (c[0], c[1], c[2]))
    return Body(o.name, jt.line_of(o.start), t)


def _same_body(a: str, b: str) -> bool:
    """'le CCAS' written in a section and 'Centre communal d'action sociale de Lunel' heading the page."""
    if fold(a) == fold(b):
        return True
    ta, tb = organisation_type(a) or _generic_type(a), organisation_type(b) or _generic_type(b)
    return bool(ta) and ta == tb and (_unnamed(a) or _unnamed(b))


def _generic_type(name: str) -> str | None:
    """The type of the category a generic mention names ('le Fonds' -> fondation), or None."""
    from isgraph.resolve.actors import clean_actor_name
    from isgraph.resolve.generic import classify

    mention = classify(clean_actor_name(name))
    return mention.type_code if mention is not None else None


def _plan_fundings(rec: InitiativeRecord, lines: list[Line]) -> None:
    """The funders of a funding plan's lines in the block ('- FEADER : 18 k€', '- Département de l'Hérault :
    4 500 €'), each with its amount (the plan's own lines, 'Dépenses éligibles', 'Autofinancement', are none)."""
    from isgraph.extract.blocks import _plan_line

    for ln in lines:
        labelled = card_field(ln)
        if labelled is not None and labelled[0] == "financeurs" and labelled[1]:
            # 'Cofinancement : Région Occitanie, 5 850 €' in a section's text: the funder and its amount
            for f in _plan_part_fundings(labelled[1], ln.n):
                if _orgs(f.funder) or organisation_type(f.funder):
                    _put_funding(rec, f)
            continue
        plan = _plan_line(ln.text)
        if plan is not None and not _non_actor(plan[0]):
            _put_funding(rec, Funding(_funder_name(plan[0]), ln.n, plan[1], clean_text(ln.text)))
    for ln, name, amount in _receipts_rows(lines):
        _put_funding(rec, Funding(name, ln.n, amount, clean_text(ln.text)))


def _plan_part_fundings(text: str, line: int) -> list[Funding]:
    """The fundings of a funding plan's parts written on one line ('Région Occitanie, 5 850 € ; FEADER : 18 k€'):
    each part with an amount whose name before it is no own-funds line ('Autofinancement'); the caller checks the
    name is a body's."""
    out = []
    for part in _plan_parts(text):
        got = find_amounts(part)
        name = _funder_name(clean_text(part[: got[0].start] if got else part).strip(" ,:(–-"))
        if name and got and not _non_actor(name):
            out.append(Funding(name, line, got[0].value, clean_text(part)))
    return out


# the header of a funding plan's receipts, laid out as a table ('Recettes   Montant   Taux', 'Financeurs | Montant')
_RECEIPTS_HEAD = re.compile(r"(?i)^(?:recettes|ressources|financeurs|financements?|co-?financements?|"
                            r"plan\s+de\s+financement|origine\s+des\s+(?:fonds|financements))"
                            r"(?:\s+(?:prévisionnel\w*|sollicit\w*|attendu\w*))?(?:\s*\|?\s*(?:montants?(?:\s+\w+)?|"
                            r"en\s+€|€|\(€\)|taux|%|part|ht|ttc))*\s*:?$")
_RATE_TAIL = re.compile(r"\s*(?:\|\s*)?(?:\(?\d{1,3}(?:[.,]\d+)?\s*%\)?)?\s*$")


def _receipts_rows(lines: list[Line]) -> list[tuple[Line, str, object]]:
    """The funders of a funding plan's receipts written as a table, one a line under its header ('Recettes Montant
    Taux' over 'Région Bourgogne-Franche-Comté 120 000 € 20 %', 'ADEME – Fonds économie circulaire 90 000 €'):
    (line, funder, amount). Own funds ('Autofinancement'), loans and the total are none; the rows end at the first
    line that is not one."""
    out = []
    for i, ln in enumerate(lines):
        if not _RECEIPTS_HEAD.match(ln.text.strip()):
            continue
        for row in lines[i + 1:i + 16]:
            if row.n - ln.n > 20:
                break
            got = find_amounts(row.text)
            if not got or not _RATE_TAIL.fullmatch(row.text[got[0].end:]):
                break
            name = clean_text(row.text[:got[0].start]).strip(" |:–—-")
            if re.match(r"(?i)total\b", name):
                break
            name = _funder_name(name)
            if not name or _non_actor(name) or not (_orgs(name) or organisation_type(name)):
                continue
            out.append((row, name, got[0].value))
    return out


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    """re.split on the separators outside brackets and quotes: 'Région Occitanie (dispositif « Économie circulaire -
    Investissement ») : 25 000 €' is one part."""
    masked, depth = [], 0
    for c in text:
        if c in "(«[":
            depth += 1
        elif c in ")»]" and depth:
            depth -= 1
            masked.append("_")
            continue
        masked.append("_" if depth and not c.isspace() else ("\u00a0" if depth else c))
    flat = "".join(masked)
    out, last = [], 0
    for m in re.finditer(separators, flat):
        if m.end() == m.start():
            continue
        out.append(text[last:m.start()])
        last = m.end()
    out.append(text[last:])
    return out


def _plan_parts(text: str, separators: str = r"\s*;\s*") -> list[str]:
    """A funding plan's '; ' parts (or those of `separators`), and 'A : 5 000 € et B : 3 000 €' in two; not
    'Communauté de communes Sioule et Morge : 8 000 €' (the right side no organisation of its own, the left no
    amount: one body's name)."""
    out: list[str] = []
    for piece in _split_outside_brackets(text, separators):
        parts = re.split(r"\s+et\s+(?=[A-ZÉ])", piece)
        merged = [parts[0]]
        for right in parts[1:]:
            got = find_amounts(right)
            name = clean_text(right[: got[0].start] if got else right).strip(" ,:(–-")
            if not find_amounts(merged[-1]) and organisation_type(name) is None:
                merged[-1] = f"{merged[-1]} et {right}"
            else:
                merged.append(right)
        out += merged
    return out


def _put_funding(rec: InitiativeRecord, funding: Funding) -> None:
    """The funding of a funder the record may already hold (then its amount is this one)."""
    for k, f in enumerate(rec.financements):
        if fold(f.funder) == fold(funding.funder) or _same_body(f.funder, funding.funder):
            if f.amount is None or f.amount != funding.amount:
                rec.financements[k] = Funding(f.funder, funding.line, funding.amount, funding.text)
            return
    rec.financements.append(funding)


def _merge_body_fundings(rec: InitiativeRecord, body: Body) -> None:
    """The fundings of one body written twice ('12 500 € du Département' in the text, the Département du Gers
    running the page): one funding, by the body's full name, with the amount the text gives."""
    same = [f for f in rec.financements if _same_body(f.funder, body.name)]
    if len(same) < 2:
        return
    amount = next((f.amount for f in same if f.amount is not None), None)
    first = next((f for f in same if f.amount is not None), same[0])
    merged = Funding(body.name, first.line, amount, first.text, first.document_level)
    at = rec.financements.index(same[0])
    rec.financements = [f for f in rec.financements if f not in same]
    rec.financements.insert(at, merged)


def _header_funders(lines: list[Line], before: int, body: Body | None) -> list[Funding]:
    """Co-funders of a whole call, named in the opening lines ('avec le concours financier de X')."""
    head = [ln for ln in lines if ln.n < before][:12]
    if not head:
        return []
    jt = joined([ln for ln in head])
    text = strip_contacts(jt.text)
    out = []
    for rf in assign_roles(text, _orgs(text)):
        if rf.role == "financeur" and not (body and _same_body(rf.org.name, body.name)):
            out.append(Funding(rf.org.name, jt.line_of(rf.org.start), None, rf.phrase, True))
    return out


def _add_funders(rec: InitiativeRecord, funders: list[Funding]) -> None:
    have = {fold(f.funder) for f in rec.financements} | {fold(m.name) for m in rec.porteurs}
    for f in funders:
        if fold(f.funder) not in have:
            have.add(fold(f.funder))
            rec.financements.append(f)
