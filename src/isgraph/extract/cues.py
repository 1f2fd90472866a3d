"""Roles of the organisations named in free French text, from sentence structure and cue phrases.

The cue phrases live in `src/isgraph/data/cues.tsv` (role, side, phrase): `avant` cues come before the actor
("porté par X", "en partenariat avec X, Y et Z", "avec le soutien financier de X"), `apres` cues follow it ("X a
lancé", "X attribue", "X accompagne"). Amounts are tied to the funder they are written with ("X (5 000 €)",
"X apporte 10 000 €", "une subvention de 12 500 € de X"). Grants of a deliberation ("attribution d'une subvention de
12 500 € à l'association X pour son atelier") are read by `find_grants`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from isgraph import paths
from isgraph.extract.amounts import find_amounts
from isgraph.normalize import clean_text, fold
from isgraph.extract.common import read_tsv
from isgraph.extract.prose import OrgMention

ROLES = ("porteur", "financeur", "partenaire")
_ADVERBS = (r"(?:également|aussi|notamment|déjà|ainsi|récemment|alors|depuis|encore|d['’]ores et déjà|lui-même|elle-même"
            r"|par ailleurs|en outre|de son côté|pour sa part|aujourd['’]hui|chaque année|désormais)")
_GAP = re.compile(r"[\s,]*(?:(?:et|ainsi que|puis|ou)\s+)?(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les|l['’]|par|à|au|aux)\s*)*")
_LEAD = re.compile(r"\)?(?:\s*\([^()]{0,80}\))?(?:\s*,\s*(?:via|par\s+l['’]intermédiaire\s+d[eu]s?|à\s+travers)\s+[^,.;]{2,90},)?\s*,?\s*(?:qui\s+|elle\s+|il\s+|elles\s+|ils\s+)?"
                   r"(?:et\s+(?:son|sa|ses|leur|leurs)\s+[\w'’-]+\s+)?(?:lui\s+|leur\s+|nous\s+|vous\s+|m['’]\s*|nous\s+y\s+|le\s+(?=co-?financ)|la\s+(?=co-?financ))?")
# ('X lui attribue 9 000 €', 'La CAF de l'Aude le cofinance à hauteur de 20 000 €': the project, a pronoun)


@dataclass(frozen=True)
class Cue:
    role: str
    side: str  # avant / apres
    phrase: str
    pattern: re.Pattern[str]
    strong: bool = True  # a porteur cue that outweighs the weak ones ('porté par' over 'géré par')


def _phrase_regex(phrase: str, side: str) -> str:
    parts = []
    for i, word in enumerate(phrase.split()):
        if word == "a" and side == "apres":
            parts.append(rf"(?:a|ont|avait|avaient|aura|auront)(?:\s+{_ADVERBS})?")
        elif word == "*":
            parts.append(r"[^\s.;:!?]+(?:\s+[^\s.;:!?]+){0,3}?")  # "à hauteur de 5 000 € par"
        elif word in (":", ","):
            parts.append(word)
        elif word == "€":  # an amount: "35 000 €", "12 k€", "1,2 million d'euros"
            parts.append(r"(?P<amount>\d[\d\s.,]*\s*(?:k€|M€|€|euros?|millions?\s+d['’]euros))")
        elif word == "par" and side == "avant" and i == len(phrase.split()) - 1 and i > 0:
            parts.append(r"(?:[\wéèêàâûôç'’-]+\s+){0,2}?par")  # "financé à moitié par", "porté depuis 2019 par"
        else:
            w = re.sub("['’]", "['’]", re.escape(word).replace(r"\*", r"\w*"))  # either apostrophe
            if i == 0 and side == "apres" and " " in phrase:
                w += rf"(?:\s+{_ADVERBS})?"  # 'La Région et l'État participent également au financement'
            parts.append(w)
    body = r"\s+".join(parts).replace(r"\s+:", r"\s*:").replace(r"\s+,", r"\s*,")
    end = r"(?![\w])" if phrase[-1:].isalnum() or phrase.endswith("€") else ""  # '€ (' opens on a name
    return rf"(?<![\w'’]){body}{end}" if side == "avant" else rf"{body}{end}"


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    out = []
    for row in read_tsv(paths.CUES_FILE):
        if len(row) < 4 or row[0] not in ROLES or row[1] not in ("avant", "apres"):
            continue
        role, side, strength, phrase = row
        out.append(Cue(role, side, phrase, re.compile(_phrase_regex(phrase, side), re.IGNORECASE), strength != "faible"))
    # longest phrases first: "avec le soutien financier de" before "avec le soutien de"
    return tuple(sorted(out, key=lambda c: (-len(c.phrase), c.phrase)))


@lru_cache(maxsize=1)
def _strong_porteur_phrases() -> frozenset[str]:
    return frozenset(c.phrase for c in cues() if c.role == "porteur" and c.strong)


@lru_cache(maxsize=1)
def _after_patterns() -> tuple[tuple[Cue, re.Pattern[str]], ...]:
    return tuple((c, re.compile(_LEAD.pattern + rf"(?:{_ADVERBS}\s+)?" + c.pattern.pattern, re.IGNORECASE))
                 for c in cues() if c.side == "apres")


_FUNDING_NOUN = re.compile(r"\b(?:aides?|subventions?|prêts?|financements?|dotations?|fonds|dons?|bourses?|"
                           r"participations?|contributions?|crédits?|enveloppes?|soutiens?\s+financiers?)\b(?![^,;]*\bà\b)"
                           r"[^.;]{0,60}$", re.IGNORECASE)
# a funding noun followed by its giver's name, with no particle (a financier's product named after it)
# ('un emprunt de 25 000 € auprès de la Caisse d'Epargne': the lender)
_NOUN_OF_FUNDER = re.compile(r"\b(?:une?|la|le|sa|son|d['’]une?)\s+(?:garanties?|prêts?(?:\s+d['’]honneur)?|bourses?)\s+$|"
                             r"\b(?:emprunts?|prêts?)\b[^.;]{0,40}\bauprès\s+d(?:e\s+la|e\s+l['’]|u|es|e)\s*$", re.IGNORECASE)
_FUNDED = re.compile(r"bénéfici\w*|financ\w*|subvention\w*|€|obtenu|reçu|perçu|accord\w*|attribu\w*|soutenu\w*|grâce",
                     re.IGNORECASE)
_MONEY = re.compile(r"financ|subvention|€|\beuros?\b|mécénat|dotation|budget", re.IGNORECASE)
_SOFT_PARTNER = re.compile(r"soutien|soutenu|aide|concours|accompagn", re.IGNORECASE)
_CALL_BEFORE = re.compile(r"\b(?:appels?\s+à\s+(?:projets?|manifestations?\s+d['’]intérêt|initiatives?|candidatures?)|AMI|"
                          r"concours|(?<!à\s)(?<!au\s)prix|trophées?|challenge|programmes?|dispositifs?)\b(?:\s+[\w'’-]+){0,3}"
                          r"(?:\s*[«\"“][^»\"”]{1,80}[»\"”])?(?:\s+\d{4})?\s*,?\s*$", re.IGNORECASE)
_BUDGET_BEFORE = re.compile(r"(?:budget|co[uû]t|montant total|(?<!d['’])investissement)[^.;€]{0,30}$", re.IGNORECASE)


@dataclass
class RoleFinding:
    role: str
    org: OrgMention
    amount: Decimal | None
    phrase: str  # the sentence that states it
    cue: str


_SENTENCE_END = re.compile(r"[.!?;](?=\s+[A-ZÉÈÀÂ«\"“(-])|[.!?;]$|\s[•–¶]\s|\s¶$")


@lru_cache(maxsize=64)
def _sentence_marks(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(starts of the sentence ends, ends of the sentence ends) of a text, in order."""
    found = [m.span() for m in _SENTENCE_END.finditer(text)]
    return tuple(a for a, _ in found), tuple(b for _, b in found)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the sentence holding offset `pos` (split at . ! ? ; and line-like breaks)."""
    starts, ends = _sentence_marks(text)
    # the last end mark that closes before pos (its end <= pos) opens the sentence
    k = bisect.bisect_right(ends, pos) - 1
    while k >= 0 and ends[k] > pos:
        k -= 1
    start = ends[k] if k >= 0 else 0
    j = bisect.bisect_left(starts, pos)
    return start, (starts[j] if j < len(starts) else len(text))


_AMOUNT_BY = re.compile(r"(?:,\s*|\s+et\s+)(?:de\s+|d['’]\s*)(?P<amt>\d[\d\s\u202f\u00a0.,]*\s*(?:k?€|euros?))\s+"
                        r"(?:par|de\s+la\s+part\s+d[eu]s?)\s+(?:la\s+|le\s+|les\s+|l['’]\s*)?")
_TITLED = re.compile(r"\s*,?\s*au\s+titre\s+d(?:u|e\s+la|e\s+l['’]|es|e)\s*")


def _chain(text: str, orgs: list[OrgMention], start: int, limit: int) -> list[OrgMention]:
    """The organisations listed from `start` on ("de la Région, du Département et de la CAF"), before `limit`."""
    out = []
    cursor = start
    for o in orgs:
        if o.start < cursor - 1 or o.start >= limit:
            continue
        paren = re.match(r"\s*\([^()]{0,120}\)", text[cursor:limit]) if out else None
        if paren and o.start < cursor + paren.end():
            continue  # 'l'État (410 000 € au titre de la DETR), la Région (…)': a name inside the parenthesis
        if out and _TITLED.fullmatch(text, cursor, o.start):
            cursor = o.end  # 'le FEADER au titre du programme LEADER de X (18 400 €) et la MSA': the programme
            continue
        gap = re.sub(r"^\s*\([^()]{0,120}\)", "", text[cursor:o.start])  # "X (mesure « … », 18 000 €) et de Y"
        if _GAP.fullmatch(gap) is None:
            # an amount between two funders of a list: "Région (5 000 €), Département (3 000 €)"
            # ('du Département à hauteur de 15 000 € et de la CAF …')
            if not (out and re.fullmatch(r"\s*(?:,?\s*à\s+hauteur\s+de\s+|pour\s+)?[(:–-]?\s*[\d\s.,]+\s*(?:k?€|euros?)\s*\)?[\s,]*(?:et\s+)?(?:(?:de\s+la|du|des|de|d['’]|la|le|les|l['’])\s*)*", gap)):
                break
        out.append(o)
        cursor = o.end
    return out


# a sentence opening on a place or a time ('En Occitanie, près d'un ménage sur cinq consacre …'): no giver's name
_OPENING_PREPOSITIONS = {"en", "dans", "depuis", "pour", "avec", "sur", "selon", "chez", "apres", "avant", "lors"}
_CAP_NAME = re.compile(r"(?:(?:la|le|les|l['’])\s*)?(?P<name>[A-ZÉÈÀÂÎ][\w'’-]*(?:\s+(?:(?:de|du|des|d['’]|et|la|le|les|en|sur|&)\s*)?[A-ZÉÈÀÂÎ0-9][\w'’-]*){0,5})")
_NOT_NAMES = {"il", "elle", "ils", "elles", "ce", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "un", "une",
              "des", "le", "la", "les", "tous", "toutes", "chaque", "plusieurs", "nos", "notre", "vos", "votre",
              "plus", "moins", "pres", "environ", "quelque", "quelques", "certains", "certaines"}


def cue_named(text: str, pos: int, limit: int) -> OrgMention | None:
    """A capitalised name right after a role cue ('financées par Lunel Agglo', 'en partenariat avec La Poste'):
    the cue says it is an actor."""
    start = pos + len(text[pos:]) - len(text[pos:].lstrip())
    m = _CAP_NAME.match(text, start)
    if not m:  # "le centre social Les Trois Rivières": a common noun, then the proper name
        m2 = re.compile(r"(?:la|le|les|l['’])\s*(?P<head>[a-zéèêàç-]{3,}(?:\s+[a-zéèêàç-]{3,}){0,2})\s+(?=[A-ZÉ«])").match(text, start)
        if m2:
            m = _CAP_NAME.match(text, m2.end())
            if m and m.end() <= limit and fold(m.group("name").split()[0]) not in _NOT_NAMES - {"le", "la", "les"}:
                return OrgMention(text[m2.start("head") : m.start("name") + len(m.group("name").rstrip(" -"))],
                                  m2.start("head"), m.start("name") + len(m.group("name").rstrip(" -")), "")
        return None
    if m.end() > limit:
        return None
    name = m.group("name").rstrip(" -")
    if fold(name.split()[0]) in _NOT_NAMES or len(name) < 3:
        return None
    if len(name.split()) == 1 and re.search(r"(?<![tT])[éÉ][eE]?[sS]?$", name):
        return None  # 'UN FINANCEMENT PARTAGÉ' (a heading in capitals): a participle, no name ('Solidarité' is)
    marker = _marker_at(text, m.start("name"))
    if marker and len(marker) > len(name):  # 'la Communauté de communes, avec …': the type written alone
        name = marker
    return OrgMention(name, m.start("name"), m.start("name") + len(name), "")


def _marker_at(text: str, pos: int) -> str | None:
    """The longest organisation-type marker written at `pos` ('Communauté de communes'), as written."""
    from isgraph.extract.common import org_type_markers

    words = list(re.finditer(r"[^\W\d_]+", text[pos : pos + 80]))
    folded = [fold(w.group(0)) for w in words]
    for phrase, _ in org_type_markers():  # longest first
        n = len(phrase)
        if n > 1 and tuple(folded[:n]) == phrase:
            return text[pos : pos + words[n - 1].end()]
    return None


_WORDS = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=1)
def _funding_after() -> re.Pattern[str]:
    """Any funding verb that follows its actor ('verse', 'a financé'), as one pattern."""
    alts = "|".join(f"(?:{c.pattern.pattern})" for c in cues() if c.side == "apres" and c.role == "financeur")
    return re.compile(_LEAD.pattern + rf"(?:{_ADVERBS}\s+)?(?:{alts})", re.IGNORECASE)


_NAME_START = re.compile(r"(?:^|[.;!?¶]\s+|,\s+(?:et\s+)?|\bet\s+)(?=[A-ZÉÈÀÂÎ])")


def _brings_no_money(cue: Cue, text: str, end: int, limit: int) -> bool:
    """A funding cue that may bring anything ('apporte', 'a apporté') with no money in its clause: 'L'Épicerie
    Roulante apporte l'aide alimentaire au plus près des habitants' funds nothing."""
    return cue.phrase.startswith(("apport", "a apport")) and not _MONEY.search(re.split(r"[.;]", text[end:limit])[0])


_EURO_AMOUNT = r"\d[\d\s.,]*\s*(?:k?€|euros?\b)"
_GIVES_AMOUNT = re.compile(r"\s(apporte|apportent|verse|versent|accorde|accordent|attribue|attribuent|alloue|allouent|"
                           r"octroie|octroient|consacre|consacrent|mobilise|mobilisent|a\s+apporté|a\s+versé|"
                           r"a\s+accordé|a\s+attribué|a\s+alloué)\s+(?=\d[\d\s.,]*\s*(?:k?€|euros?\b))")


def _elided_givers(text: str, orgs: list[OrgMention], start: int, end: int) -> list[tuple[OrgMention, Decimal]]:
    """The bodies after a first giver's amount that give theirs with the verb left out: '… apporte 8 000 € et le
    Département de Saône-et-Loire 5 500 €', '…, la CAF 2 000 € et la Région 4 000 €'."""
    out: list[tuple[OrgMention, Decimal]] = []
    first = re.match(rf"[^.;€]{{0,60}}?{_EURO_AMOUNT}", text[start:end])
    pos = start + first.end() if first else None
    while pos is not None:
        sep = re.match(r"\s*(?:,|et|ainsi\s+que|,\s*et)\s+(?:(?:le|la|les|l['’])\s*)?", text[pos:end])
        if not sep:
            break
        at = pos + sep.end()
        o2 = next((o for o in orgs if o.start == at), None)
        money = re.match(rf"\s*\(?\s*({_EURO_AMOUNT})", text[o2.end:end]) if o2 is not None else None
        if money is None:
            break
        got = find_amounts(money.group(1))
        if not got:
            break
        out.append((o2, got[0].value))
        pos = o2.end + money.end()
    return out


def _first_amount(text: str, pos: int, limit: int) -> Decimal | None:
    got = find_amounts(text[pos:limit])
    return got[0].value if got and got[0].start < 40 else None


def amount_after(text: str, end: int, limit: int) -> Decimal | None:
    """An amount written right after a name: 'X (5 000 €)', 'X : 5 000 €', 'X - 5 000 €', 'X pour 5 000 €'."""
    window = text[end : min(limit, end + 40)]
    # "X, qui a apporté 25 000 €", "X, qui verse 1 500 €"
    rel = re.match(r"\s*,?\s*qui\s+(?:lui\s+|leur\s+)?(?:(?:a|ont)\s+)?(?:apport|vers|donn|accord|attribu|allou|financ|offert|offre)\w*"
                   r"(?:\s+(?:chaque année|à hauteur de|un montant de|(?:une?\s+)?(?:subvention|aide|participation|contribution|"
                   r"dotation|enveloppe|financement)(?:\s+financière)?\s+(?:de|d['’])))?\s*", text[end : min(limit, end + 100)])
    if rel:
        got = find_amounts(text[end + rel.end() : min(limit, end + rel.end() + 30)])
        if got and got[0].start == 0:
            return got[0].value
    titled = re.match(r"\s*,?\s*au\s+titre\s+d(?:e\s+la|e\s+l['’]|u|es|e)\s*[^(),.;]{2,60}?\s*(?=\()", text[end:limit])
    if titled:  # "l'État au titre de la DETR (15 000 €)"
        end += titled.end()
    paren = re.match(r"\s*\(([^()]{0,120})\)", text[end : min(limit, end + 125)])
    if paren:  # "X (mesure « Mieux manger pour tous », 18 000 €)"
        inside = find_amounts(paren.group(1))
        if len(inside) == 1:
            return inside[0].value
    # ('X, à hauteur de 45 000 €', 'X, pour 8 000 €': the connector after a comma too)
    m = re.match(r"\s*(?:(?:\(|:|–|-|—|,)\s*(?=pour\b|à hauteur de\b)|\(|:|–|-|—|,)?\s*"
                 r"(?:pour|à hauteur de|avec|apporte|verse|accorde|attribue)?\s*"
                 r"(?:un montant de\s+|une (?:subvention|aide) de\s+|de\s+)?", window)
    rest = window[m.end():] if m else window
    found = find_amounts(rest)
    if found and found[0].start == 0:
        return found[0].value
    return None


def assign_roles(text: str, orgs: list[OrgMention]) -> list[RoleFinding]:
    """Roles stated in a text for its organisations, in order of the text; the first role found for an
    organisation at one place wins (an `avant` cue before an `apres` one)."""
    orgs = sorted(orgs, key=lambda o: o.start)
    found: dict[int, RoleFinding] = {}
    for cue in cues():
        if cue.side != "avant":
            continue
        for m in cue.pattern.finditer(text):
            s0, s1 = sentence_bounds(text, m.start())
            chained = _chain(text, orgs, m.end(), s1)
            if chained and cue.phrase.endswith(" par"):
                # "financé par l'État au titre de l'insertion, et par le Département des Vosges (120 000 €)"
                # ('financé par la Ville à hauteur de 12 000 €, par l'agglomération (8 500 €) et par …')
                for again in re.finditer(r",?\s+(?:et|ou|puis)\s+par\s+|,\s*par\s+", text[chained[-1].end : s1]):
                    pos = chained[-1].end + again.end()
                    chained += [o for o in _chain(text, orgs, pos, s1) if o not in chained]
            sentence = text[s0:s1]
            role = cue.role
            if role == "porteur" and _CALL_BEFORE.search(text[max(s0, m.start() - 90) : m.start()]):
                # 'lauréat de l'appel à projets « X » lancé par la Fondation Y': Y runs the call, not the initiative
                role = "financeur" if _MONEY.search(sentence) else "partenaire"
            # "avec le soutien de X (20 000 €)": support with money is funding; the money must be written with
            # the supporters, not in the next clause ("…, qui prête le local, et une subvention de …")
            reach = min(s1, (chained[-1].end if chained else m.end()) + 90)
            # ('accompagné par l'incubateur X, financé par la Région (20 000 €)': the money is the next cue's)
            clause = re.split(r",\s*(?:qui|et|dont|mais)\b|\s+et\s+(?:une?|des|le|la)\s|"
                              r",\s*(?:(?:co-?)?financ|subventionn|soutenu|aid)\w*\s+(?:\w+\s+)?par\b",
                              text[m.start():reach])[0]
            if role == "partenaire" and _SOFT_PARTNER.search(cue.phrase) and _MONEY.search(clause):
                role = "financeur"
            cue_amount = None
            if "amount" in cue.pattern.groupindex and m.group("amount"):
                got = find_amounts(m.group("amount"))
                cue_amount = got[0].value if got else None
            if cue.phrase == "€":  # '(25 000 € Banque des Territoires, 20 000 € …)': the funder right after its
                # amount, in a list of amounts ('5 € à l'association X' gives to X; 'Dépenses : 28 000 € FEADER : …'
                # is a plan's lines run together)
                if not chained or text[m.end():chained[0].start].strip() or \
                        not re.search(r"(?:[(,+;]|\bdont)\s*$", text[max(0, m.start() - 8):m.start()]) or \
                        re.match(r"\s*:", text[chained[0].end:]):
                    continue
            elif not chained:
                named = cue_named(text, m.end(), s1)
                if named is not None:  # ('financé par la Ville (4 500 €), le Département de X (6 000 €) et …': the
                    chained = [named] + _chain(text, orgs, named.end, s1)  # list goes on after the name found)
            if cue_amount is not None:  # '45 000 € de la Région, 30 000 € du Département': each its own amount
                chained = chained[:1]
            for k, o in enumerate(chained):
                if o.start in found:
                    continue
                amount = cue_amount if k == 0 and cue_amount is not None else \
                    amount_after(text, o.end, s1) if role == "financeur" else None
                if amount is None and role == "financeur" and k == 0:
                    # 'financé à hauteur de 60 000 € par la Communauté urbaine X': the amount inside the cue
                    inside = find_amounts(text[m.start():o.start])
                    if len(inside) == 1 and not _BUDGET_BEFORE.search(text[max(s0, m.start() - 40):m.start()
                                                                            + inside[0].start]):
                        amount = inside[0].value
                found[o.start] = RoleFinding(role, o, amount, clean_text(sentence), cue.phrase)
            if role == "financeur" and cue.phrase.endswith(" par") and chained:
                # 'soutenu à hauteur de 20 000 € par la Région X au titre de …, de 12 500 € par le Département Y et de
                # 8 000 € par la Fondation Z': each further amount with its giver
                for again in _AMOUNT_BY.finditer(text, chained[-1].end, s1):
                    o2 = next((o for o in orgs if again.end() <= o.start <= again.end() + 4), None)
                    got = find_amounts(again.group("amt"))
                    if o2 is not None and got and o2.start not in found:
                        found[o2.start] = RoleFinding(role, o2, got[0].value, clean_text(sentence), cue.phrase)
    after: dict[int, RoleFinding] = {}
    for o in orgs:
        s0, s1 = sentence_bounds(text, o.start)
        for cue, rx in _after_patterns():
            m = rx.match(text, o.end)
            if m is None:
                continue
            amount = None
            role = cue.role
            if role == "financeur" and _brings_no_money(cue, text, m.end(), s1):
                continue
            if role == "partenaire" and _SOFT_PARTNER.search(cue.phrase):
                # 'X soutient le projet à hauteur de 15 000 euros': support with money, in the same clause
                clause = re.split(r",\s*(?:qui|et|dont|mais)\b|\s+et\s+(?:une?|des|le|la)\s|[.;]", text[m.end():s1])[0]
                # ('X soutient le lancement (20 000 €)': the amount in brackets after what it supports)
                paid = re.search(r"(?:à hauteur|pour un montant|d['’]un montant|par une (?:subvention|aide))"
                                 r"\s+d[eu']\s*|(?:subvention|aide|dotation)\s+de\s+|\(\s*(?=\d)|\bavec\s+(?=\d)", clause)
                if paid and find_amounts(clause[paid.end():paid.end() + 30]):
                    role = "financeur"
            if role == "financeur":
                amount = amount_after(text, m.end(), s1)
                if amount is None:
                    tail = find_amounts(text[m.end():s1])
                    if tail and tail[0].start < 40:
                        amount = tail[0].value
                if amount is None:  # 'X finance déjà le poste de la conseillère … à hauteur de 18 000 € par an'
                    clause = re.split(r",\s*(?:et|mais|qui|dont)\b|;", text[m.end():s1])[0]
                    at = re.search(r"à hauteur de\s+|pour un montant de\s+", clause[:160])
                    got = find_amounts(clause[at.end():]) if at else []
                    if got and got[0].start == 0:
                        amount = got[0].value
                if amount is None:  # 'X versera la contribution au développement de l'emploi, estimée à 1 150 000 €':
                    rest = text[m.end():s1]  # the one amount of the rest of its sentence, no other body named there
                    got = find_amounts(rest)
                    if len(got) == 1 and not any(m.end() <= p.start < s1 for p in orgs) \
                            and not _BUDGET_BEFORE.search(rest[max(0, got[0].start - 40):got[0].start]) \
                            and re.search(r"(?:estimée?s?|évaluée?s?|portée?s?|fixée?s?)\s+à\s*$|"
                                          r"(?:montant|somme|enveloppe|contribution)\s+(?:total\w*\s+)?d[eu']\s*$",
                                          rest[:got[0].start]):
                        amount = got[0].value
            after[o.start] = RoleFinding(role, o, amount, clean_text(text[s0:s1]), cue.phrase)
            if role == "financeur" and amount is not None:  # 'A apporte 8 000 € et le Département B 5 500 €': the
                for o2, amount2 in _elided_givers(text, orgs, m.end(), s1):  # verb left out, the same role
                    after.setdefault(o2.start, RoleFinding(role, o2, amount2, clean_text(text[s0:s1]), cue.phrase))
            break
    funding_after = _funding_after()
    for m in _NAME_START.finditer(text):
        words = list(_WORDS.finditer(text, m.end(), min(len(text), m.end() + 80)))[:7]
        for k in range(2, len(words) + 1):
            name_end = words[k - 1].end()
            hit = funding_after.match(text, name_end)
            if not hit:
                continue
            ws = [w.group(0) for w in words[:k]]
            if sum(1 for w in ws if w[:1].isupper()) < 2 or not ws[0][:1].isupper() or fold(ws[0]) in _NOT_NAMES \
                    or fold(ws[0]) in _OPENING_PREPOSITIONS or re.search(r"[,;:()]", text[m.end():name_end]) \
                    or any(w[:1].isdigit() for w in ws) \
                    or any(o.start < name_end and m.end() < o.end for o in orgs):
                break
            cue = next(c for c, rx in _after_patterns() if c.role == "financeur" and rx.match(text, name_end))
            o = OrgMention(text[m.end() : name_end], m.end(), name_end, "")
            s0, s1 = sentence_bounds(text, o.start)
            if _brings_no_money(cue, text, hit.end(), s1):
                break
            after.setdefault(o.start, RoleFinding("financeur", o, amount_after(text, hit.end(), s1) or
                                                  _first_amount(text, hit.end(), s1), clean_text(text[s0:s1]),
                                                  cue.phrase))
            break
    # 'La Communauté de communes apporte 8 000 € et le Département de X 5 500 €': the first giver named by its
    # kind alone (no organisation here), the next ones with the verb left out
    for g in _GIVES_AMOUNT.finditer(text):
        s0, s1 = sentence_bounds(text, g.start())
        for o2, amount2 in _elided_givers(text, orgs, g.start(), s1):
            if o2.start not in after and o2.start not in found:
                after[o2.start] = RoleFinding("financeur", o2, amount2, clean_text(text[s0:s1]), g.group(1))
    # co-subjects: "la Ville de X et son CCAS proposent", "A et B ont créé"
    for k, o in enumerate(orgs):
        if o.start in after or k + 1 >= len(orgs):
            continue
        nxt = orgs[k + 1]
        if nxt.start in after and re.fullmatch(r"\s*(?:,|et|ainsi que)\s+(?:la\s+|le\s+|les\s+|l['’]\s*|son\s+|sa\s+|leur\s+)?",
                                               text[o.end : nxt.start]):
            rf = after[nxt.start]
            after[o.start] = RoleFinding(rf.role, o, None, rf.phrase, rf.cue)
    for start, rf in after.items():
        prior = found.get(start)
        if prior is None:
            found[start] = rf
        elif prior.role == "partenaire" and rf.role in ("porteur", "financeur") and re.match(
                r"(?:[^.;]{0,4},)?\s*qui\b", text[rf.org.end:]):
            found[start] = rf  # "accompagnés par l'association X, qui gère aujourd'hui le frigo", "en lien avec
            # France Services et la CAF, qui finance le poste": what the relative clause says of it
    # a porteur named by a strong cue ("porté par X", "à l'initiative de X", "X a ouvert") is the porteur: the others
    # that only act on it ("géré par Y", "Y gère les réservations") are partners
    strong = _strong_porteur_phrases()
    avant_porteurs = {fold(rf.org.name) for rf in found.values() if rf.role == "porteur" and rf.cue in strong}
    if avant_porteurs:
        for k, rf in found.items():
            if rf.role == "porteur" and rf.cue not in strong and fold(rf.org.name) not in avant_porteurs:
                found[k] = RoleFinding("partenaire", rf.org, None, rf.phrase, rf.cue)
    # "a bénéficié d'une aide au démarrage de 30 000 € du fonds régional de la Région X, d'un prêt d'honneur d'Y
    # (15 000 €) et de l'aide aux postes d'insertion de l'État": organisations in the genitive of a funding noun
    for o in orgs:
        if o.start in found:
            continue
        before = text[max(0, o.start - 70) : o.start]
        if re.search(r"(?:\bde\s+la|\bde\s+l['’]|\bdu|\bdes|\bd['’]|\bde)\s*$", before) and _FUNDING_NOUN.search(before):
            s0, s1 = sentence_bounds(text, o.start)
            if _FUNDED.search(text[s0:s1]):
                found[o.start] = RoleFinding("financeur", o, amount_after(text, o.end, s1), clean_text(text[s0:s1]), "de")
        elif _NOUN_OF_FUNDER.search(before):  # 'une garantie France Active de 50 %', 'un prêt Banque des Territoires'
            s0, s1 = sentence_bounds(text, o.start)
            found[o.start] = RoleFinding("financeur", o, amount_after(text, o.end, s1), clean_text(text[s0:s1]), "")
    # funders written in a list with amounts but no cue in the same sentence get theirs too
    for rf in found.values():
        if rf.role == "financeur" and rf.amount is None:
            rf.amount = amount_after(text, rf.org.end, sentence_bounds(text, rf.org.end)[1])
    return [found[k] for k in sorted(found)]


# ---------------------------------------------------------------------------------------------------------------
# Grants ("attribution d'une subvention de 12 500 € à l'association X pour son atelier de réparation de vélos")
# ---------------------------------------------------------------------------------------------------------------

_GRANT_NOUN = re.compile(
    r"\b(?:subventions?|aides?(?:\s+financières?)?|dotations?|participations?(?:\s+financières?)?|soutiens?\s+financiers?"
    r"|fonds\s+de\s+concours"
    r"|contributions?(?:\s+financières?)?|prix|bourses?)\b", re.IGNORECASE)
_TO = re.compile(r"^\s*(?:est\s+|sont\s+|a\s+été\s+|ont\s+été\s+)?(?:attribuée?s?|accordée?s?|versée?s?|allouée?s?)?\s*"
                 r"(?:à|au|aux|en faveur d[eu]s?|en faveur de l['’]|au profit d[eu]s?|au profit de l['’]|pour)\s+"
                 r"(?:l['’]\s*|la\s+|le\s+|les\s+)?", re.IGNORECASE)
#: where a list's item or a sentence starts ('Parmi les projets soutenus ¶ 42 000 € à …', '…. 28 500 € à …')
_ITEM_START = re.compile(r"(?:^|[.;:!?¶•]|\b(?:soutenus|retenus|financés|lauréats|suivants))\s*$", re.IGNORECASE)
_PURPOSE = re.compile(r"^[\s,]*(?:\([^()]{0,60}\)\s*,?\s*)?(?:(?:(?:située?s?|basée?s?|domiciliée?s?|installée?s?|implantée?s?)\s+)?(?:à|au|en)\s+"
                      r"(?-i:[A-ZÉÈÎ][\w'’ -]{1,40})(?:\s*\([^()]{1,40}\))?,\s*)?"
                      # ('… (Bordeaux) et à l'association Y, qui co-portent un fab-lab …': the project both carry)
                      r"(?:et\s+(?:à|au|aux)\s+[^,.;]{3,80},\s*)?"
                      r"(?:pour|afin de|dans le cadre d[eu]|au titre d[eu]|qui\s+(?:co-?)?port(?:e|ent)(?:\s+ensemble)?)"
                      r"\s+(?P<what>[^.;\n]{3,160})",
                      re.IGNORECASE)  # ('…, à Redon, pour un lieu d'accueil', '…, à Joigny (Yonne), pour …')


@dataclass
class Grant:
    amount: Decimal
    beneficiary: OrgMention
    purpose: str | None  # "son atelier de réparation de vélos" -> "atelier de réparation de vélos"
    start: int  # offset of the grant phrase
    end: int
    phrase: str


def _purpose(text: str) -> str | None:
    m = _PURPOSE.match(text)
    if not m:
        return None
    what = clean_text(m.group("what"))
    what = re.split(r"\s+(?:pour un montant|d['’]un montant|à hauteur|soit|,\s*(?:soit|dont|pour un|d['’]un|qui|et\s+(?:de|d['’])\s*\d))", what)[0]
    what = re.split(r",\s*sur\s+une?\s+(?:dépenses?|budget|assiette|coût|montant)\b", what)[0]  # '…, sur une dépense
    # subventionnable de 240 000 €': the base of the grant's rate, no part of its purpose
    what = re.sub(r"^(?:son|sa|ses|leur|leurs|le|la|les|l['’]|un|une|des|du|de\s+la|de\s+l['’]|de|d['’])\s*", "", what, flags=re.IGNORECASE)
    what = what.strip(" ,:;()")
    if re.fullmatch(r"(?i)(?:l['’]\s*)?(?:année|exercice|saison|période)\s+\d{4}(?:[-/]\d{2,4})?|\d{4}", what):
        return None  # '… une subvention de 15 000 € pour l'année 2025': when, not what for
    if what and what[0].islower():
        what = what[0].upper() + what[1:]
    return what or None


def find_grants(text: str, orgs: list[OrgMention]) -> list[Grant]:
    """Grants stated as 'une subvention de N € à X (pour Y)', 'N € à l'association X pour Y', 'X : N €' rows are
    read elsewhere. The beneficiary is the organisation named right after the amount."""
    out: list[Grant] = []
    by_start = sorted(orgs, key=lambda o: o.start)
    for a in find_amounts(text):
        before = text[max(0, a.start - 60) : a.start]
        if _BUDGET_BEFORE.search(before):
            continue
        m = _TO.match(text[a.end :])
        if not m:
            continue
        pos = a.end + m.end()
        org = next((o for o in by_start if pos - 2 <= o.start <= pos + 2), None)
        if org is None:
            continue
        if not (_GRANT_NOUN.search(before) or re.search(r"\bmontant\b", before, re.IGNORECASE)
                or re.match(r"\s*(?:est\s+|sont\s+)?(?:attribu|accord|vers|allou)", text[a.end :])
                or _ITEM_START.search(before)):
            continue  # ('• 42 000 € à l'association X pour …', an item of a list of grants, needs no grant noun)
        s0 = max(max(text.rfind(c, 0, a.start) for c in ".;:¶\n") + 1, a.start - 160)
        s0 += len(text[s0:a.start]) - len(text[s0:a.start].lstrip())  # (its first word: the line it starts on)
        purpose = _purpose(text[org.end :])
        s1 = sentence_bounds(text, org.end)[1]
        out.append(Grant(a.value, org, purpose, s0, s1, clean_text(text[s0:s1])))
    seen = {g.beneficiary.start for g in out}
    out += [g for g in _given_to(text, orgs) if g.beneficiary.start not in seen]
    out.sort(key=lambda g: g.start)
    for k in range(len(out) - 1):  # a grant ends where the next one starts ('• 18 500 € à X … • 24 000 € à Y')
        nxt = out[k + 1]
        if out[k].end > nxt.start >= out[k].beneficiary.end:
            g = out[k]
            out[k] = Grant(g.amount, g.beneficiary, g.purpose, g.start, nxt.start, clean_text(text[g.start:nxt.start]))
    return out


_GIVE_TO = re.compile(r"\b(?:attribu\w*|accord\w*|allou\w*|vers\w*|octroi\w*)\s+(?:à|au|aux)\s+(?:l['’]\s*|la\s+|le\s+|les\s+)?$",
                      re.IGNORECASE)


def _given_to(text: str, orgs: list[OrgMention]) -> list[Grant]:
    """'ATTRIBUE au CIAS une participation de 18 000 € pour …', 'accorde à l'association X une aide de 3 000 €'."""
    out = []
    for o in orgs:
        if not _GIVE_TO.search(text[max(0, o.start - 40) : o.start]):
            continue
        after = text[o.end : o.end + 120]
        m = re.match(r"\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:une?|la|le)\s+(?:[\wéè'’-]+\s+){0,4}?d['’]?e?\s*(?:un\s+montant\s+de\s+)?", after)
        if not m or not _GRANT_NOUN.search(after[: m.end()] or ""):
            continue
        amounts = find_amounts(after[m.end():])
        if not amounts or amounts[0].start > 2:
            continue
        a_end = o.end + m.end() + amounts[0].end
        s0 = max(max(text.rfind(c, 0, o.start) for c in ".;:¶\n") + 1, o.start - 160)
        s1 = sentence_bounds(text, a_end)[1]
        out.append(Grant(amounts[0].value, o, _purpose(text[a_end:]), s0, s1, clean_text(text[s0:s1])))
    return out


def fold_role_key(name: str) -> str:
    return fold(name)
