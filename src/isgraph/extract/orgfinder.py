"""Organisations of free text, from `prose.find_organisations` completed by the organisation-type vocabulary.

`prose.find_organisations` reads names built on a head noun ("l'association X", "Fondation Y", acronyms); some
organisations are named by a type marker of `data/org_types.tsv` it does not take as a head ("la Caisse
d'allocations familiales de la Manche", "l'État", "France Travail", "le Centre communal d'action sociale (CCAS) de
Coutances"), or are written in capitals in letterheads ("DÉPARTEMENT DE SAÔNE-ET-LOIRE"). `find_all_organisations`
adds those, never overlapping a name already found (a longer marker name replaces the shorter one it contains).
"""

from __future__ import annotations

import re
from functools import lru_cache

from isgraph.normalize import fold
from isgraph.extract.common import org_type_markers
from isgraph.extract.prose import OrgMention, Tok, find_organisations, tokenize

_DE = {"de", "du", "des", "d"}
_ARTICLE = {"la", "le", "les", "l"}
_LOWER_WORDS = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "sur", "sous", "lès", "lez", "aux", "au"}


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase, _code in org_type_markers():
        index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


def _is_upper(tok: Tok) -> bool:
    letters = [c for c in tok.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def title_case(text: str) -> str:
    """'DÉPARTEMENT DE SAÔNE-ET-LOIRE' -> 'Département de Saône-et-Loire'."""
    def word(w: str, first: bool) -> str:
        parts = re.split(r"([-'’])", w)
        out = []
        for k, p in enumerate(parts):
            low = p.lower()
            if p in "-'’" or not p:
                out.append(p)
            elif (low in _LOWER_WORDS and not (first and k == 0)) or (k > 0 and low in ("et", "sur", "en", "lès")):
                out.append(low)
            else:
                out.append(low[:1].upper() + low[1:])
        return "".join(out)
    words = text.split()
    out = [word(w, i == 0) for i, w in enumerate(words)]
    # 'COMMUNAUTÉ DE COMMUNES DU …', 'CENTRE SOCIAL …': a body's type written as a common noun, only its first word
    # capitalised ('Communauté de communes du …', 'Centre social …')
    head = _type_head_length(words)
    for i in range(1, head):
        out[i] = out[i].lower()
    for i in range(1, len(words)):
        # 'ASSOCIATION LE RELAIS DU MORVAN' -> 'Association Le Relais du Morvan': the article right after a body's
        # type ('Association', 'Centre social', 'SCIC') begins its proper name
        if out[i] in ("le", "la", "les") or out[i].startswith(("l'", "l’")):
            if fold(words[i - 1]) not in _LOWER_WORDS and _is_type_head(" ".join(words[:i])):
                out[i] = out[i][:1].upper() + out[i][1:]
    return " ".join(out)


def _type_head_length(words: list[str]) -> int:
    """The number of words of the longest organisation-type marker the words begin with (0: none)."""
    from isgraph.extract.common import _markers_by_first_word

    folded = [fold(w).replace("’", "'") for w in words[:8]]
    # (the tokens of each word: fold writes "D'ACTION" as 'd action', a marker's tokens are d, action)
    per_word = [[t.rstrip("'") for t in re.split(r"(?<=['])|\s+", w) if t] for w in folded]
    toks = tuple(t for ts in per_word for t in ts)
    for marker, _ in _markers_by_first_word().get(toks[0], ()) if toks else ():  # (longest first)
        if len(marker) >= 2 and toks[: len(marker)] == marker:
            count, k = 0, 0  # back to a number of words: the words the marker's tokens span
            while k < len(marker) and count < len(words):
                k += len(per_word[count])
                count += 1
            return count
    return 0


def _is_type_head(text: str) -> bool:
    """Whether `text` is, all of it, an organisation type's marker ('Association', 'Centre social', 'SCIC')."""
    from isgraph.extract.common import _marker_phrases, organisation_type

    toks = tuple(fold(text).split())
    return 1 <= len(toks) <= 3 and toks in _marker_phrases() and organisation_type(text) is not None


def _continuation(toks: list[Tok], j: int, upper: bool) -> int:
    """End index of a proper-name complement after a marker: '(CCAS)', 'de la Manche', 'du Val-d'Oise',
    'Bourgogne-Franche-Comté', 'de Coutances'."""
    n = len(toks)
    if j + 2 < n and toks[j].text == "(" and toks[j + 1].kind == "acronym" and toks[j + 2].text == ")":
        j += 3

    def cap(t: Tok, num: bool) -> bool:
        return (t.kind == "acronym" and upper) or t.kind == "cap" or (
            num and t.kind == "num" and t.text.isdigit() and len(t.text) <= 3)

    def caps_run(k: int, num: bool = False) -> int:
        while k < n and cap(toks[k], num) and fold(toks[k].text) not in _LOWER_WORDS:
            k += 1
        return k

    def complement(k: int) -> int:
        """'de la Manche', 'des Marches', "d'Avenir": de / du / des / d' (+ article) + capitalised words."""
        if k < n and toks[k].folded in _DE:
            m = k + 1
            if m < n and toks[m].folded in _ARTICLE:
                m += 1
            end = caps_run(m)
            if end > m:
                return end
        return k

    k = caps_run(j, num=True)  # 'Région Normandie', 'Département 71'
    if k == j:
        k = complement(j)
        if k == j:
            return j
    while True:  # '… des Marches du Velay Rochebaron'
        nxt = complement(k)
        if nxt == k:
            return k
        k = nxt


def _body_name(word: str) -> bool:
    """'Ademe', 'Anah': a one-word marker that is a well-known body's name (data/actor_aliases.tsv), not a head
    word ('Ville', 'Association') that names no one alone."""
    from isgraph.resolve.actors import alias_table

    return fold(word) in alias_table()


@lru_cache(maxsize=1)
def _alias_phrases() -> re.Pattern | None:
    """The well-known bodies' names of several words written with lower-case words ('Secours populaire', 'Restos du
    cœur', 'Ligue de l'enseignement': the aliases and canonical names of data/actor_aliases.tsv), longest first."""
    from isgraph.extract.common import read_tsv
    from isgraph.paths import ACTOR_ALIASES_FILE

    names = {re.sub(r"^(?:Les|Le|La|L['’])\s*", "", name) for row in read_tsv(ACTOR_ALIASES_FILE)[1:]
             for name in row[:2]}  # (its article is no part of the name: 'la Ligue de l'enseignement')
    names = {n for n in names if len(n.split()) >= 2 and any(w[:1].islower() for w in n.split()[1:])}
    if not names:
        return None
    variants = {v for n in names for v in (n, n.replace("œ", "oe"))}
    alternation = "|".join(re.escape(v).replace("['’]", "'").replace("'", "['’]")
                           for v in sorted(variants, key=lambda v: (-len(v), v)))
    # (after an elided article, 'l'Agence nationale de la cohésion des territoires', not inside a word)
    return re.compile(rf"(?<![\w-])(?<!\w\w['’])(?:{alternation})(?![\w-])", re.IGNORECASE)


def _alias_mentions(text: str) -> list[OrgMention]:
    """'le Secours populaire', 'les Restos du Coeur': a well-known body named as written, its first letter a capital."""
    rx = _alias_phrases()
    if rx is None:
        return []
    return [OrgMention(m.group(), m.start(), m.end(), fold(m.group().split()[0])) for m in rx.finditer(text)
            if m.group()[:1].isupper()]


def _marker_mentions(text: str) -> list[OrgMention]:
    toks = tokenize(text)
    index = _markers()
    out: list[OrgMention] = []
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        phrases = index.get(t.folded, ())
        if not phrases or t.kind not in ("cap", "acronym", "lower"):
            i += 1
            continue
        hit = None
        for phrase in phrases:
            k = i
            ok = True
            for w in phrase:
                if k >= n or toks[k].folded != w:
                    ok = False
                    break
                k += 1
            if ok:
                hit = (phrase, k)
                break
        if hit is None:
            i += 1
            continue
        phrase, k = hit
        upper = _is_upper(t)
        end = _continuation(toks, k, upper)
        if len(phrase) == 1 and t.kind == "acronym" and len(t.text) <= 3 and end == k:
            i = k
            continue  # 'CA', 'CC', 'UE' alone: left to the acronym reader ('MSA Berry-Touraine' is read here)
        if t.kind == "lower" and (len(phrase) < 2 or end == k):
            # in lower case only a marker of several words with its proper name: 'la communauté d'agglomération
            # de la Baie de Somme' (not 'la communauté de communes', 'l'association')
            i = k
            continue
        if end == k and len(phrase) == 1 and fold(t.text) not in ("etat", "europe") and not _body_name(t.text):
            i = k
            continue  # a lone one-word marker ('Ville', 'Association') names no one
        last = toks[end - 1]
        name = text[t.start : last.end]
        if upper and name.upper() == name:  # 'DÉPARTEMENT DE SAÔNE-ET-LOIRE'; not 'DRAAF Auvergne-Rhône-Alpes'
            name = title_case(name)
        out.append(OrgMention(name, t.start, last.end, phrase[0]))
        i = end
    return out


_ARTICLE_NAME = re.compile(
    r"\b(?P<head>(?:[a-zéèêàç]+(?:\s+(?:social|sociale|communal|intercommunal|culturel|solidaire|associatif|"
    r"d['’]insertion|de quartier))?))\s+(?P<name>(?:Les|Le|La|L['’])\s*[A-ZÉÈÀÂÎ][\w'’-]*"
    r"(?:\s+(?:(?:de\s+la|de\s+l['’]|de|du|des|d['’]|et|la|le|les|en|sur|à)\s*)?[A-ZÉÈÀÂÎ][\w'’-]*){0,5})")


# places run as organisations, named by an article and a proper name ('la recyclerie Le Grenier d'Arroux')
_VENUE_HEADS = {"recyclerie", "ressourcerie", "amicale"}


def _article_names(text: str) -> list[OrgMention]:
    """'l'association Le Fil des Voisins', 'le centre social Les Trois Rivières': an organisation head written in
    lower case, then a proper name opening with an article."""
    from isgraph.extract.prose import LOWER_HEADS

    out = []
    for m in _ARTICLE_NAME.finditer(text):
        head = fold(m.group("head"))
        first = head.split()[0]
        if first not in LOWER_HEADS and first not in _VENUE_HEADS and tuple(head.split()) not in {
                p for p, _ in org_type_markers()}:
            continue
        out.append(OrgMention(text[m.start("head") : m.end("name")], m.start("head"), m.end("name"), first))
    return out


def _is_word_in_capitals(o: OrgMention) -> bool:
    """'DÉCIDE', 'OBJET': a French word in capitals, not an acronym (acronyms have no accented letters and are
    short)."""
    return bool(re.fullmatch(r"[A-ZÀ-Ý]+", o.name)) and (len(o.name) > 7 or bool(re.search(r"[À-Ý]", o.name)))


_A_NAME = re.compile(r"\s+à\s+(?P<w>[A-ZÉÈÀÂÎ][\w'’-]+)")


def _with_a_name(text: str, o: OrgMention) -> OrgMention:
    """'l'association Clé à Molette': a name going on after 'à', unless what follows is a place ('association
    Vélo à Lille')."""
    m = _A_NAME.match(text, o.end)
    if m is None or not o.head:
        return o
    from isgraph.resolve import territories

    if territories.resolve(m.group("w"), None, allow_lieu=False) is not None:
        return o
    return OrgMention(text[o.start : m.end()], o.start, m.end(), o.head)


_SPELLED = re.compile(r"(?P<ext>(?:,?\s+(?:[a-zéèêëàâîïôöûüç][\w'’-]*|d['’]\s*[\wéèàâ]+|l['’]\s*[\wéèàâ]+)){1,12}?)"
                      r"\s*\((?P<acr>[A-Z]{2,8})\)")
_MINOR = {"de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "à", "au", "aux", "en", "sur"}


def _initials(name: str) -> str:
    words = re.findall(r"[^\W\d_]+", name.replace("’", "'"))
    return fold("".join(w[0] for w in words if w.lower() not in _MINOR)).upper()


def _spelled_out(text: str, orgs: list[OrgMention]) -> list[OrgMention]:
    """A name cut at its first lower-case word, then spelled out to its acronym: 'l'Agence nationale de la cohésion
    des territoires (ANCT)' -> 'Agence nationale de la cohésion des territoires', the acronym's own mention
    dropped (one organisation). The acronym must be the initials of the whole name."""
    out, drop = [], set()
    for o in orgs:
        m = _SPELLED.match(text, o.end)
        if m and not _initials(o.name).startswith(m.group("acr")) and _initials(o.name + m.group("ext")) == m.group("acr"):
            name = o.name + m.group("ext")
            o = OrgMention(name, o.start, o.start + len(name), o.head)
            drop.add(m.start("acr"))
        out.append(o)
    return [o for o in out if o.start not in drop]


_AMOUNT_INSIDE = re.compile(r",?\s+(?:et|ou|puis)\s+\d|,?\s*\d[\d\s.,]*\s*(?:k?€|euros?)")


def _before_an_amount(o: OrgMention, text: str) -> OrgMention:
    """A name never runs over an amount: 'Département des Côtes-d'Armor et 15 000 € de la CAF' -> 'Département des
    Côtes-d'Armor' (a list of funders, each after its amount), 'le Département de Saône-et-Loire 5 500 € pour …' ->
    'Département de Saône-et-Loire' (the name stopped before the euro sign)."""
    m = _AMOUNT_INSIDE.search(o.name + text[o.end:o.end + 8])
    if m is not None and m.start() >= len(o.name):
        m = None
    if m is None or m.start() == 0:
        return o
    name = o.name[: m.start()].rstrip(" ,")
    return OrgMention(name, o.start, o.start + len(name), o.head)


# the words opening a page title's second part after a spaced dash ('CCAS de Quimperlé – Nos actions', 'Ville de
# Lunel - Accueil'): the name ends at the dash ('Lens - Liévin' goes on: a place)
_SUBTITLE = re.compile(r"\s[-–—]\s+(?i:nos|notre|vos|votre|accueil|bienvenue|actualit[ée]s?|agenda|pr[ée]sentation|"
                       r"contacts?|qui\s+sommes|d[ée]couvr\w*|site|page|[ée]dito|rapport|bilan|lettre|communiqu[ée]|"
                       r"dossier|appel|laur[ée]ats?|projets?|actions|services|"
                       # ('Région Normandie – Direction des territoires': the body, then its service that writes)
                       r"direction|sous-direction|p[ôo]le|d[ée]l[ée]gation|cellule|"
                       # ('Appel à projets 2023 – Département du Gers – Liste des lauréats': a title's parts)
                       r"liste|palmar[èe]s|r[ée]sultats)\b"
                       # ('Ville de Rennes – Publié le …', 'Fondation X – Les projets …': a page's line, run on)
                       r"|\s[-–—]\s+(?:[Pp]ubli[ée]e?|[Mm]ise?|\d|(?:[Ll]es|[Ll]e|[Ll]a|[Dd]es|[Uu]ne?)(?=$|\s+[a-zéèêàâîôûç]))")


def _collectivity_cut(o: OrgMention) -> OrgMention:
    """'Commune de Saugues – Réfection de la voirie …', 'Communauté de communes du Haut-Lignon – Maison France
    services …': a collectivity's name ends at the dash (a list's 'beneficiary – project' line)."""
    from isgraph.extract.common import organisation_type

    m = re.search(r"\s[-–—]\s", o.name)
    if m is None or m.start() < 3:
        return o
    before = o.name[: m.start()]
    if organisation_type(before) not in ("commune", "epci", "departement", "region"):
        return o
    after = o.name[m.end():]
    if not re.search(r"\s[a-zéèêàâîôûç]", after) and _a_place(after):
        return o  # 'Communauté d'agglomération de Lens - Liévin': two places in its name
    return OrgMention(before, o.start, o.start + len(before), o.head)


def _a_place(name: str) -> bool:
    from isgraph.resolve import territories

    return territories.resolve(name.strip(), None, allow_lieu=False) is not None


def _subtitle_cut(o: OrgMention) -> OrgMention:
    m = _SUBTITLE.search(o.name)
    return OrgMention(o.name[: m.start()], o.start, o.start + m.start(), o.head) if m and m.start() >= 3 else o


def _covers(text: str, m: OrgMention, o: OrgMention) -> bool:
    """Whether the longer reading `m` replaces `o`: o lies inside it, or goes on after it only with brackets ('la
    coopérative Les Bocaux du Royans (SCIC)': the head and the article belong to the name o read without them)."""
    if o.start < m.start:
        return False
    if o.end <= m.end:
        return (o.end - o.start) < (m.end - m.start)
    return re.fullmatch(r"\s*\([^()]*\)", text[m.end:o.end]) is not None


def find_all_organisations(text: str) -> list[OrgMention]:
    """find_organisations + organisation-type markers, in text order, not overlapping."""
    base = []
    for o in find_organisations(text):
        first = o.name.split()[0] if o.name.split() else ""
        if _is_word_in_capitals(OrgMention(first, 0, 0)):
            continue  # 'DÉCIDE', 'APPROUVE la convention …': a verb in capitals
        if re.fullmatch(r"[A-Z]{2,6}", o.name) and re.match(r"\s*:", text[o.end : o.end + 3]):
            continue  # 'ID : …', 'OBJET : …': a label
        if re.fullmatch(r"[A-ZÀ-Ý]{2,}(?:-[A-ZÀ-Ý]{2,})+", o.name):
            continue  # 'VAL-DE-REUIL', 'SAÔNE-ET-LOIRE': a place name in capitals, not an acronym
        base.append(_subtitle_cut(o))
    base = [_before_an_amount(_with_a_name(text, o), text) for o in base]
    base = _spelled_out(text, base)
    extra = [_before_an_amount(_collectivity_cut(_subtitle_cut(m)), text) for m in _marker_mentions(text) +
             _article_names(text) + _alias_mentions(text)
             if not any(o.start <= m.start and m.end <= o.end + 12 and m.name.upper() == text[m.start:m.end].upper()
                        and text[m.start - 1 : m.start] == "(" for o in base)]  # the acronym of a name spelled out
    out = list(base)
    for m in extra:
        inside = [o for o in out if o.start < m.end and m.start < o.end]
        if not inside:
            out.append(m)
        elif all(_covers(text, m, o) for o in inside):
            out = [o for o in out if o not in inside] + [m]
    return sorted((_of_its_departement(text, o) for o in out), key=lambda o: o.start)


# a public body's remit in lower case, then the département it serves: 'Conférence des financeurs [de la prévention
# de la perte d'autonomie des personnes âgées] de la Sarthe'
_REMIT_THEN_PLACE = re.compile(r"(?:\s+(?:[a-zéèêàâîôûç][\w'’-]*|d['’]\s*[a-zéèêàâîôûç][\w'’-]*|l['’]\s*[a-zéèêàâîôûç][\w'’-]*)){2,12}?"
                               r"\s+(?P<prep>de\s+la|du|de\s+l['’]|des|de|d['’])\s*"
                               r"(?P<place>[A-ZÉÈÀÂÎÔ][\w'’]*(?:-[\w'’]+)*(?:\s+[A-ZÉÈÀÂÎÔ][\w'’]*(?:-[\w'’]+)*)?)")


def _of_its_departement(text: str, o: OrgMention) -> OrgMention:
    """A departmental public body named with its remit: 'Conférence des financeurs de la prévention de la perte
    d'autonomie de la Sarthe' -> 'Conférence des financeurs de la Sarthe' (one per département: never the same actor
    for two of them). Only a name of its kind that names no place itself."""
    from isgraph.extract.common import organisation_type

    if organisation_type(o.name) != "etablissement-public" or len(o.name.split()) > 5:
        return o
    m = _REMIT_THEN_PLACE.match(text, o.end)
    if m is None:
        return o
    from isgraph.resolve import territories

    place = territories.resolve(m.group("place"), None, allow_lieu=False)
    if place is None or place.kind != "departement" or territories.resolve(o.name, None, allow_lieu=False):
        return o
    prep = m.group("prep").replace("’", "'")
    name = f"{o.name} {prep}{'' if prep.endswith(chr(39)) else ' '}{m.group('place')}"
    return OrgMention(name, o.start, m.end(), o.head)
