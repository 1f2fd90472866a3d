"""The generic reader's acts: a council's minutes and deliberations (numbered points, grants voted to
beneficiaries), a funding agreement between a body and an association."""

from __future__ import annotations

import re
from dataclasses import replace
from isgraph.extract.amounts import find_amounts
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.blocks import _names_places
from isgraph.extract.blocks import Line, is_other_section, is_total, quoted
from isgraph.extract.common import organisation_type, strip_contacts
from isgraph.extract.cues import Grant, _purpose, assign_roles, sentence_bounds
from isgraph.extract.funding import (_CALLING_TYPES, _COLLECTIVITY_TYPES, Body, _calling_body, _plan_part_fundings,
                                     _put_funding, _same_body)
from isgraph.extract.mentions import _orgs, _unnamed, joined
from isgraph.extract.places import territory_label as _territory_label
from isgraph.extract.prose import JoinedText
from isgraph.extract.generique.shared import _bare_name, _merge_told, _without_places

_ACT_TITLE = re.compile(r"\s*(?:ARR[ÊE]T[ÉE]|D[ÉE]CISION|D[ÉE]LIB[ÉE]RATION|EXTRAIT\s+DU\s+REGISTRE)\b")
_HEADER_LINE = re.compile(r"^(?:envoyé|reçu|publié|affiché|ID\s*:|accusé)", re.IGNORECASE)
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


def _same_funder(name: str, body: Body) -> bool:
    """Whether a funding's name is the body's own, or another body than one of its kind (a programme of it: 'DETR',
    'Fonds vert' for the préfet)."""
    return fold(name) == fold(body.name) or organisation_type(name) != body.type_code


_ROW = re.compile(r"\s*[|;:–—-]\s*|\s{2,}|\.{3,}")  # the separators of a row's cells, left out of its purpose
_COST_AFTER = re.compile(r"\s*(?:HT|TTC|H\.T\.|T\.T\.C\.)\b")  # an amount written as a cost ('186 400 € HT')
_RECITAL = re.compile(r"^\s*(?:CONSID[ÉE]RANT|[Cc]onsidérant)\b")
_SAME_PROJECT = re.compile(r"(?i)\b(?:ce|cet|cette)\s+(?:projet|action|atelier|opération|initiative|épicerie|lieu)\b|"
                           r"\b(?:il|elle)\s+bénéficie\b")


def _recital_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Each 'CONSIDÉRANT …' paragraph: its first line to the line ending it (';' or '.'), a blank line or the next."""
    out: list[list[Line]] = []
    current: list[Line] | None = None
    prev = None
    for ln in lines:
        if _RECITAL.match(ln.text):
            current = [ln]
            out.append(current)
        elif current is not None and prev is not None and ln.n == prev.n + 1 and not _PREAMBLE.match(ln.text):
            current.append(ln)
        else:
            current = None
        if current is not None and ln.text.rstrip().endswith((";", ".")):
            current = None
        prev = ln
    return out


class ActReading:
    """Methods of the generic reader (`GeneriqueExtractor` mixes them in)."""

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
            if not amounts or len(ln.text.split()) > (45 if len(amounts) >= 2 else 30) or is_total(re.split(r"\s*[|;:–—]\s*|\s{2,}", ln.text)[0]):
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
            # 'Commune de X – Réfection de … – 186 400 € HT – 46 600 € (DETR)': the cost, then the grant
            cost = amounts[0] if len(amounts) >= 2 and (_COST_AFTER.match(ln.text, amounts[0].end) or re.search(
                r"\b(?:HT|TTC)$", amounts[0].text)) else None
            between = ln.text[o.start + len(name) : (cost or amounts[-1]).start]
            if re.search(r"\b(?:subvention|attribu|accord)\w*\b", ln.text[: o.start], re.IGNORECASE):
                continue
            purpose = clean_text(_ROW.sub(" ", re.sub(r"\([^()]*\)", " ", between))).strip(" ,.:;()") or None
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
            out.append((ln, name, purpose, amounts[-1].value, cost.value if cost else None))
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
        self._recitals_told(doc, lines, out, body)
        for ln, name, purpose, amount, cost in rows:
            if ln.n in used_lines or (body is not None and not _same_funder(name, body)):
                continue  # (a recap line 'DETR : 1 436 000 €': the body's own programme, granted to no one)
            rec = self._block(doc, [ln], title=purpose or name, body=None, porteur=(name, ln.n), require_role=False)
            if rec is None:
                continue
            self._set_funder(rec, body.name if body else None, amount, ln.text, ln.n)
            rec.budget = rec.budget_text = rec.budget_period = None  # the row's amount is the grant (its cost, when
            if cost is not None:  # the row gives one before it, the budget)
                rec.budget, rec.budget_text = cost, clean_text(ln.text)
            if body is not None:  # '… – 46 600 € (DETR)': the body's programme, not a second funder of that money
                rec.financements = [f for f in rec.financements if f.amount != amount or _same_funder(f.funder, body)]
            if not rec.territoires and body is not None and body.type_code in _COLLECTIVITY_TYPES:
                label = _territory_label(body.name)
                if label:
                    rec.territoires.append(Mention(label, body.line))
            rec.description = None
            out.append(rec)
        return out

    def _recitals_told(self, doc: SourceDocument, lines: list[Line], recs: list[InitiativeRecord],
                       body: Body | None) -> None:
        """The recitals of a deliberation that tell a beneficiary's project ('CONSIDÉRANT que l'association X porte
        un projet …' and the next one, 'CONSIDÉRANT que le coût total de ce projet est estimé à 64 000 € … soutien du
        Département … à hauteur de 15 000 €'): that grant's budget, co-funders, partners and places."""
        current = None
        for para in _recital_paragraphs(lines):
            text = " ".join(ln.text for ln in para)
            folded = fold(text)
            named = [r for r in recs if r.porteurs and fold(_bare_name(r.porteurs[0].name)) in folded]
            if len(named) == 1:
                current = named[0]
            elif named or not _SAME_PROJECT.search(text):
                current = None
                continue
            if current is None:
                continue
            more = self._block(doc, para, title=current.title, body=None,
                               porteur=(current.porteurs[0].name, current.porteurs[0].line), require_role=False)
            if more is None:
                continue
            _merge_told(current, more, (body.name,) if body else ())
        for rec in recs:  # (a partner named by its kind in a first recital, its named funding in the next one)
            rec.partenaires = [m for m in rec.partenaires if not any(
                _same_body(m.name, f.funder) and fold(m.name) != fold(f.funder) for f in rec.financements)]

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
