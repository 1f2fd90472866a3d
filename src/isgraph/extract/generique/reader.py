"""The generic reader's core: a document's blocks chosen and read (`GeneriqueExtractor`), the parts it
mixes in (cards, acts, news, rows) beside it."""

from __future__ import annotations

import re
from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract import common
from isgraph.extract.base import Extractor
from isgraph.extract.blocks import card_field, merged_fields
from isgraph.extract.blocks import (Card, Line, clean_lines, find_cards, find_laureates, is_other_section,
                                    no_initiative_page, paragraph_laureates, quoted, Section, sections)
from isgraph.extract.tables import find_table
from isgraph.extract.titles import bare_title, told_title
from isgraph.extract.common import is_generic, looks_like_person, organisation_type, strip_contacts
from isgraph.extract.cues import assign_roles, find_grants, sentence_bounds
from isgraph.extract.funding import (_BODY_AMOUNT, _CALLING_TYPES, _COLLECTIVITY_TYPES, Body, _a_fund, _add_funders,
                                     _calling_body, _header_funders, _label_funds, _labelled_amount,
                                     _merge_body_fundings, _plan_fundings, _same_body)
from isgraph.extract.mentions import _orgs, _unnamed, joined, plain
from isgraph.extract.places import block_places as _places
from isgraph.extract.pages import (_directory_entries, _each_project_funders, _funded_elsewhere, _pictogram_projects,
                                   _presented_org, _whole_page_card)
from isgraph.extract.places import document_places
from isgraph.extract.places import municipal_home
from isgraph.extract.places import territory_label as _territory_label
from isgraph.extract.places import territory_slug as _slug
from isgraph.extract.prose import JoinedText, OrgMention, find_budget, find_generic_partners, find_persons, find_years
from isgraph.extract.generique.shared import (_ARTICLE_NAME, _BRIEFS, _COST_FIELD, _COUNCIL_VOTED, _DELIBERATION,
                                              _DIGEST, _EACH, _INITIATIVE_WORDS, _MONEY_CALL, _MULTI_PROJECTS,
                                              _NEWS_PAGE, _OWN_COMMUNE_PAYS, _REPORT, _SUBJECT_NAME, _SUBJECT_RANK,
                                              _SUPPORTED, _by_priority, _carried_items, _contact_persons,
                                              _cover_joined_lines, _field_heading, _funders_in_full, _item_title, _thanked_funders, _listed_funders,
                                              _named_fully, _named_roles, _not_itself, _own_actions_author,
                                              _placed_acronym, _prize_paragraphs, _prize_title, _report_author,
                                              _sentences, _story_lead, _title_from_text, _titled_items, _told_amount,
                                              _told_projects, _without_places)
from isgraph.extract.generique.acts import ActReading
from isgraph.extract.generique.cards import CardReading
from isgraph.extract.generique.news import NewsReading
from isgraph.extract.generique.rows import RowReading


_NOT_GRANTED = re.compile(r"(?i)\bavis\b[^:\n]{0,40}:\s*(?:ajourn|défavorable|d[ée]favorable|rejet|refus|non\s+retenu)")
# a newsletter item's rubric before its headline ('Nouveau lieu : …', 'Projet : …')
_SECTION_RUBRIC = re.compile(r"(?i)(?:nouveaux?\s+lieux?|nouvelles?\s+initiatives?|nouveaux?\s+projets?|projets?|"
                             r"initiatives?|portrait|focus|zoom\s+sur|ça\s+bouge)\s*:\s+")


class GeneriqueExtractor(CardReading, ActReading, NewsReading, RowReading, Extractor):
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
        _thanked_funders(lines, out)
        _funders_in_full(out)
        refused = [ln.n for ln in lines if _NOT_GRANTED.search(ln.text)]  # (read once, not once per record)
        for rec in out:  # 'Avis du comité : ajourné' under a dossier: the amounts it asked for were not granted
            if any(rec.start <= n <= rec.end for n in refused):
                rec.financements = []
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
                cand = _without_places(cand, dashed=True)
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
            title = clean_text(title).strip(" .:;")
            rubric = _SECTION_RUBRIC.match(title)
            if rubric and len(title[rubric.end():].split()) >= 2:  # 'Nouveau lieu : la Fabrique du Causse ouvre …'
                title = title[rubric.end():][:1].upper() + title[rubric.end():][1:]
            return bare_title(title)[:160]
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
        # (a section's heading 'SCIC X - Pontarlier (25)' read as one name: its commune after the dash is a place)
        bare = [_without_places(o, dashed=True) for o in orgs]
        exclude = [(o.start, o.start + len(o.name.split(" (")[0])) for o in bare if fold(o.name) not in porteur_keys
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
            if not good and not (s.heading.numbered and s.heading.caps) and (_MULTI_PROJECTS.search(f"{s.heading.text} {body_text}")
                                                        or _DIGEST.search(body_text)) and not _told_projects(s.lines):
                continue  # the page's title and its introduction announcing the projects (a newsletter's issue)
            if len(body_text.split()) >= 12:
                good.append((s.heading, s.lines))
        return good if len(good) >= 2 else []
