"""Free-text helpers shared by the prose-based extractors (TERRITORIA summaries, Néo Terra rows, resource pages,
slide decks): organisation names, generic partner categories, places, years, budgets and fundings found in running
French text. Vocabularies are generic words of French administrative prose; no facts about any initiative.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache, partial
from typing import NamedTuple

from isgraph.extract.amounts import find_amounts
from isgraph.normalize import clean_text, fold
from isgraph.extract.common import generic_heads, organisation_type, text_cache

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
rectorat tribunal cour gendarmerie police brigade agglomération agglomeration communautés syndicats planning espace
cercle
""".split())

#: head nouns that are organisations only when a proper name follows ("la ville du Gosier", "l'école des Arts")
LOWER_HEADS = frozenset(fold(w) for w in """
association fondation observatoire agence école ecole université universite institut mission office conseil centre
chambre caisse maison fédération union syndicat service réseau reseau comité groupe groupement société coopérative
collectif préfecture ministère direction pôle entreprise région département mairie communauté métropole
établissement académie laboratoire club compagnie banque fonds musée médiathèque hôpital lycée collège
conservatoire ville commune recyclerie ressourcerie
""".split())

#: heads that name one institution even alone ("le Sénat", "la Région")
SINGLE_HEADS = frozenset(fold(w) for w in "sénat région département préfecture assemblée état etat gouvernement".split())

#: administrative abbreviations that are not organisations (benefits, contracts, diplomas, school years, units)
NON_ORG_ACRONYMS = frozenset("""
RSA VAE CV FALC CDI CDD QPV IOT IOT WIFI BAFA BAFD TTC HT SDF CM1 CM2 CE1 CE2 CP ALSH THR RH DRH TV PDF NB OK ESS
RGPD PLU PLUI SCOT ZAC PLH BTS CAP BEP BAC DUT PME TPE ETP ASE APA PCH AAH EHPAD EHPA MSAP TIC NTIC CAPE SMS GPS
QR LED UE HLM ZUS ZRR REP DSP AMI AAP IS SSA VIH PMR COVID II III IV VI VII VIII IX XI XII XX XXI KM HA ETC CO2
ABS ASF MAIA ISIC ERP CCTP RDV FAQ URL WEB SIG RD RN VC
""".split())

#: generic partner heads beyond data/generic_actors.txt ("lycée", "centres sociaux", "GAL", "CCAS" alone)
EXTRA_GENERIC_HEADS = frozenset(fold(w) for w in """
lycée lycées lycee collège collèges centre centres hôpitaux hopitaux hôpital universités universites organismes
organisme coopératives syndicats médecine milieu ccas cias gal gals parents jeunes étudiants etudiants élèves
familles villes ville services acteur fermes mairies citoyens salariés agents volontaires bénévole riverains
propriétaires partenaire clubs monde
""".split())

_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "de", "d"}
#: words that end the lowercase words after a head noun: a sentence goes on ('le pôle agit sur les Combrailles')
_NOT_IN_GAP = {"et", "sur", "dans", "avec", "par", "qui", "que", "est", "sont", "ont", "vers", "chez", "depuis",
               "selon", "sans", "mais", "ou", "où"}
_CONNECTORS = {"de", "du", "des", "la", "le", "les", "et", "&", "pour", "en", "sur", "aux", "au", "à", "sous",
               "lès", "les", "l", "d", "contre", "entre",
               "an", "ar", "al", "ha", "war"}  # (Breton articles and 'and': 'Ti an Oll', 'Kig ha Farz Solidaire')
_FUNCTION_WORDS = {fold(w) for w in """
pour dans depuis après apres avec sans sur ces ce cette chaque un une il elle ils elles on en au aux a à des du de
si or mais et plus déjà deja enfin le la les l d dès des lors leur leurs son sa ses notre nos votre tous toutes
tout toute par parmi grâce grace afin ainsi entre vers chez selon sous comme quand lorsque quel quelle
""".split()}
@lru_cache(maxsize=1)
def _document_words() -> frozenset[str]:
    """Folded nouns of data/document_words.txt ("communiqué", "lettre"): never the head of a body's name."""
    from isgraph import paths
    from isgraph.extract.common import read_word_list

    return frozenset(fold(w) for w in read_word_list(paths.DOCUMENT_WORDS_FILE))


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
    r"|(?P<word>[^\W_](?:[\w&\-]|\.(?=[a-zé])|(?<=-[dDlL])['’](?=[^\W\d_])|(?<=\wqu)['’](?=[^\W\d_])|"
    r"(?<=[^\W\d_]{2})['’](?=[A-ZÉÈÀÂÎÔ]))*)"  # 'Côte-d'Or', 'Val-d'Oise', 'Presqu'île', 'Répar'Tout', 'Mobil'Emploi'
    r"|(?P<punct>[(),;:.!?…\[\]/•¶|])"
)


class Tok(NamedTuple):  # a tuple of strings and numbers: not tracked by the garbage collector once cached
    text: str
    start: int
    end: int
    kind: str  # quote / elision / acronym / cap / lower / num / punct

    @property
    def folded(self) -> str:
        return fold(self.text)


_new_tok = partial(tuple.__new__, Tok)  # Tok(*fields) without the Python-level __new__ of named tuples


def tokenize(text: str) -> list[Tok]:
    return list(_tokenize(text))


@lru_cache(maxsize=256)  # (a text is tokenized a few times in a row; tokens are objects the collector walks)
def _tokenize(text: str) -> tuple[Tok, ...]:  # (tokens are never changed)
    out = []
    append = out.append
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        s = m.group()
        if kind == "word":
            kind = _word_kind(s)
        elif kind == "dotted":
            kind = "acronym"
        start, end = m.span()
        append(_new_tok((s, start, end, kind)))
    return tuple(out)


@text_cache(1 << 16)
def _word_kind(s: str) -> str:
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return "num"
    if s[0].isdigit():
        return "num" if sum(c.isdigit() for c in s) >= len(letters) else "lower"
    if sum(c.isupper() for c in letters) >= 2 and not any(c.islower() for c in letters):
        return "acronym"
    if s[0].isupper():
        return "cap"
    return "lower"


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
    if allow_lower_after_head and i + 2 < len(toks) and (toks[i].kind == "lower" and toks[i].folded == "de" or
                                                         toks[i].kind == "elision" and toks[i].folded == "d"):
        # 'Maison de quartier Les Tilleuls', 'Espace de vie sociale La Passerelle', 'Accueil de loisirs Les Lutins',
        # 'Fondation d'entreprise Groupe X': the kind of body in lower case, then its own name
        k = i + 1
        while k < len(toks) and k - i <= 3 and toks[k].kind == "lower" and toks[k].folded not in _CONNECTORS:
            k += 1
        if k > i + 1 and k < len(toks) and toks[k].folded in ("la", "le", "les") and k + 1 < len(toks):
            k += 1
        if k > i + 1 and k < len(toks) and (toks[k].kind == "cap" or (toks[k].kind == "quote" and
                                                                         _unquote(toks[k].text)[:1].isupper())) \
                and toks[k].folded not in _FUNCTION_WORDS and toks[k - 1].end == toks[k].start - 1:
            j = committed = k
    while j < len(toks):
        t = toks[j]
        f = t.folded
        if t.kind in ("cap", "acronym") or (t.kind == "num" and j == committed > i):  # "PEP 18", "Maison 24"
            # (a number after a connector is no part of the name: 'Région Nouvelle-Aquitaine de 30 000 €')
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
                # '… Fondation Abbé Pierre et Crédit Agricole Centre Est': a kind of body after 'et' opens the next
                if nxt is not None and nxt.kind in ("cap", "acronym") and organisation_type(
                        " ".join(tk.text for tk in toks[j + 1 : j + 4])) is not None:
                    break
                # '… de la Région Occitanie et du Département de l'Aveyron': 'et de' + a body's head word (not
                # 'Maison des Jeunes et de la Culture')
                if nxt is not None and (nxt.folded in ("du", "des", "de", "au", "aux") or
                                        (nxt.kind == "elision" and nxt.folded == "d")):
                    k = j + 2
                    if k < len(toks) and (toks[k].folded in ("la", "le", "les") or
                                          (toks[k].kind == "elision" and toks[k].folded == "l")):
                        k += 1
                    if k < len(toks) and toks[k].kind == "cap" and (toks[k].folded.split() or [""])[0] in ORG_HEADS:
                        break
                    # '… de la Ville de Laval et de la CAF de la Mayenne': an acronym of a kind of body ('CAF',
                    # 'MSA', 'ADEME') or 'Ville' after 'et de (la)' opens the next organisation
                    if k < len(toks) and ((toks[k].kind == "acronym" and organisation_type(toks[k].text)) or
                                          (toks[k].kind == "cap" and toks[k].folded == "ville")):
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


# legal forms written before an organisation's name ('la SCIC Le Bon Couvert', 'la SAS Recyclerie du Pays')
_LEGAL_FORMS = frozenset({"SCIC", "SCOP", "SAS", "SASU", "SARL", "SA", "EURL", "SCI", "GIE", "GIP", "ESAT", "SIAE",
                          "GEIQ", "ACI", "ETTI", "EA", "CAE", "SEM", "SPL", "EHPAD", "MJC"})


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
            while j < n and toks[j].kind in ("lower", "elision") and len(gap) < limit \
                    and toks[j].folded not in _NOT_IN_GAP:
                gap.append(toks[j])
                j += 1
            if gap and gap[-1].kind == "elision":
                j -= 1
                gap.pop()
            if j < n and toks[j].kind == "elision":
                j += 1
            ok_first = j < n and not re.search(r"[–—,;:()]|\s-\s", text[toks[j - 1].end : toks[j].start]) and (
                (toks[j].kind == "cap" and toks[j].folded not in _FUNCTION_WORDS)
                or (toks[j].kind == "acronym" and _is_acronym_org(toks[j]))
                or (toks[j].kind == "quote" and _unquote(toks[j].text)[:1].isupper())
            )
            if ok_first and gap and gap[-1].folded in ("du", "de", "des", "la") and toks[j].kind == "cap" \
                    and toks[j].folded in ORG_HEADS and j + 1 < n and toks[j + 1].kind == "lower" \
                    and toks[j + 1].folded not in _CONNECTORS:
                i = j  # 'le comité syndical du Parc naturel régional du Vercors': the body whose part it is, named
                continue  # from its own head on (its name has lower-case words, 'naturel régional')
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
                elif t.text.upper() in _LEGAL_FORMS and end < n and toks[end].kind == "cap":
                    # 'la SCIC Le Bon Couvert', 'la SCOP Les Lentilles du Nord': a legal form before its name
                    k = end + 1 if toks[end].folded in ("le", "la", "les") and end + 1 < n \
                        and toks[end + 1].kind == "cap" else end
                    if toks[k].folded not in _FUNCTION_WORDS:
                        end = max(end, _name_continuation(toks, k, allow_lower_after_head=False))
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
            heads = [s.folded.split()[0] for s in span if s.kind == "cap" and s.folded.split()
                     and s.folded.split()[0] in ORG_HEADS]  # (a letter that folds to nothing: 'Þ')
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
                start = t.start
                if f in _document_words() and heads and heads[0] != "(partner)":
                    # "Communiqué de la Région X": the document's noun is not part of the body's name
                    start = next((s.start for s in span[1:] if s.kind == "cap" and s.folded.split()
                                  and s.folded.split()[0] in ORG_HEADS), t.start)
                name = text[start : span[-1].end]
                stop = span[-1].end
                # 'Cévennes Partage (Alès) – Association d'aide alimentaire …': the name, then its kind as the
                # start of a description; the name is what comes before the dash (its place in brackets left out)
                dash = re.search(r"\s[-–—]\s+(?=\S)", name)
                if dash and heads and heads[0] != "(partner)" and not any(
                        s.kind == "cap" and s.folded.split() and s.folded.split()[0] in ORG_HEADS
                        for s in span if s.end <= start + dash.start()):
                    before = re.sub(r"\s*\([^()]*\)\s*$", "", name[: dash.start()]).rstrip()
                    if len(before.split()) >= 1 and before[:1].isupper():
                        name, stop = before, start + len(before)
                # split "Mission du Centenaire et la Région Grand-Est" is handled by _name_continuation
                out.append(OrgMention(_clean_name(name), start, stop,
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
# Places named in free text (fallback when isgraph.resolve.territories is not available)
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

    A fallback for when the official geography (`isgraph.resolve.territories.find_places`) is not available.
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
    """`isgraph.resolve.territories` when it exists (written in parallel), else None."""
    try:
        from isgraph.resolve import territories  # type: ignore
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
    when the official geography (`isgraph.resolve.territories`) is available, a bare one-name candidate must be a known
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
    r"|co[uû]t(?:\s+(?:estimé|prévisionnel|réel))?(?=\s*:)"  # 'Coût : 150 000 €' (a card's or a list's field)
    r"|(?<=\b[dD]['’]un\s)co[uû]t(?=\s+(?:de|d['’]environ|d['’]un montant de)\s)"  # 'd'un coût de 120 000 euros'
    r"|(?<=\b[pP]rojet,\s)estimé\s+à|(?<=\b[pP]rojet\s)(?:est\s+)?estimé\s+à"  # 'Le projet, estimé à 1,2 M€'
    # ('Le chantier, estimé à 140 000 €', 'L'opération est estimée à 64 000 €')
    r"|(?<=\b[cC]hantier,\s)estimé\s+à|(?<=\b[cC]hantier\s)(?:est\s+)?estimé\s+à"
    r"|(?<=\b[oO]pération,\s)estimée\s+à|(?<=\b[oO]pération\s)(?:est\s+)?estimée\s+à"
    # 'Les travaux, d'un montant de 1 350 000 €', 'Les travaux ont coûté 1,35 million d'euros HT'
    r"|(?<=\b[tT]ravaux,\s)d['’]un\s+montant\s+de|(?<=\b[tT]ravaux\s)(?:ont\s+)?co[uû]t[ée]\s+|"
    r"(?<=\b[pP]rojet\s)(?:a\s+)?co[uû]t[ée]\s+|(?<=\b[pP]rojet,\s)d['’]un\s+montant\s+de"

    # ('une subvention d'investissement de 60 000 €' is the grant's kind: its amount is the grant)
    r"|(?<!subvention d')(?<!subvention d’)(?<!aide à l')(?<!aide à l’)investissement(?:\s+(?:total|global))?"
    r"|enveloppe(?:\s+(?:globale|totale|annuelle))?"
    r"|dépenses?\s+(?:subventionnables?|éligibles?|retenues?)|assiette\s+(?:éligible|retenue|subventionnable))\b",
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
        if re.search(r"\b(?:pour|par|de moins|d['’]économ|par mois|par nuit)\b|à hauteur", between):
            # ('soutient l'investissement à hauteur de 45 000 €': a funder's share, not the budget)
            continue
        cue_text = cue.group(0).lower()
        tail = text[cue.end() + a.end : cue.end() + a.end + 10]
        period = "annuel" if ("annuel" in cue_text or a.yearly or re.search(r"\bpar an\b|/an\b", tail)) else None
        if period is None and re.search(r"\btotal|global", cue_text):
            period = "total"
        if re.match(r"\s*(?:par|/)\s*(?:personne|participant|enfant|famille|foyer|ménage|mois|semaine|jour|nuit|repas|"
                    r"séance|trajet|heure|h\b|km|kilom|adhérent|élève)", text[cue.end() + a.end : cue.end() + a.end + 24]):
            continue  # 'coûte 5 € par personne': a price, not the initiative's budget
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
    r"\b(?:M\.|Mme|Mlle|Monsieur|Madame|Dr|(?i:journaliste|maire|président\w*|directeur|directrice|adjoint\w*|"
    r"élu\w*|chargée?(?:\s+de\s+(?:mission|projets?|communication))?|coordinat\w+(?:\s+du\s+projet)?|animat\w+|"
    r"responsable(?:\s+du\s+projet)?|contacts?(?:\s+presse)?|interlocut\w+|référent\w*|renseignements?))\s*:?\s+"
    r"(?:(?:M\.|Mme|Mlle|Monsieur|Madame)\s+)?"
    # a surname may open with a particle: 'Mme Gwenaëlle Le Goff-Prigent', 'M. Paul de La Tour'
    r"(?P<name>[A-ZÉÈ][a-zéèëïîôç]+(?:-[A-ZÉÈ][a-zéèëïîôç]+)?\s+"
    r"(?:(?:Le|La|De|Du|Des|Van|Von|de|du|des|van|von)\s+(?:(?:La|Le|la|le)\s+)?|[dD]['’])?"
    r"[A-ZÉÈ][A-Za-zéèëïîôç'-]+(?:\s+[A-Z]{2,})?)"
)


def find_persons(text: str) -> list[str]:
    """Names after a civility or a contact's function ('Mme X Y', 'Chargée de mission : X Y', 'Contact : X Y'),
    whatever the first name; not an organisation written there ('Contact : Mairie de Vannes')."""
    from isgraph.extract.common import organisation_type

    return list(dict.fromkeys(m.group("name") for m in _PERSON_RE.finditer(text)
                              if organisation_type(m.group("name")) is None))


# ---------------------------------------------------------------------------------------------------------------
# Descriptions ("as written": whole sentences of the text's own summary)
# ---------------------------------------------------------------------------------------------------------------

_SENTENCE = re.compile(r".+?(?:[.!?…](?=\s+[A-ZÉÈÀÂ«\"“]|\s*$)|$)")


def lead_sentences(text: str, limit: int = 420) -> str | None:
    """The first whole sentences of a text, up to about `limit` characters (at least one sentence; a sentence
    longer than twice the limit is cut at a word and ends with '…')."""
    text = clean_text(text)
    if not text:
        return None
    out = ""
    for m in _SENTENCE.finditer(text):
        s = m.group(0).strip()
        if not s:
            continue
        if out and len(out) + len(s) > limit:
            break
        out = f"{out} {s}".strip()
        if len(out) >= limit:
            break
    if len(out) > 2 * limit:
        out = out[: 2 * limit].rsplit(" ", 1)[0] + " …"
    return out or None
