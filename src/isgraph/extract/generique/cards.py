"""The generic reader's cards and lists: a hand-written card ('Porteur : …'), a list of laureates, told
paragraphs (one initiative each)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract import common
from isgraph.extract.blocks import _names_places, card_field, label_field
from isgraph.extract.blocks import Card, Laureate, Line, is_placeholder, is_other_section, quoted
from isgraph.extract.titles import bare_title, card_name
from isgraph.extract.common import (is_generic, looks_like_person, organisation_type, siren_of, split_actor_items,
                                    strip_contacts)
from isgraph.extract.cues import assign_roles
from isgraph.extract.funding import (_plan_parts, _COLLECTIVITY_TYPES, Body, _add_funders, _calling_body, _funder_name,
                                     _header_funders, _put_funding, _receipts_rows, _same_body)
from isgraph.extract.mentions import _non_actor, _orgs, _unnamed, joined
from isgraph.extract.places import block_places as _places
from isgraph.extract.pages import _IN_KIND, _WHOLE_AREA, _document_area
from isgraph.extract.places import needs_its_departement, qualified_commune
from isgraph.extract.places import territory_label as _territory_label
from isgraph.extract.prose import find_budget
from isgraph.extract.generique.shared import (_MONEY_CALL, _add_quartiers, _contact_persons, _each_amount, _in_full,
                                              _sentences, _title_from_text, _told_amount)

_CUT_AFTER = re.compile(r"(?:\b(?:de|du|des|la|le|les|et|à|au|aux|en|sur|pour|par)|[dl]['’]|-|\(\d*|,)\s*$", re.IGNORECASE)


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


class CardReading:
    """Methods of the generic reader (`GeneriqueExtractor` mixes them in)."""

    # ---- cards --------------------------------------------------------------------------------------------
    def _card(self, doc: SourceDocument, card: Card, lines: list[Line], body: Body | None) -> InitiativeRecord | None:
        f = {k: _rejoined([(n, v) for n, v in vals if not is_placeholder(v)]) for k, vals in card.fields.items()}
        if not any(f.get(k) for k in ("porteur", "partenaires", "financeurs", "description")) and not card.body:
            return None  # a card left empty ('Porteur : à définir')
        rec = InitiativeRecord(doc=doc.name, title="", start=card.start, end=card.end)
        for n, value in f.get("porteur", []):
            # ('Tiers-lieu X – jardin, conserverie et repas à prix libre': the name, then what it does)
            told = re.search(r"\s[–—-]\s+(?=[a-zéèêàâîôûç])", value)
            if told and not common._BRANCH.match(value[told.start():].lstrip(" –—-")):  # (not '… - antenne de Guéret')
                value = value[:told.start()]
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
            if located and (" et " in located.group(1) or len(located.group(1).split()) > 6):
                located = None  # ('Langres et les communes du Pays de Langres (Haute-Marne)': a list, read below)
            if located and _names_places(located.group(2)) and needs_its_departement(located.group(1)):
                v = f"{located.group(1)} ({located.group(2)})"  # 'Vitré (Ille-et-Vilaine)': that département's
                if fold(v) not in terr_seen:
                    terr_seen.add(fold(v))
                    rec.territoires.append(Mention(v, n))
                continue
            parts = re.split(r"\s*[,;/]\s*|\s+et\s+|\s+[–—-]\s+", re.sub(r"\([^)]*\)", "", value))
            listed = len(parts) > 1
            # (the département in brackets after a list of places: 'Langres et les communes du Pays de Langres
            # (Haute-Marne)')
            parts += [x for x in re.findall(r"\(([^()]+)\)", value) if listed and _names_places(x)]
            for v in parts:
                # ('Saulieu (Côte-d'Or), dans le Parc naturel régional du Morvan': the Parc)
                v = re.sub(r"(?i)^(?:dans|sur|au\s+sein\s+d[eu])\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?(?=[A-ZÉ])", "",
                           clean_text(v).strip(" ."))
                if listed and v[:1].islower() and not re.match(r"quartiers?\s", v):
                    # 'les communes de la Vallée de l'Ubaye Serre-Ponçon': the area they make up; a list's other
                    # lower-case words name no place (a district does: 'quartier Belencontre')
                    area = re.match(r"(?:les|l['’]ensemble\s+des|toutes\s+les)\s+(?:\w+\s+)?(?:communes|villages|"
                                    r"quartiers|vallées)\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*(?P<a>[A-ZÉÈÀÂÎÔ].+)$", v)
                    if area is None:
                        continue
                    v = area.group("a")
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
