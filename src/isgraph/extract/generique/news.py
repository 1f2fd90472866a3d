"""The generic reader's news: briefs of a newsletter, laureates named inline in a sentence, a press article
or a bulletin's story read as one initiative."""

from __future__ import annotations

import re
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract import common
from isgraph.extract.blocks import _names_places
from isgraph.extract.blocks import Line, is_org_name, is_other_section, looks_like_heading
from isgraph.extract.inline import inline_laureates
from isgraph.extract.titles import headline_name, named_in_lead
from isgraph.extract.funding import Body, _calling_body, _same_body
from isgraph.extract.places import qualified_commune
from isgraph.extract.prose import JoinedText, find_persons
from isgraph.extract.generique.shared import _each_amount, _first_sentence

#: administrative header lines of a deliberation (transmission stamps, identifiers)
#: a magazine's rubric before an article's title ('Portrait : …', 'Zoom sur …', 'Initiative du mois – …')
_RUBRIC = re.compile(r"(?i)\s*(?:portrait|reportage|focus|zoom(?:\s+sur)?|témoignage|interview|rencontre|initiative"
                     r"(?:\s+du\s+mois)?|coup\s+de\s+(?:cœur|projecteur)|en\s+images|vidéo|podcast|on\s+a\s+testé|"
                     r"ils\s+l['’]ont\s+fait|à\s+la\s+une|l['’]initiative\s+du\s+mois)\s*(?:[:–—|]\s*|(?<=sur)\s+)")
_MASTHEAD = re.compile(r"(?i)\s[–—-]\s+[ée]dition\s+d|^[^|]{2,30}(?:\s\|\s[^|]{2,30}){1,5}$|\bn[°º]\s*\d+\s*(?:[–—-]|$)|"
                       r"^dans\s+ce\s+num[ée]ro\b")
# a publication's title as the page's first heading ('La Lettre du Parc naturel régional du Haut-Languedoc',
# 'Bulletin municipal de …'), above the headline of its story
_PUBLICATION = re.compile(r"(?i)^(?:la\s+|le\s+|l['’]\s*)?(?:lettre|newsletter|bulletin|journal|magazine|gazette|"
                          r"infos?|[ée]chos?)\s+(?:d['’]information|d['’]actualités?|municipal|communal|du|de\s+la|"
                          r"de\s+l['’]|des|d['’])")
_SUPPORT_OF = re.compile(r"\b(?:soutien|subvention|aide|participation)\s+(?:au|à\s+la|à\s+l['’]|aux)\s*"
                         r"(?P<t>[A-ZÉÈÀÂÎ][^,.;:()]{3,70}?)\s*(?:[,.;:(]|\s+(?:géré|porté|animé|mené)e?s?\s)")
_KICKER = re.compile(r"[A-ZÀ-Ý0-9'’ ]{2,30}(?:\s[-–—:|]\s[A-ZÀ-Ý0-9'’ -]{2,40})?")


_NAMED_AS = re.compile(r"\b(?:baptisée?s?|intitulée?s?|dénommée?s?|appelée?s?|nommée?s?)\s*,?\s*[«“\"]\s*(?P<n>[^»”\"]{2,70}?)\s*[»”\"]",
                       re.IGNORECASE)


class NewsReading:
    """Methods of the generic reader (`GeneriqueExtractor` mixes them in)."""

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
        skip, skip_at = False, -1
        for k, ln in enumerate(lines):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if skip and k and lines[k - 1].n == skip_at:
                continue  # (the bold line right under 'Nous contacter': that section's address block, still left out)
            if ln.heading or (not skip and looks_like_heading(ln, nxt)):
                # (a bulletin page's rubric under its masthead, 'Vie associative', is the page's: its text is kept)
                skip = is_other_section(ln.text) and not (k <= 3 and len(ln.text.split()) <= 3 and any(
                    _MASTHEAD.search(x.text) or x.caps for x in lines[:k]))
                skip_at = ln.n
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
