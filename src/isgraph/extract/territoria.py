"""Prix TERRITORIA press kits: palmarès lists + "résumés des dossiers lauréats".

Layout (text extracted from the PDF):

* the palmarès: one paragraph per prize level, ``TERRITORIA OR : à la région X, aux départements du A, de la B ;
  aux villes de C, D (2 fois) ; au CCAS de E.`` (same for ARGENT, BRONZE);
* the summaries: a domain heading ("Culture", "Lien social"...), then per laureate an upper-case collectivity
  line ("PARIS", "CA LE GRAND CHALON", "SAINT-PARGOIRE (34)", "CD HAUTE-SAONE", "CCAS DE NANCY"), the initiative
  title on the next line, a blank line and the summary paragraph.

Everything is read from that structure; the collectivity is written fully by generic rules (CA -> Communauté
d'agglomération, CD -> Département de/du/de la..., a bare commune -> Ville de X) using the spelling of the palmarès
for accents and articles.  The prize is set only when it is unambiguous: the collectivity appears in exactly one
palmarès entry (counting "(2 fois)") and has exactly one summary.

This module also holds the free-text helpers shared by the prose-based extractors of this package
(`find_organisations`, `find_places_in_text`, `find_years`, `find_budget`, `find_fundings`, `JoinedText`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..amounts import find_amounts
from ..documents import SourceDocument
from ..normalize import clean_text, fold
from ..records import Funding, InitiativeRecord, Mention
from .base import Extractor
from .common import generic_heads, is_generic, strip_contacts

# ---------------------------------------------------------------------------------------------------------------
# Generic linguistic vocabularies (words of French administrative prose, no facts about any initiative)
# ---------------------------------------------------------------------------------------------------------------

#: head nouns that start (or end) the name of an organisation ("Fondation X", "Break Poverty Foundation")
ORG_HEADS = frozenset(fold(w) for w in """
association associations fondation foundation observatoire agence ecole école université universite universités
institut mission office conseil centre chambre caisse maison fédération federation union syndicat service réseau
reseau comité comite groupe groupement société societe coopérative cooperative collectif sénat senat assemblée
préfecture prefecture ministère ministere direction pôle pole point entreprise région region département departement
mairie communauté communaute métropole metropole établissement etablissement académie academie laboratoire club
compagnie banque fonds parc écomusée musée musee médiathèque bibliothèque hôpital hopital clinique lycée collège
conservatoire fédérations confédération régie regie cabinet bureau plateforme délégation delegation inspection
rectorat tribunal cour gendarmerie police brigade agglomération agglomeration communautés syndicats planning
""".split())

#: head nouns that are organisations only when a proper name follows ("la ville du Gosier", "l'école des Arts")
LOWER_HEADS = frozenset(fold(w) for w in """
association fondation observatoire agence école ecole université universite institut mission office conseil centre
chambre caisse maison fédération union syndicat service réseau reseau comité groupe groupement société coopérative
collectif préfecture ministère direction pôle entreprise région département mairie communauté métropole
établissement académie laboratoire club compagnie banque fonds musée médiathèque hôpital lycée collège
conservatoire ville commune
""".split())

#: heads that name one institution even alone ("le Sénat", "la Région")
SINGLE_HEADS = frozenset(fold(w) for w in "sénat région département préfecture assemblée état etat gouvernement".split())

#: administrative abbreviations that are not organisations (benefits, contracts, diplomas, school years, units)
NON_ORG_ACRONYMS = frozenset("""
RSA VAE CV FALC CDI CDD QPV IOT IOT WIFI BAFA BAFD TTC HT SDF CM1 CM2 CE1 CE2 CP ALSH THR RH DRH TV PDF NB OK ESS
RGPD PLU PLUI SCOT ZAC PLH BTS CAP BEP BAC DUT PME TPE ETP ASE APA PCH AAH EHPAD EHPA MSAP TIC NTIC CAPE SMS GPS
QR LED UE HLM ZUS ZRR REP DSP AMI AAP IS SSA VIH PMR COVID II III IV VI VII VIII IX XI XII XX XXI KM HA ETC CO2
ABS ASF MAIA ISIC ERP CCTP RDV FAQ URL WEB SIG
""".split())

#: generic partner heads beyond data/generic_actors.txt ("lycée", "centres sociaux", "GAL", "CCAS" alone)
EXTRA_GENERIC_HEADS = frozenset(fold(w) for w in """
lycée lycées lycee collège collèges centre centres hôpitaux hopitaux hôpital universités universites organismes
organisme coopératives syndicats médecine milieu ccas cias gal gals parents jeunes étudiants etudiants élèves
familles villes ville services acteur fermes mairies citoyens salariés agents volontaires bénévole riverains
propriétaires partenaire clubs monde
""".split())

_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d"}
_CONNECTORS = {"de", "du", "des", "la", "le", "les", "et", "&", "pour", "en", "sur", "aux", "au", "à", "sous",
               "lès", "les", "l", "d", "contre", "entre"}
_FUNCTION_WORDS = {fold(w) for w in """
pour dans depuis après apres avec sans sur ces ce cette chaque un une il elle ils elles on en au aux a à des du de
si or mais et plus déjà deja enfin le la les l d dès des lors leur leurs son sa ses notre nos votre tous toutes
tout toute par parmi grâce grace afin ainsi entre vers chez selon sous comme quand lorsque quel quelle
""".split()}
_ADJ_SUFFIXES = ("ien", "ienne", "al", "ale", "aux", "el", "elle", "ique", "aire", "if", "ive", "ais", "aise", "ois",
                 "oise", "ain", "aine", "nal", "nale", "aux", "ier", "iere", "ière", "iste")

# ---------------------------------------------------------------------------------------------------------------
# Joined text with line numbers
# ---------------------------------------------------------------------------------------------------------------


class JoinedText:
    """Lines joined into one string (hyphenated line ends glued), with offset -> 1-based line lookup."""

    def __init__(self, numbered_lines: list[tuple[int, str]]):
        parts: list[str] = []
        self._starts: list[int] = []
        self._lines: list[int] = []
        pos = 0
        for number, raw in numbered_lines:
            line = clean_text(raw)
            if not line:
                continue
            glue = ""
            if parts:
                prev = parts[-1]
                glue = "" if re.search(r"\w-$", prev) and line[:1].isalpha() else " "
            if glue:
                parts.append(glue)
                pos += len(glue)
            self._starts.append(pos)
            self._lines.append(number)
            parts.append(line)
            pos += len(line)
        self.text = "".join(parts)

    def line_of(self, offset: int) -> int:
        if not self._lines:
            return 0
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._lines[max(i, 0)]


# ---------------------------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?P<quote>«\s*[^»]{1,80}?\s*»|“[^”]{1,80}”|\"[^\"]{1,80}\")"
    r"|(?P<elision>\b(?:[lLdDjJnNsScC]|[qQ]u)['’](?=\w))"
    r"|(?P<dotted>\b(?:[A-Z]\.){2,}(?![\w]))"
    r"|(?P<word>[^\W_](?:[\w&\-]|\.(?=[a-zé]))*)"
    r"|(?P<punct>[(),;:.!?…\[\]/•¶|])"
)


@dataclass
class Tok:
    text: str
    start: int
    end: int
    kind: str  # quote / elision / acronym / cap / lower / num / punct

    @property
    def folded(self) -> str:
        return fold(self.text)


def tokenize(text: str) -> list[Tok]:
    out = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s = m.group(0)
        if kind == "dotted":
            kind = "acronym"
        elif kind == "word":
            letters = [c for c in s if c.isalpha()]
            if not letters:
                kind = "num"
            elif s[0].isdigit():
                kind = "num" if sum(c.isdigit() for c in s) >= len(letters) else "lower"
            elif sum(c.isupper() for c in letters) >= 2 and not any(c.islower() for c in letters):
                kind = "acronym"
            elif s[0].isupper():
                kind = "cap"
            else:
                kind = "lower"
        out.append(Tok(s, m.start(), m.end(), kind))
    return out


def _is_acronym_org(tok: Tok) -> bool:
    letters = re.sub(r"[^A-Z]", "", tok.text.upper())
    if len(letters) < 2 or len(letters) > 10 or any(c.isdigit() for c in tok.text):
        return False
    if any(part in NON_ORG_ACRONYMS for part in re.split(r"[-/]", tok.text.upper())):
        return False
    return re.sub(r"[^A-Z0-9]", "", tok.text.upper()) not in NON_ORG_ACRONYMS


# ---------------------------------------------------------------------------------------------------------------
# Organisations named in free text
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class OrgMention:
    name: str
    start: int
    end: int
    head: str = ""  # folded head noun when the name came from one ("region", "association")


def _clean_name(name: str) -> str:
    name = clean_text(name).strip(" ,;:-")
    if not re.search(r"(?:\b[A-Z]\.){2,}$", name):
        name = name.rstrip(".")
    # lower-case articles are not part of the name; capitalised ones are ("Les Ailes du Moulin")
    name = re.sub(r"^(?:[ld]'|(?:la|le|les|du|des|de|un|une)\s+)", "", name)
    name = re.sub(r"\s*\(\s*", " (", name)
    name = re.sub(r"\s*\)", ")", name)
    if name.count("(") > name.count(")"):
        name = name.split("(")[0].strip()
    return name.strip(" ,;:.-")


def _unquote(text: str) -> str:
    return clean_text(text.strip("«»“”\"")).strip()


def _name_continuation(toks: list[Tok], i: int, allow_lower_after_head: bool) -> int:
    """Index after the end of a proper-name continuation starting at toks[i] (connectors + capitalised words)."""
    j = i
    committed = i
    pending_lower = 0
    pending_connector = False
    while j < len(toks):
        t = toks[j]
        f = t.folded
        if t.kind in ("cap", "acronym") or (t.kind == "num" and committed > i):  # "PEP 18", "Maison 24"
            if t.kind == "cap" and f in _FUNCTION_WORDS and f not in ("la", "le", "les"):
                break
            j += 1
            committed = j
            pending_lower = 0
            pending_connector = False
            continue
        if t.kind == "quote" and _unquote(t.text)[:1].isupper():
            j += 1
            committed = j
            continue
        if t.kind == "elision" and f in ("l", "d"):
            j += 1
            continue
        if t.kind == "lower" and f in _CONNECTORS:
            # "et" followed by an article + capitalised head starts a new organisation
            if f == "et":
                nxt = toks[j + 1] if j + 1 < len(toks) else None
                if nxt is not None and (nxt.folded in ("la", "le", "les", "un", "une") or
                                        (nxt.kind == "elision" and nxt.folded == "l") or
                                        (nxt.folded.split() or [""])[0] in ORG_HEADS):
                    break
            pending_connector = True
            j += 1
            continue
        if t.kind == "punct" and t.text == "(" and j + 1 < len(toks):
            # a parenthesised acronym or proper name right after the name: "(SLIME)", "(Trait d'Union)"
            k = j + 1
            while k < len(toks) and toks[k].text != ")" and k - j < 8:
                k += 1
            inner = toks[j + 1 : k]
            if k < len(toks) and inner and (inner[0].kind in ("acronym", "cap")) and committed == j:
                j = k + 1
                committed = j
                continue
            break
        if t.kind == "lower" and allow_lower_after_head and j - i < 3 and all(
            x.kind == "lower" and x.folded not in _CONNECTORS for x in toks[i:j]
        ):
            # lowercase words only right after the head: "Point information jeunesse", "Observatoire parisien"
            pending_lower += 1
            j += 1
            # lowercase words directly followed by punctuation (end of name) are kept: "Point information jeunesse."
            nxt = toks[j] if j < len(toks) else None
            if (nxt is None or (nxt.kind == "punct" and nxt.text in ",.;:)")) and not pending_connector \
                    and pending_lower <= 2:
                committed = j
            elif f.endswith(_ADJ_SUFFIXES) and committed == j - 1:
                committed = j
                pending_lower = 0
            continue
        break
    return committed


_PARTNER_BEFORE = re.compile(
    r"(?:\bavec|\bauprès\s+d[eu]s?|\bsoutien\s+d[eu]s?|\bappui\s+d[eu]s?|\bconcours\s+d[eu]s?)\s+"
    r"(?:la\s+|le\s+|les\s+|l['’]\s*)?$"
)


def find_organisations(text: str) -> list[OrgMention]:
    """Named organisations in a French prose text: 'l'APHP', 'le Sénat', "l'association « Les Ailes du Moulin »",
    'la CAF de l'Essonne', "l'Ecole Nationale d'Architecture de Nancy", 'Break Poverty Foundation'.

    Generic categories ("les associations", "des entreprises") and bare places are not returned.
    """
    toks = tokenize(text)
    out: list[OrgMention] = []
    used_until = -1
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if t.start < used_until:
            i += 1
            continue
        f = t.folded
        # 1. lowercase head noun followed by a proper name: "l'association Citoyens & Territoires",
        #    "la ville du Gosier", "l'école des Arts et Métiers", "la grande école du numérique Simplon"
        if t.kind == "lower" and f in LOWER_HEADS:
            j = i + 1
            gap = []
            limit = 5 if j < n and toks[j].folded in ("de", "du", "des") else 3
            while j < n and toks[j].kind in ("lower", "elision") and len(gap) < limit and toks[j].folded not in ("et",):
                gap.append(toks[j])
                j += 1
            if gap and gap[-1].kind == "elision":
                j -= 1
                gap.pop()
            if j < n and toks[j].kind == "elision":
                j += 1
            ok_first = j < n and (
                (toks[j].kind == "cap" and toks[j].folded not in _FUNCTION_WORDS)
                or (toks[j].kind == "acronym" and _is_acronym_org(toks[j]))
                or (toks[j].kind == "quote" and _unquote(toks[j].text)[:1].isupper())
            )
            if ok_first:
                end = _name_continuation(toks, j, allow_lower_after_head=False)
                if end > j:
                    first = i
                    if toks[j].kind == "quote" and end == j + 1:
                        name = _unquote(toks[j].text)
                        first = j
                    else:
                        name = text[toks[first].start : toks[end - 1].end]
                    out.append(OrgMention(_clean_name(name), toks[first].start, toks[end - 1].end, f))
                    used_until = toks[end - 1].end
                    i = end
                    continue
            # lowercase head + adjectives + "(Proper Name)": "centre social municipal (Trait d'Union)"
            if j < n and toks[j].text == "(" and gap:
                k = j + 1
                while k < n and toks[k].text != ")" and k - j < 8:
                    k += 1
                if k < n and k > j + 1 and toks[j + 1].kind in ("cap", "acronym"):
                    name = text[t.start : toks[k].end]
                    out.append(OrgMention(_clean_name(name), t.start, toks[k].end, f))
                    used_until = toks[k].end
                    i = k + 1
                    continue
            i += 1
            continue
        # 2. acronyms: "APHP", "CAF de l'Essonne", "DINSIC", "H.L.M."
        if t.kind == "acronym":
            if _is_acronym_org(t):
                end = i + 1
                # "CAF de l'Essonne", "CCAS de Nancy": acronym + de + capitalised place
                if end + 1 < n and toks[end].folded in ("de", "du", "des") or (
                    end < n and toks[end].kind == "elision" and toks[end].folded == "d"
                ):
                    k = end + 1
                    if k < n and toks[k].kind == "elision":
                        k += 1
                    if k < n and toks[k].folded in ("la", "le", "les") and toks[k].kind == "lower":
                        k += 1
                    if k < n and toks[k].kind == "cap" and toks[k].folded not in _FUNCTION_WORDS:
                        end = k + 1
                        while end < n and toks[end].kind == "cap" and toks[end].folded not in _FUNCTION_WORDS:
                            end += 1
                # "(Coopérative d'activité et d'emploi)" expansion right after: skip it
                name = text[t.start : toks[end - 1].end]
                out.append(OrgMention(_clean_name(name), t.start, toks[end - 1].end, ""))
                used_until = toks[end - 1].end
                if end < n and toks[end].text == "(":
                    k = end + 1
                    while k < n and toks[k].text != ")" and k - end < 10:
                        k += 1
                    if k < n:
                        used_until = toks[k].end
                        end = k + 1
                i = end
                continue
            i += 1
            continue
        # 3. capitalised spans containing an organisation head: "le Sénat", "l'Agence de la Participation
        #    Citoyenne", "Break Poverty Foundation", "Fondation Groupe EDF", "Conseil Jeunes"
        if t.kind == "cap" and not (f in _FUNCTION_WORDS and f not in ORG_HEADS):
            end = _name_continuation(toks, i + 1, allow_lower_after_head=f in ORG_HEADS) if i + 1 < n else i + 1
            end = max(end, i + 1)
            span = toks[i:end]
            heads = [s.folded.split()[0] for s in span if s.kind == "cap" and s.folded.split()[0] in ORG_HEADS]
            has_acr = any(s.kind == "acronym" and _is_acronym_org(s) for s in span)
            caps = [s for s in span if s.kind == "cap" and s.folded not in _FUNCTION_WORDS]
            before = text[max(0, t.start - 30) : t.start]
            if not heads and not has_acr and len(caps) >= 2 and _PARTNER_BEFORE.search(before):
                heads = ["(partner)"]  # "avec la Mutualité Orvalienne": a proper name introduced as a partner
            if heads or has_acr:
                # a lone head names an organisation only for unique institutions ("le Sénat", "la Région") or as
                # a hyphenated compound ("Mairie-Conseils")
                if len(span) == 1 and f not in SINGLE_HEADS and not has_acr and len(f.split()) < 2:
                    i += 1
                    continue
                name = text[t.start : span[-1].end]
                # split "Mission du Centenaire et la Région Grand-Est" is handled by _name_continuation
                out.append(OrgMention(_clean_name(name), t.start, span[-1].end,
                                      heads[0] if heads and heads[0] != "(partner)" else ""))
                used_until = span[-1].end
                i = end
                continue
            i = end
            continue
        # 4. quoted names after a partnership cue: "l'association « En avant toutes »" (handled in 1)
        i += 1
    # drop empty / one-letter names
    return [o for o in out if len(re.sub(r"\W", "", o.name)) >= 2]


_CREATED_BEFORE = re.compile(
    r"(?:cr[ée]ation|mise\s+en\s+place|lancement|ouverture|constitution|naissance)\s+(?:du|de\s+la|de\s+l['’]|des|d['’]une?|de|d['’])\s*$",
    re.IGNORECASE,
)


def created_by_initiative(text: str, orgs: list[OrgMention]) -> set[int]:
    """Indexes of `orgs` that the initiative creates ("la création du FIL, le Fonds d'Initiatives Locales"):
    they are the initiative itself, not partners."""
    out: set[int] = set()
    for k, o in enumerate(orgs):
        if _CREATED_BEFORE.search(text[max(0, o.start - 40) : o.start]):
            out.add(k)
            # its apposition: ", le Fonds d'Initiatives Locales"
            if k + 1 < len(orgs) and re.fullmatch(r"\s*,\s*(?:le|la|les|l['’])?\s*", text[o.end : orgs[k + 1].start]):
                out.add(k + 1)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Generic partners ("les associations", "des habitants volontaires")
# ---------------------------------------------------------------------------------------------------------------

_PARTNER_CUE = re.compile(
    r"\b(?:avec|partenariat|partenaires?|collaboration|concours|impliqu\w*|associ\w*|mobilis\w*|particip\w*"
    r"|en lien|appui\w*|r[ée]alis\w* par|anim\w* par|men\w* par|conçu\w* par)\b",
    re.IGNORECASE,
)


_NOT_PARTNER_GENERICS = {fold(w) for w in """
personnes bénéficiaires ménages enfants jeunes maisons bureaux réseaux villages équipements foyers médias
usagers familles agents salariés citoyens relais services scolaires adhérents volontaires particuliers
participants spectateurs publics public visiteurs clients locataires patients touristes consommateurs
""".split()}


def _generic_head(word: str) -> bool:
    f = fold(word)
    return (f in generic_heads() or f in EXTRA_GENERIC_HEADS) and f not in _NOT_PARTNER_GENERICS


_AMBIGUOUS_GENERIC = {"services", "service", "ville", "villes", "monde", "acteur", "partenaire", "jeunes", "agents",
                      "familles", "centre", "centres"}


def find_generic_partners(text: str) -> list[tuple[str, int]]:
    """Generic partner categories named in sentences with a partnership cue: 'associations', 'habitants'."""
    out: list[tuple[str, int]] = []
    seen: set[str] = set()
    for sm in re.finditer(r"[^.!?;]+", text):
        sentence = sm.group(0)
        if not _PARTNER_CUE.search(sentence):
            continue
        toks = tokenize(sentence)
        for i, t in enumerate(toks):
            if t.kind not in ("lower", "cap") or not _generic_head(t.text):
                continue
            if i >= 2 and toks[i - 1].kind == "num" and toks[i - 2].text == "(":
                continue  # a population count "(8300 habitants)"
            j = i + 1
            while j < len(toks) and toks[j].kind == "lower" and j - i <= 2 and toks[j].folded not in _CONNECTORS \
                    and toks[j].folded not in _FUNCTION_WORDS and toks[j].folded.rstrip("s").endswith(_ADJ_SUFFIXES):
                j += 1
            phrase = clean_text(sentence[t.start : toks[j - 1].end])
            if fold(t.text) in _AMBIGUOUS_GENERIC and j == i + 1:
                continue  # "la ville a voulu", "les services" alone: not a partner category
            key = fold(phrase)
            if key in seen:
                continue
            seen.add(key)
            out.append((phrase, sm.start() + t.start))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Places named in free text (fallback when isgraph.territories is not available)
# ---------------------------------------------------------------------------------------------------------------

_PLACE_STOP = {fold(w) for w in """
France Europe Internet Facebook Twitter Instagram Open Data Etat État Région Département Ville Commune Conseil
Agence Association Observatoire Mairie Assemblée Sénat Pôle Maison Centre École Ecole Université
""".split()}

_PLACE_WORD = r"[A-ZÉÈÊÀÂÎÔÛÇŒ][\w'’\-]*"
_PLACE_NAME = rf"(?:(?:la|le|les|La|Le|Les|L['’])\s*)?{_PLACE_WORD}(?:[\s-]+(?:(?:de|du|des|d['’]|la|le|les|lès|sur|en|sous|et)[\s-]+)*{_PLACE_WORD})*"
_PLACE_PATTERNS = [
    # "A Bordeaux,", "à Lavoncourt", "Basée à Périgueux", "A la Rochelle"
    re.compile(rf"(?:(?<=\W)|^)(?:à|À|A)\s+(?P<name>{_PLACE_NAME})"),
    # "En Corrèze,", ", en Gironde", "en Ile-de-France"
    re.compile(rf"(?:(?<=\W)|^)(?:en|En)\s+(?P<name>{_PLACE_WORD}(?:[\s-]+(?:de|du|des|la|et)?[\s-]*{_PLACE_WORD})*)"),
    # "dans le Saint Emilionnais", "dans les Deux Sèvres"
    re.compile(rf"\bdans\s+(?:le|la|les|l['’])\s*(?P<name>{_PLACE_WORD}(?:[\s-]+{_PLACE_WORD})*)"),
]
_QUARTIER_RE = re.compile(
    rf"\b(?P<name>[Qq]uartiers?\s+(?:(?:{_PLACE_WORD}|QPV|prioritaires?)[\s-]*)+(?:(?:de|du|des|d['’])\s*(?:la\s+|le\s+|l['’])?{_PLACE_WORD})?"
    rf"|[Qq]uartiers?\s+(?:[a-zéèêàç]+\s+){{1,4}}(?:de|du|d['’])\s*(?:la\s+|le\s+)?{_PLACE_WORD}(?:-{_PLACE_WORD})*"
    rf"|[Qq]uartiers?\s+(?:du|des|de\s+la|de\s+l['’]|de|d['’])\s*{_PLACE_WORD}(?:[\s-]+{_PLACE_WORD})*"
    rf"|[Pp]lace\s+(?:de\s+la|du|des|de)\s+{_PLACE_WORD}(?:[\s-]+{_PLACE_WORD})*"
    rf"|Pays\s+(?:de|du|des|d['’])\s*{_PLACE_WORD}(?:\s*-\s*{_PLACE_WORD}(?:\s+(?:de|du|des)\s+{_PLACE_WORD})*)*)"
)


_COMMUNES_LIST_RE = re.compile(
    rf"\b(?:communes?|villes?|villages?)\s+(?:de|d['’])\s*(?P<list>{_PLACE_NAME}(?:\s*,\s*{_PLACE_NAME})*(?:\s+et\s+{_PLACE_NAME})?)"
)


def _tidy_place(name: str) -> str:
    name = clean_text(name).strip(" ,.;:-")
    m = re.match(r"^(la|le|les)\s+(.*)$", name)
    if m:
        name = m.group(1).capitalize() + " " + m.group(2)
    return name


def find_places_in_text(text: str) -> list[tuple[str, int]]:
    """Places introduced by 'à X', 'en X', 'dans le X', 'quartier X' (capitalised names only).

    A fallback for when the official geography (`isgraph.territories.find_places`) is not available.
    """
    out: list[tuple[str, int]] = []
    def acceptable(name: str, end: int) -> bool:
        words = fold(name).split()
        if not words or words[-1] in _PLACE_STOP or fold(name) in _PLACE_STOP:
            return False
        if any(w in ORG_HEADS for w in words):
            return False
        bare = re.sub(r"^(?:La|Le|Les|L')\s*", "", name)
        if re.fullmatch(r"[A-Z0-9&.\-]+", bare):  # acronyms are organisations, not places
            return False
        # a single capitalised noun followed by "de ..." is a title ("la Stratégie de Lutte ..."), not a place
        if len(bare.split()) == 1 and "-" not in bare and re.match(r"\s+(?:de|du|des|d['’])\b", text[end : end + 5]):
            return False
        return True

    for m in _QUARTIER_RE.finditer(text):
        out.append((_tidy_place(m.group("name")), m.start()))
        inner = re.search(rf"(?:de|du|d['’])\s*(?P<city>(?:la\s+|le\s+)?{_PLACE_WORD}(?:-{_PLACE_WORD})*)$", m.group("name"))
        if inner and not m.group("name").lower().startswith(("place", "pays")) \
                and acceptable(inner.group("city"), m.end()):
            out.append((_tidy_place(inner.group("city")), m.start() + inner.start("city")))
    # "les communes de Pointe-à-Pitre, Les Abymes et Sainte-Anne"
    for m in _COMMUNES_LIST_RE.finditer(text):
        pos = m.start("list")
        for part in re.split(r"\s*,\s*|\s+et\s+", m.group("list")):
            if part and acceptable(part, pos + len(part)):
                out.append((_tidy_place(part), pos))
            pos += len(part) + 2
    for rx in _PLACE_PATTERNS:
        for m in rx.finditer(text):
            name = _tidy_place(m.group("name"))
            if not acceptable(name, m.end("name")):
                continue
            # a name followed directly by a lowercase noun is rather a title ("A Vertou (23 000 habitants)" ok)
            out.append((name, m.start("name")))
    # dedupe, keep order
    seen: set[str] = set()
    res = []
    for name, pos in sorted(out, key=lambda t: t[1]):
        k = fold(name)
        if k in seen:
            continue
        seen.add(k)
        res.append((name, pos))
    return res


def territories_module():
    """`isgraph.territories` when it exists (written in parallel), else None."""
    try:
        from .. import territories  # type: ignore
    except Exception:  # pragma: no cover - module missing
        return None
    return territories if hasattr(territories, "resolve") else None


def place_context(names: list[str]):
    """A `territories.ResolveContext` from the territories already known for a card (None without the module)."""
    terr = territories_module()
    if terr is None or not hasattr(terr, "ResolveContext"):
        return None
    found = []
    for name in names:
        try:
            found.append(terr.resolve(name, None, allow_lieu=False))
        except Exception:
            continue
    try:
        return terr.ResolveContext.from_territories(found)
    except Exception:
        return None


def _is_known_place(name: str, context) -> bool | None:
    """True / False from the official geography; None when it is not available."""
    terr = territories_module()
    if terr is None:
        return None
    try:
        return terr.resolve(name, context, allow_lieu=False) is not None
    except Exception:
        return None


def find_places(text: str, context_names: list[str] | None = None) -> list[tuple[str, int]]:
    """Places named in a text as (name as written, offset).

    Candidates come from locative patterns ('à X', 'en X', 'dans le X', 'quartier X', 'communes de X, Y et Z');
    when the official geography (`isgraph.territories`) is available, a bare one-name candidate must be a known
    place ("la Stratégie" is dropped, "Flayat" kept); quartiers, places and pays are kept as written.
    """
    context = place_context(context_names or [])
    out = []
    for name, pos in find_places_in_text(text):
        f = fold(name)
        phrase = f.split()[0] in ("quartier", "quartiers", "place", "pays")
        single = len(re.sub(r"^(?:La|Le|Les|L')\s*", "", name).split()) == 1
        if not phrase and single and _is_known_place(name, context) is False:
            continue
        out.append((name, pos))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Years, budgets, fundings
# ---------------------------------------------------------------------------------------------------------------

_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTHS = r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre)"
_YEAR_PATTERNS = [
    re.compile(rf"\b[Dd]e\s+(?P<a>{_YEAR})\s+à\s+(?P<b>{_YEAR})\b"),
    re.compile(rf"\b(?P<a>{_YEAR})\s*/\s*(?P<b>{_YEAR})\b"),
    re.compile(rf"(?<!historique )\b(?:[Dd]epuis|[Dd]ès|[Dd]es)\s+(?:(?:la\s+)?(?:fin|début|mi-|l['’]année|{_MONTHS})\s*)?(?P<a>{_YEAR})\b"),
    re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:au\s+\d{{1,2}}\s+)?{_MONTHS}\s+(?P<a>{_YEAR})\b"),
    re.compile(rf"\b(?:lanc\w+|cré\w+|ouvert\w*|mis\w* en place|engag\w+|initi\w+|démarr\w+|inaugur\w+)\s+(?:\w+\s+)?en\s+(?P<a>{_YEAR})\b"),
    re.compile(rf"\b(?:[Ee]n|[Dd]epuis)\s+(?P<a>{_YEAR})\s*,?\s+(?:le|la|les|l['’])\s*\w+\s+(?:a|ont)\s+(?:lanc|cré|engag|mis|ouvert|initi|démarr)"),
]


_LAUNCH_SENTENCE = re.compile(
    rf"(?:^|[.!?]\s+)[Ee]n\s+(?P<a>{_YEAR})\s*,[^.!?]*?\b(?:a|ont)\s+(?:été\s+)?(?:lanc|cré|engag|mis\w*\s+en\s+place|initi|démarr|ouvert)"
)


def find_years(text: str) -> list[int]:
    """Years stated for an initiative: 'De 2015 à 2019', 'en 2018/2019', 'Depuis 2014', 'Dès 2008',
    'du 6 au 20 mars 2019', 'lancé en 2011' (years of other events, e.g. 'en 2017' after an incident, are not taken)."""
    years: set[int] = set()
    for rx in _YEAR_PATTERNS + [_LAUNCH_SENTENCE]:
        for m in rx.finditer(text):
            a = int(m.group("a"))
            b = int(m.group("b")) if "b" in m.groupdict() and m.group("b") else a
            if b < a or b - a > 15:
                b = a
            years.update(range(a, b + 1))
    return sorted(years)


_BUDGET_CUE = re.compile(
    r"\b(?:budget(?:\s+(?:annuel|global|total|de fonctionnement|d['’]investissement|prévisionnel))?"
    r"|co[uû]t\s+(?:total|global|du projet|de l['’]opération)|montant\s+(?:total|global)"
    r"|investissement(?:\s+(?:total|global))?|enveloppe(?:\s+(?:globale|totale|annuelle))?)\b",
    re.IGNORECASE,
)


@dataclass
class BudgetFinding:
    value: Decimal
    text: str
    period: str | None
    offset: int


def find_budget(text: str) -> BudgetFinding | None:
    """The initiative's budget: an amount stated right after a budget cue in the same clause
    ('budget : 725 000€', 'Budget annuel d'environ 500 000 €'); prices, savings or revenues are ignored."""
    for cue in _BUDGET_CUE.finditer(text):
        window = text[cue.end() : cue.end() + 45]
        stop = re.search(r"[.;!?]\s|\.$|\)", window)
        if stop:
            window = window[: stop.start()]
        amounts = find_amounts(window)
        if not amounts:
            continue
        a = amounts[0]
        between = window[: a.start]
        if re.search(r"\b(?:pour|par|de moins|d['’]économ|par mois|par nuit)\b", between):
            continue
        cue_text = cue.group(0).lower()
        tail = text[cue.end() + a.end : cue.end() + a.end + 10]
        period = "annuel" if ("annuel" in cue_text or a.yearly or re.search(r"\bpar an\b|/an\b", tail)) else None
        if period is None and re.search(r"\btotal|global", cue_text):
            period = "total"
        phrase = clean_text(text[cue.start() : cue.end() + a.end])
        return BudgetFinding(a.value, phrase, period, cue.start())
    return None


_BUDGET_WORDS = re.compile(
    r"(?:\b(?:sans|aucun|pas de|seul|petit|faible)\s+budget\b[^.;,]*|\b(?:un\s+)?budget\s+(?:raisonnable|spécifique|modeste|limité|réduit|constant)\b[^.;,]*)",
    re.IGNORECASE,
)


def find_budget_phrase(text: str) -> str | None:
    m = _BUDGET_WORDS.search(text)
    return clean_text(m.group(0)) if m else None


_FUND_CUES = [
    # (regex with the funder right after, needs money context)
    (re.compile(r"\b(?:financ\w*|cofinanc\w*|co-financ\w*|subventionn\w*)\s+(?:en partie\s+|notamment\s+|majoritairement\s+)?(?:par|grâce à)\s+", re.I), False),
    (re.compile(r"\b(?:avec\s+|grâce\s+à\s+)?(?:le|l['’]|un)\s*(?:soutien|appui|concours)\s+financier\s+(?:de\s+la|du|des|de\s+l['’]|de)\s*", re.I), False),
    (re.compile(r"\b(?:subventions?|financements?|dotations?|aides?\s+financières?|mécénat|crédits)\s+(?:de\s+la|du|des|de\s+l['’]|de)\s*", re.I), False),
    (re.compile(r"\bl['’]aide\s+(?:de\s+la|du|des|de\s+l['’]|de)\s*", re.I), True),
]
_MONEY_CONTEXT = re.compile(r"budget|financ|subvention|€|euros?\b|co[uû]t|dotation|m[ée]c[ée]nat", re.I)


def find_fundings(text: str, orgs: list[OrgMention] | None = None) -> list[tuple[OrgMention, str]]:
    """(funder, phrase) pairs where the text says an organisation gives money to the initiative."""
    orgs = orgs if orgs is not None else find_organisations(text)
    out: list[tuple[OrgMention, str]] = []
    for rx, needs_context in _FUND_CUES:
        for m in rx.finditer(text):
            sentence_start = max(text.rfind(".", 0, m.start()) + 1, 0)
            sentence_end = text.find(".", m.end())
            sentence_end = len(text) if sentence_end < 0 else sentence_end
            sentence = text[sentence_start:sentence_end]
            if needs_context and not _MONEY_CONTEXT.search(sentence):
                continue
            # the organisation(s) starting right after the cue (a list "de la Région, du Département et de la CAF")
            cursor = m.end()
            for o in sorted(orgs, key=lambda o: o.start):
                if o.start < m.end() - 2:
                    continue
                gap = text[cursor : o.start]
                if re.fullmatch(r"[\s,]*(?:et\s+|ainsi que\s+)?(?:(?:de\s+la|du|des|de\s+l['’]|de|la|le|les|l['’]|par)\s*)*", gap):
                    out.append((o, clean_text(sentence)))
                    cursor = o.end
                else:
                    break
    # funders whose sentence says they fund ("X subventionne le projet", "les mécènes")
    for o in orgs:
        after = text[o.end : o.end + 40]
        if re.match(r"\s*(?:a|ont)?\s*(?:financé|subventionné|cofinancé|apporté\s+\d)|\s*(?:finance|subventionne|cofinance)\b", after):
            s0 = text.rfind(".", 0, o.start) + 1
            s1 = text.find(".", o.end)
            out.append((o, clean_text(text[s0 : s1 if s1 > 0 else len(text)])))
    seen: set[str] = set()
    res = []
    for o, s in out:
        if fold(o.name) in seen:
            continue
        seen.add(fold(o.name))
        res.append((o, s))
    return res


# ---------------------------------------------------------------------------------------------------------------
# Persons in prose ("le journaliste Denis Cheissoux", "M. Dupont")
# ---------------------------------------------------------------------------------------------------------------

_PERSON_RE = re.compile(
    r"\b(?:M\.|Mme|Mlle|Monsieur|Madame|Dr|journaliste|maire|président\w*|directeur|directrice|adjoint\w*|"
    r"élu\w*|chargée?|coordinat\w+|animat\w+|responsable|contact)\s*:?\s+"
    r"(?P<name>[A-ZÉÈ][a-zéèëïîôç]+(?:-[A-ZÉÈ][a-zéèëïîôç]+)?\s+[A-ZÉÈ][A-Za-zéèëïîôç'-]+(?:\s+[A-Z]{2,})?)"
)


def find_persons(text: str) -> list[str]:
    return list(dict.fromkeys(m.group("name") for m in _PERSON_RE.finditer(text)))


# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA: palmarès
# ---------------------------------------------------------------------------------------------------------------

PRIZE_LEVELS = {"or": "or", "argent": "argent", "bronze": "bronze"}
_PRIZE_LINE = re.compile(
    r"^\s*(?:prix\s+)?[A-Z][A-Za-z]{3,}\s+(?:D['’]\s*|d['’]\s*|DE\s+|de\s+)?(?P<level>OR|ARGENT|BRONZE|Or|Argent|Bronze)\s*:",
    re.M,
)

#: collectivity kinds: palmarès words -> code
_KIND_WORDS = [
    (r"r[ée]gions?", "region"),
    (r"d[ée]partements?", "departement"),
    (r"communaut[ée]s?\s+d['’]\s*agglom[ée]ration", "ca"),
    (r"communaut[ée]s?\s+de\s+communes", "cc"),
    (r"communaut[ée]s?\s+urbaines?", "cu"),
    (r"m[ée]tropoles?", "metropole"),
    (r"villes?|communes?|mairies?", "ville"),
    (r"CCAS", "ccas"),
    (r"CIAS", "cias"),
    (r"syndicats?(?:\s+mixtes?)?|SIVOM|SIVU|PETR|pays", "syndicat"),
]
_KIND_MARKER = re.compile(
    r"(?:^|[\s;,:])(?:à\s+la|à\s+l['’]|aux|au|à|et\s+à\s+la|et\s+au|et\s+aux)\s+(?P<kind>"
    + "|".join(k for k, _ in _KIND_WORDS)
    + r")\b",
    re.IGNORECASE,
)

#: header prefixes (abbreviations of collectivity kinds)
HEADER_PREFIXES = {
    "CA": "ca", "CC": "cc", "CU": "cu", "CD": "departement", "CG": "departement", "CR": "region",
    "CCAS": "ccas", "CIAS": "cias", "DEPARTEMENT": "departement", "REGION": "region", "METROPOLE": "metropole",
    "VILLE": "ville", "COMMUNE": "ville", "MAIRIE": "ville", "AGGLOMERATION": "ca", "AGGLO": "ca",
}
_HEADER_SUFFIXES = {"CA": "ca", "CC": "cc", "CU": "cu", "AGGLO": "ca", "AGGLOMERATION": "ca", "METROPOLE": "metropole"}


@dataclass
class PalmaresEntry:
    prize: str
    kind: str
    name: str  # as written in the list, e.g. "Haute-Saône"
    article: str  # "de la", "du", "des", "de l'", "de", ""
    count: int
    line: int


def _key(name: str) -> str:
    f = fold(name)
    f = re.sub(r"\b(\d+)\s*(?:e|er|eme|ème|ieme)\b", r"\1", f)
    words = f.split()
    while words and words[0] in ("le", "la", "les", "l", "de", "du", "des", "d"):
        words = words[1:]
    return " ".join(words)


def parse_palmares(doc: SourceDocument) -> list[PalmaresEntry]:
    entries: list[PalmaresEntry] = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        m = _PRIZE_LINE.match(lines[i])
        if not m or fold(m.group("level")) not in PRIZE_LEVELS:
            i += 1
            continue
        prize = PRIZE_LEVELS[fold(m.group("level"))]
        start = i
        chunk = [(i + 1, lines[i][m.end() :])]
        i += 1
        while i < len(lines) and lines[i].strip() and not _PRIZE_LINE.match(lines[i]):
            chunk.append((i + 1, lines[i]))
            i += 1
        jt = JoinedText(chunk)
        text = jt.text
        markers = list(_KIND_MARKER.finditer(text))
        if not markers:
            # a plain list "Ville de Beauvais, Département du Nord" or one laureate a line
            for number, raw_line in chunk:
                for item in re.split(r"\s*[;,]\s*|\s+-\s+|^\s*[-•*]\s*", raw_line):
                    item = clean_text(item).strip(" .•*-")
                    if not item or not re.search(r"[A-Za-zÀ-ÿ]", item):
                        continue
                    count = 1
                    cm = re.search(r"\((\d+)\s*fois\)", item)
                    if cm:
                        count = int(cm.group(1))
                        item = item[: cm.start()].strip()
                    kind, name, article = strip_kind(item)
                    entries.append(PalmaresEntry(prize, kind or "ville", name, article, count, number))
            continue
        for k, mk in enumerate(markers):
            kind_word = mk.group("kind")
            kind = next(code for rx, code in _KIND_WORDS if re.fullmatch(rx, kind_word, re.IGNORECASE))
            seg_end = markers[k + 1].start() if k + 1 < len(markers) else len(text)
            seg = text[mk.end("kind") : seg_end]
            pos = mk.end("kind")
            for part in re.split(r"\s*[,;]\s*|\s+et\s+(?=(?:de|du|des|d['’]|la|le|l['’])\b)", seg):
                raw = part
                part = clean_text(part).strip(" .;,")
                if not part:
                    continue
                count = 1
                cm = re.search(r"\((\d+)\s*fois\)", part)
                if cm:
                    count = int(cm.group(1))
                    part = part[: cm.start()].strip()
                am = re.match(r"^(de\s+la\b|de\s+l['’]|du\b|des\b|de\b|d['’])\s*", part)
                article = ""
                if am:
                    article = re.sub(r"\s+", " ", am.group(1).lower()).replace("’", "'")
                    part = part[am.end() :]
                part = part.strip(" .")
                if not part or not re.search(r"[A-Za-zÀ-ÿ]", part):
                    continue
                off = text.find(raw.strip(), pos)
                entries.append(PalmaresEntry(prize, kind, part, article, count, jt.line_of(max(off, 0))))
        del start
    return entries


# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA: laureate blocks
# ---------------------------------------------------------------------------------------------------------------


def _letters(s: str) -> list[str]:
    return [c for c in s if c.isalpha()]


def looks_like_header(s: str) -> bool:
    """A collectivity line: short, mostly upper case ('CA LE GRAND CHALON', 'La COLLE-sur-LOUP',
    'CCAS Montpellier', 'SAINT-PARGOIRE (34)')."""
    s = s.strip()
    if not s or len(s) > 80 or "http" in s or "www." in s:
        return False
    letters = _letters(s)
    if len(letters) < 2:
        return False
    if s[-1] in ".,;:!?…»":
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    first = re.split(r"[\s(]", s)[0]
    if first.upper() in HEADER_PREFIXES and first.isupper() and len(s.split()) <= 8:
        return True
    return upper >= 0.5 and any(len(w) >= 3 and w.isupper() for w in re.findall(r"[^\W\d_]+", s))


def _title_like(s: str) -> bool:
    s = s.strip()
    return bool(s) and len(s) <= 160 and not looks_like_header(s) and "http" not in s and bool(_letters(s))


def _is_blank(s: str) -> bool:
    return not s.strip()


def _heading_like(s: str) -> bool:
    s = s.strip()
    if not s or len(s) > 70 or len(s.split()) > 10 or "http" in s:
        return False
    if s[-1] in ".,;!?…»)" or not (s[0].isupper() or s[0].isdigit()):
        return False
    return bool(_letters(s))


@dataclass
class LaureateBlock:
    header_line: int  # 1-based
    header: str
    title_line: int
    title: str
    end_line: int
    categorie: str | None
    heading_lines: list[int] = field(default_factory=list)


def find_laureate_blocks(doc: SourceDocument) -> list[LaureateBlock]:
    lines = doc.lines
    n = len(lines)
    # start after the "résumés des dossiers lauréats" marker written in upper case (the table of contents has it
    # in lower case), else after the last palmarès line, else at the top
    start = 0
    for idx, line in enumerate(lines):
        s = line.strip()
        if re.search(r"R[ÉE]SUM[ÉE]S?\s+DES\s+DOSSIERS|DOSSIERS\s+(?:DES\s+)?LAUR[ÉE]ATS", s) and s.isupper():
            start = idx + 1
    if start == 0:
        prize_lines = [idx for idx, line in enumerate(lines) if _PRIZE_LINE.match(line)]
        if prize_lines:
            start = prize_lines[-1] + 1
    nonblank = [idx for idx in range(start, n) if not _is_blank(lines[idx])]
    headers: list[tuple[int, int]] = []  # (header idx, title idx)
    for pos, idx in enumerate(nonblank):
        if not looks_like_header(lines[idx]):
            continue
        if pos + 2 >= len(nonblank) + 1:
            continue
        if pos + 1 >= len(nonblank):
            continue
        t = nonblank[pos + 1]
        if t - idx > 2 or not _title_like(lines[t]):
            continue
        if pos + 2 >= len(nonblank):
            continue
        p = nonblank[pos + 2]
        # the summary paragraph: not a header, long enough, after a blank line (or directly)
        if looks_like_header(lines[p]):
            continue
        if len(lines[p].strip()) < 30:
            # a title wrapped on two lines: the paragraph comes next
            q = nonblank[pos + 3] if pos + 3 < len(nonblank) else None
            if q is None or p != t + 1 or looks_like_header(lines[q]) or len(lines[q].strip()) < 30:
                continue
        headers.append((idx, t))
    blocks: list[LaureateBlock] = []
    categorie: str | None = None
    for k, (h, t) in enumerate(headers):
        # domain heading lines just above the header (after the previous paragraph)
        heading: list[int] = []
        lower_bound = headers[k - 1][1] + 1 if k else start
        j = h - 1
        while j >= lower_bound and len(heading) < 3:
            s = lines[j].strip()
            if not s:
                j -= 1
                continue
            if re.fullmatch(r"\d{1,3}", s):
                j -= 1
                continue
            if _heading_like(s) and (j - 1 < lower_bound or _is_blank(lines[j - 1]) or _heading_like(lines[j - 1])
                                     or lines[j - 1].strip()[-1:] in ".!?…»)" or lines[j][:1] == " "):
                heading.insert(0, j)
                j -= 1
                continue
            break
        if heading:
            categorie = " - ".join(clean_text(lines[x]) for x in heading)
        title_end = t
        nxt = lines[t + 1] if t + 1 < n else ""
        after = lines[t + 2] if t + 2 < n else ""
        next_header = headers[k + 1][0] if k + 1 < len(headers) else -1
        if (nxt.strip() and len(nxt.strip()) < 80 and not looks_like_header(nxt) and not after.strip()
                and not re.search(r"[.!?…]\s*$", lines[t]) and t + 1 != next_header):
            title_end = t + 1  # a title wrapped on two lines
        title = clean_text(" ".join(lines[t : title_end + 1]))
        blocks.append(LaureateBlock(h + 1, clean_text(lines[h]), title_end + 1, title, 0, categorie,
                                    [x + 1 for x in heading]))
    # block ends: last non-blank line before the next block's heading / header
    for k, b in enumerate(blocks):
        nxt = (min([blocks[k + 1].header_line] + blocks[k + 1].heading_lines) - 1) if k + 1 < len(blocks) else n
        end = nxt
        while end > b.title_line and _is_blank(lines[end - 1]):
            end -= 1
        b.end_line = end
    return blocks


# ---------------------------------------------------------------------------------------------------------------
# TERRITORIA: collectivity names
# ---------------------------------------------------------------------------------------------------------------

_LOWER_PARTICLES = {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "lès", "lez", "et", "aux", "au", "d", "l"}


def french_title_case(s: str) -> str:
    """'SAINT-REMY-EN-COMTE' -> 'Saint-Remy-en-Comte'; 'LE GRAND CHALON' -> 'Le Grand Chalon'."""
    out = []
    for i, word in enumerate(re.split(r"(\s+|-|['’])", s)):
        if not word or re.fullmatch(r"\s+|-|['’]", word):
            out.append(word)
            continue
        lw = word.lower()
        if i > 0 and lw in _LOWER_PARTICLES:
            out.append(lw)
        else:
            out.append(lw[:1].upper() + lw[1:])
    return "".join(out)


_VOWEL = re.compile(r"^[aeiouyéèêàâîïôûœhAEIOUYÉÈÊÀÂÎÏÔÛŒH]")


def _de(name: str) -> str:
    """'de Paris', "d'Orly", 'du Gosier' (Le Gosier), 'des Abymes' (Les Abymes)."""
    m = re.match(r"^(Le|Les)\s+(.*)$", name)
    if m:
        return ("du " if m.group(1) == "Le" else "des ") + m.group(2)
    if _VOWEL.match(name):
        return "d'" + name
    return "de " + name


@dataclass
class Collectivity:
    kind: str
    name: str  # proper-cased name of the territory ("Haute-Saône", "Le Grand Chalon")
    written: str  # header part as written
    article: str = ""
    arrondissement: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        base = self.name if self.arrondissement is None else f"{self.name} {self.arrondissement}"
        return (self.kind, _key(base))

    @property
    def full_name(self) -> str:
        if self.arrondissement is not None:
            n = self.arrondissement
            return f"Mairie du {n}{'er' if n == 1 else 'e'} arrondissement de {self.name}"
        art = self.article
        if self.kind == "region":
            return f"Région {self.name}"
        if self.kind == "departement":
            if art in ("du", "de la", "des"):
                return f"Département {art} {self.name}"
            if art in ("de l'", "d'") or (not art and _VOWEL.match(self.name)):
                return f"Département de l'{self.name}"
            return f"Département de {self.name}"
        if self.kind in ("ca", "cc", "cu", "metropole"):
            label = {"ca": "Communauté d'agglomération", "cc": "Communauté de communes",
                     "cu": "Communauté urbaine", "metropole": "Métropole"}[self.kind]
            kept = ("du", "de la", "des", "de l'") + (("de", "d'") if self.kind == "metropole" else ())
            if art in kept and not re.match(r"^(Le|La|Les|L')\b", self.name):
                sep = "" if art.endswith("'") else " "
                return f"{label} {art}{sep}{self.name}"
            return f"{label} {self.name}"
        if self.kind in ("ccas", "cias"):
            return f"{self.kind.upper()} {_de(self.name)}"
        if self.kind == "ville":
            return f"Ville {_de(self.name)}"
        return self.written

    @property
    def territory(self) -> str | None:
        if self.arrondissement is not None:
            n = self.arrondissement
            return f"{self.name} {n}{'er' if n == 1 else 'e'} arrondissement"
        if self.kind == "syndicat":
            return None
        return self.name


def parse_header(header: str, palmares: list[PalmaresEntry]) -> list[Collectivity]:
    """'CD DRÔME et ROMANS' -> [Département de la Drôme, Ville de Romans]; 'CA LE GRAND CHALON' -> CA."""
    raw = clean_text(header)
    raw = re.sub(r"\(\s*\d{2,3}[AB]?\s*\)", " ", raw)  # department number "(34)"
    raw = clean_text(raw)
    by_key: dict[str, list[PalmaresEntry]] = {}
    for e in palmares:
        by_key.setdefault(_key(e.name), []).append(e)

    def whole_known(s: str) -> bool:
        k, _name = _strip_kind(s)
        return _key(_name) in by_key

    parts = [raw]
    if not whole_known(raw):
        parts = [p for p in re.split(r"\s+-\s+|\s+et\s+|\s*/\s*", raw) if p.strip()]
    out = []
    for p in parts:
        kind, name, header_art = strip_kind(p)
        arr = None
        am = re.match(r"^(.*\S)\s+(\d{1,2})(?:\s*(?:e|er|ème|eme))?$", name)
        if am and kind in ("ville", None):
            name, arr = am.group(1), int(am.group(2))
        entries = by_key.get(_key(name), [])
        if kind is None:
            syndicate = re.match(r"^(SIVOM|SIVU|SI|SM|PETR|Syndicat)\b", p, re.I)
            kind = entries[0].kind if entries else ("syndicat" if syndicate else "ville")
        same_kind = [e for e in entries if e.kind == kind] or entries
        article = same_kind[0].article if same_kind else header_art
        if kind == "syndicat":
            proper = p if not p.isupper() else french_title_case(p)
            out.append(Collectivity(kind, proper, p, ""))
            continue
        header_article = re.match(r"^(le|la|les|l')\s+", fold(name) + " ")
        if same_kind:
            proper = same_kind[0].name
            if header_article and not re.match(r"^(Le|La|Les|L')\b", proper):
                proper = french_title_case(name.split()[0]) + " " + proper
        elif name.isupper() or sum(c.isupper() for c in _letters(name)) > len(_letters(name)) / 2:
            proper = _official_spelling(name, kind) or french_title_case(name)
        else:
            proper = name
        if arr is not None:
            city_entries = by_key.get(_key(name), [])
            proper = city_entries[0].name if city_entries else french_title_case(name)
        out.append(Collectivity(kind, proper, p, article, arr))
    return out


_HEADER_KINDS = [
    (r"COMMUNAUT[EÉ]\s+D['’]\s*AGGLOM[EÉ]RATION", "ca"),
    (r"COMMUNAUT[EÉ]\s+DE\s+COMMUNES", "cc"),
    (r"COMMUNAUT[EÉ]\s+URBAINE", "cu"),
    (r"CONSEIL\s+(?:D[EÉ]PARTEMENTAL|G[EÉ]N[EÉ]RAL)", "departement"),
    (r"CONSEIL\s+R[EÉ]GIONAL", "region"),
    (r"D[EÉ]PARTEMENT", "departement"),
    (r"R[EÉ]GION", "region"),
    (r"M[EÉ]TROPOLE", "metropole"),
    (r"VILLE|COMMUNE|MAIRIE", "ville"),
    (r"CCAS", "ccas"),
    (r"CIAS", "cias"),
    (r"CA|AGGLO|AGGLOM[EÉ]RATION", "ca"),
    (r"CC", "cc"),
    (r"CU", "cu"),
    (r"CD|CG", "departement"),
    (r"CR", "region"),
]
_HEADER_KIND_RE = re.compile(
    r"^(?:" + "|".join(f"(?P<k{i}>{rx})" for i, (rx, _) in enumerate(_HEADER_KINDS)) + r")\s+(?=\S)", re.IGNORECASE
)
_HEADER_ARTICLE = re.compile(r"^(DE\s+LA|DE\s+L['’]|DU|DES|DE|D['’])(?:\s+|(?<=['’]))", re.IGNORECASE)


def _strip_kind(part: str) -> tuple[str | None, str]:
    kind, name, _article = strip_kind(part)
    return kind, name


def strip_kind(part: str) -> tuple[str | None, str, str]:
    """'CA LE GRAND CHALON' -> ('ca', 'LE GRAND CHALON', ''); 'DEPARTEMENT DU NORD' -> ('departement', 'NORD', 'du');
    'LANNION-TREGOR CA' -> ('ca', 'LANNION-TREGOR', ''); 'SAINT-PARGOIRE' -> (None, 'SAINT-PARGOIRE', '')."""
    part = part.strip()
    m = _HEADER_KIND_RE.match(part)
    prefix = m.group(0).strip() if m else ""
    # "VILLE DE", "Ville de", "Communauté de communes"; abbreviations only in capitals ("CA", not "Ca")
    if m and prefix[:1].isupper() and (prefix.isupper() or len(prefix.split()[0]) > 4):
        idx = next(int(k[1:]) for k, v in m.groupdict().items() if v)
        kind = _HEADER_KINDS[idx][1]
        rest = part[m.end() :].strip()
        article = ""
        am = _HEADER_ARTICLE.match(rest)
        if am and len(rest) > am.end():
            article = re.sub(r"\s+", " ", am.group(1).lower()).replace("’", "'")
            rest = rest[am.end() :].strip()
        return kind, rest, article
    words = part.split()
    if len(words) >= 2 and words[-1].upper() in _HEADER_SUFFIXES and words[-1].isupper():
        return _HEADER_SUFFIXES[words[-1].upper()], " ".join(words[:-1]), ""
    return None, part, ""


def _official_spelling(name: str, kind: str) -> str | None:
    """The official spelling of a place written without accents ('CHAMBERY' -> 'Chambéry'), when the geography
    knows it unambiguously."""
    terr = territories_module()
    if terr is None or kind not in ("ville", "ccas", "cias", "departement", "region"):
        return None
    try:
        t = terr.resolve(name, None, allow_lieu=False)
    except Exception:
        return None
    if t is None:
        return None
    label = getattr(t, "label", None)
    if label and _key(label) == _key(name):
        return label
    return None


def _department_article_from_text(name: str, text: str) -> str:
    """'du', 'de la', "de l'", 'des' as the document writes 'département de la Haute-Saône'."""
    rx = re.compile(r"\bd[ée]partements?\s+(du|de\s+la|de\s+l['’]|des|de|d['’])\s*([A-ZÉÈÎ][\w'’\- ]{2,40})", re.I)
    for m in rx.finditer(text):
        if _key(m.group(2)).startswith(_key(name)):
            return re.sub(r"\s+", " ", m.group(1).lower()).replace("’", "'")
    return ""


# ---------------------------------------------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------------------------------------------

_SELF_WORDS = {"ville", "commune", "collectivite", "mairie", "municipalite", "agglomeration", "communaute",
               "intercommunalite"}


def _initials(name: str) -> str:
    return "".join(w[0] for w in fold(name).split() if w not in _LOWER_PARTICLES and w[:1].isalpha()).upper()


_CARRIES = re.compile(
    r"\s*(?:»\s*)?(?:\([^()]{0,40}\)\s*|,[^,.;]{0,60},\s*)?"
    r"(?:a|ont)?\s*(?:remporté\s+l['’]appel|port(?:e|ent)\s+(?:le|ce)\s+projet|gèrent|gère\b|pilotent|pilote\b)"
)


class TerritoriaExtractor(Extractor):
    family = "territoria"
    label = "Prix TERRITORIA: palmarès et résumés des dossiers lauréats"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        text = doc.text
        score = 0.0
        prize_lines = len(_PRIZE_LINE.findall(text))
        if prize_lines >= 2:
            score += 0.35
        elif prize_lines == 1:
            score += 0.15
        if re.search(r"palmar[èe]s", text, re.I):
            score += 0.1
        if re.search(r"laur[ée]ats?", text, re.I):
            score += 0.05
        if re.search(r"\bTERRITORIA\b", text):
            score += 0.2
        if re.search(r"R[ÉE]SUM[ÉE]S?\s+DES\s+DOSSIERS", text, re.I):
            score += 0.1
        if score >= 0.3:
            blocks = find_laureate_blocks(doc)
            if len(blocks) >= 3:
                score += 0.2
        return min(score, 1.0)

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        palmares = parse_palmares(doc)
        blocks = find_laureate_blocks(doc)
        doc_text = doc.text
        parsed = [parse_header(b.header, palmares) for b in blocks]
        for cols in parsed:
            for c in cols:
                if c.kind == "departement" and not c.article:
                    c.article = _department_article_from_text(c.name, doc_text)
        # prize: unambiguous only (one palmarès entry counting "(2 fois)", one summary)
        summaries: dict[tuple[str, str], int] = {}
        for cols in parsed:
            for c in cols:
                summaries[c.key] = summaries.get(c.key, 0) + 1
        entries_by_key: dict[tuple[str, str], list[PalmaresEntry]] = {}
        for e in palmares:
            entries_by_key.setdefault((e.kind, _key(e.name)), []).append(e)
        records = []
        for b, cols in zip(blocks, parsed):
            prizes = set()
            ambiguous = False
            for c in cols:
                es = entries_by_key.get(c.key, [])
                if sum(e.count for e in es) == 1 and summaries.get(c.key) == 1:
                    prizes.add(es[0].prize)
                else:
                    ambiguous = True
            prize = prizes.pop() if len(prizes) == 1 and not ambiguous else None
            records.append(self._record(doc, b, cols, prize))
        return records

    def _record(self, doc: SourceDocument, b: LaureateBlock, cols: list[Collectivity],
                prize: str | None) -> InitiativeRecord:
        body_lines = [(i, doc.line(i)) for i in range(b.title_line + 1, b.end_line + 1)]
        body_lines = [(i, s) for i, s in body_lines if not re.fullmatch(r"\s*(?:\d{1,3}|https?://\S+|www\.\S+)\s*", s)]
        jt = JoinedText(body_lines)
        text = strip_contacts(jt.text)
        rec = InitiativeRecord(doc=doc.name, title=b.title, start=b.header_line, end=b.end_line)
        rec.categorie = b.categorie
        rec.prix = prize
        rec.text = clean_text(f"{b.title}. {text}")
        porteur_keys: set[str] = set()
        for c in cols:
            rec.porteurs.append(Mention(c.full_name, b.header_line))
            porteur_keys.add(fold(c.full_name))
            porteur_keys.add(fold(c.name))
            if c.territory:
                rec.territoires.append(Mention(c.territory, b.header_line))
        self_kinds = {c.kind for c in cols}
        self_names = {_key(c.name) for c in cols}
        self_initials = {_initials(c.full_name) for c in cols}
        self_initials |= {_initials(c.name) for c in cols if len(c.name.split()) > 1}
        self_initials |= {k.upper() for k in self_kinds if k in ("ca", "cc", "cu", "ccas", "cias")}
        orgs = find_organisations(text)

        title_key = fold(b.title)
        org_initials = {_initials(o.name) for o in orgs if len(o.name.split()) > 1}
        porteur_folds = [fold(c.full_name) for c in cols] + [fold(c.written) for c in cols]

        def is_self(o: OrgMention) -> bool:
            f = fold(o.name)
            words = f.split()
            if f in porteur_keys or _key(o.name) in self_names:
                return True
            if f and (f" {f} " in f" {title_key} "):  # the initiative itself ("l'Observatoire des Mobilités")
                return True
            if any(pf.startswith(f + " ") for pf in porteur_folds):  # "SIVOM" for "SIVOM du Val Fleuri"
                return True
            if o.name.isupper() and len(o.name) <= 6:
                if o.name in self_initials or any(ini.startswith(o.name) for ini in org_initials):
                    return True
                if any(len(ini) >= 2 and (o.name.startswith(ini) or o.name.endswith(ini)) for ini in
                       {_initials(c.name) for c in cols}):
                    return True
            if words and words[0] in ("ville", "commune", "mairie", "municipalite") and len(words) <= 4 and any(
                n in f for n in self_names
            ):
                return True
            if f in ("region", "la region") and "region" in self_kinds:
                return True
            if words and words[0] == "region" and "region" in self_kinds and any(n in f for n in self_names):
                return True
            if words and words[0] == "departement" and "departement" in self_kinds and (
                len(words) == 1 or any(n in f for n in self_names)
            ):
                return True
            if f in _SELF_WORDS:
                return True
            return False

        # an organisation said to carry / manage the initiative is a co-porteur ("L'association X, fondée par ...,
        # a remporté l'appel à projet", "Le CIAS du Val Fleuri (1100 hab.) gère ...")
        for o in orgs:
            if is_self(o) or is_generic(o.name):
                continue
            after = text[o.end : o.end + 90]
            if _CARRIES.match(after):
                rec.porteurs.append(Mention(o.name, jt.line_of(o.start)))
                porteur_keys.add(fold(o.name))
        fundings = find_fundings(text, orgs)
        funder_keys = set()
        for o, phrase in fundings:
            if is_self(o):
                continue
            amounts = find_amounts(phrase)
            amount = amounts[0].value if len(amounts) == 1 else None
            rec.financements.append(Funding(o.name, jt.line_of(o.start), amount, phrase))
            funder_keys.add(fold(o.name))
        seen = set()
        for o in orgs:
            f = fold(o.name)
            if is_self(o) or f in funder_keys or f in seen:
                continue
            if is_generic(o.name):
                continue
            seen.add(f)
            rec.partenaires.append(Mention(o.name, jt.line_of(o.start)))
        for phrase, pos in find_generic_partners(text):
            if fold(phrase) in seen:
                continue
            seen.add(fold(phrase))
            rec.partenaires_generiques.append(Mention(phrase, jt.line_of(pos)))
        known_places = {fold(m.name) for m in rec.territoires} | {_key(m.name) for m in rec.territoires}
        org_spans = [(o.start, o.end) for o in orgs]
        for name, pos in find_places(text, [m.name for m in rec.territoires]):
            if fold(name) in known_places or _key(name) in known_places:
                continue
            if any(s <= pos < e for s, e in org_spans):
                continue
            known_places.add(fold(name))
            rec.territoires.append(Mention(name, jt.line_of(pos)))
        budget = find_budget(text)
        if budget:
            rec.budget, rec.budget_text, rec.budget_period = budget.value, budget.text, budget.period
        else:
            rec.budget_text = find_budget_phrase(text)
        rec.annee = find_years(text)
        rec.personnes = find_persons(text)
        return rec
