"""The initiative's name, from what a document writes above or around it: a heading without its numbering or its
place ('Fiche 3.2 – Épicerie mobile', 'Cévennes Partage (Alès)', 'X, à Reims'), a press headline without its
dateline or its clause in apposition ('Lannion. La Grange à Idées, un tiers-lieu qui …'), the name a lead gives to a
headline's common noun ('le garage solidaire' -> 'Garage solidaire Roule Ma Poule'), the project a placed paragraph
tells ('À Roubaix (Nord), l'association X a ouvert une épicerie …' -> 'Épicerie …')."""

from __future__ import annotations

import re

from isgraph.extract.blocks import _names_places, quoted
from isgraph.extract.common import _function_words, organisation_type
from isgraph.extract.places import territory_slug as _slug
from isgraph.normalize import fold

_ITEM_NUMBER = re.compile(r"^(?:(?:fiche|action|opération|mesure|projet|dossier)(?:[\s-]+(?:action|projet))?\s*"
                          r"(?:n\s*[°º]\s*)?[\dIVX]+(?:[.\-]\d+)*[a-z]?|\d+(?:\.\d+)+)\s*[-–—:.]\s+(?=\S)", re.IGNORECASE)


_DATELINE = re.compile(r"^(?P<p>[A-ZÉÈÀÂÎÔ][\w'’-]*(?:[ -][\w'’-]+){0,4})\.\s+(?=[A-ZÉÈÀÂÎÔ«\"“])")
_NAME_COLON = re.compile(r"^(?P<n>[A-ZÉÈÀÂÎÔ«\"“][^,:;!?]{2,60}?)\s*:\s+(?P<d>(?:notre|nos|votre|vos|leur|un|une|des|le|la|les|l['’]|[a-zéèêàâîôû]+ons\b|[a-zéèêàâîôû]+ez\b)\s*\S.*)$")
_NAMED = re.compile(r"\s[A-ZÉÈÀÂÎÔ]|^[«“\"]")  # a proper name: a capital after its first word, or quoted
_CARD_NAME = re.compile(r"^(?P<n>[A-ZÉÈÀÂÎÔ«“\"][^:]{1,60}?)\s+:\s+(?P<d>[a-zéèêàâîôûç«l].*)$")


def card_name(title: str) -> str:
    """A card's title 'Name : description' as its name alone ('Roule Ma Poule : un garage vélo solidaire' -> 'Roule
    Ma Poule'), when the name is a proper one of at most seven words and no field label; the title otherwise
    ('Lutte contre la précarité énergétique : diagnostics à domicile' stays whole)."""
    from isgraph.extract.blocks import label_field

    m = _CARD_NAME.match(title)
    if m and len(m.group("n").split()) <= 7 and label_field(m.group("n")) is None and _NAMED.search(m.group("n")):
        return m.group("n")
    return title


_NEWS_WORDS = re.compile(r"(?i)\b(?:appels?|lauréats?|projets|soutien|soutient|soutiennent|programme|résultats|"
                         r"dispositif|subventions?)\b")
_APPOSITION = re.compile(r"^(?P<n>[A-ZÉÈÀÂÎÔ«\"“][^,:;]{2,60}?),\s+(?P<d>(?:un|une|des|le|la|les|l['’])\s*\S.*)$")


_PROPER = r"[A-ZÉÈÀÂÎÔ][\w'’-]*(?:\s+(?:(?:de|du|des|la|le|les|ma|mon|à|et)\s+)?[A-ZÉÈÀÂÎÔ][\w'’-]*){0,4}"


def named_in_lead(title: str, lead: str) -> str:
    """A headline naming the initiative by a common noun ('À Vierzon, le garage solidaire remet les précaires sur
    la route') whose lead gives it its own name ('le garage solidaire Roule Ma Poule répare …'): 'Garage solidaire
    Roule Ma Poule'. The headline otherwise."""
    nouns = [m.group("n") for m in re.finditer(r"\b(?:[Ll]e|[Ll]a|[Ll]['’]|[Uu]ne?)\s*(?P<n>[a-zéèêàçâîôû-]{4,}"
                                               r"(?:\s+[a-zéèêàçâîôû-]{4,}){0,2})", title)]
    nouns = [" ".join(n.split()[:k]) for n in nouns for k in range(len(n.split()), 0, -1)]
    for noun in sorted(set(nouns), key=lambda n: (-len(n), n)):
        m = re.search(rf"\b{re.escape(noun)}\s+(?P<name>{_PROPER})", lead)
        if m and fold(m.group("name").split()[0]) not in _function_words():
            return f"{noun[:1].upper()}{noun[1:]} {m.group('name')}"
    return title


def headline_name(title: str) -> str:
    """A press headline as the initiative's name: 'Lannion. La Grange à Idées, un tiers-lieu qui veut rassembler
    tout le quartier' -> 'La Grange à Idées' (its dateline left out, and the description in apposition when it is
    a clause: 'Mécanique du Cœur, garage solidaire', 'X, un garage solidaire dans le Lot' stay whole)."""
    m = _DATELINE.match(title)
    if m and _slug(m.group("p")) is not None and len(title[m.end():].split()) >= 2:
        title = title[m.end():]
    m = _NAME_COLON.match(title)
    if m and _NAMED.search(m.group("n")) and _slug(m.group("n").strip("«»“”\" ")) is None \
            and organisation_type(m.group("n")) is None and not _NEWS_WORDS.search(m.group("n")):
        # '« Bien manger en Cœur de Savoie » : notre projet labellisé', 'La Recyclerie des Coteaux : donnons une
        # seconde vie aux objets': a proper name before a clause ('Précarité énergétique : un nouveau …' stays whole)
        return quoted(m.group("n")) or m.group("n").strip()
    m = _APPOSITION.match(title)
    if m and not re.match(r"(?i)(?:à|au|aux|en|dans|sur|depuis|pour|avec|quand)\b", m.group("n")) \
            and re.search(r"\b(?:qui|que|qu['’]|où|dont)\b", m.group("d")):
        return m.group("n").strip()
    return title


_KIND_THEN_NAME = re.compile(r"(?i)^(?:le\s+|la\s+|l['’]\s*)?(?:projet|action|opération|operation|dispositif|"
                             r"programme|initiative)\s+[«“\"]\s*(?P<n>[^»”\"]{2,80}?)\s*[»”\"]\s*\.?$")


def bare_title(title: str) -> str:
    """'Fiche 3.2.1 – Épicerie mobile' -> 'Épicerie mobile', 'Action n° 4 : Atelier vélo' -> 'Atelier vélo',
    'Recyclerie X – Amiens (Somme)' -> 'Recyclerie X': the document's numbering and the place after a dash are no
    part of the initiative's name."""
    cut = _ITEM_NUMBER.sub("", title, count=1)
    title = cut if len(cut.split()) >= 1 and cut[:1].isalnum() or cut[:1] in "«“\"" else title
    named = _KIND_THEN_NAME.match(title)  # 'Projet « Cartables en marche »': the name the kind introduces
    if named:
        return named.group("n")
    # 'Recyclerie Les Mains Vertes – Amiens (Somme)': the place after the dash locates it, it is no part of its name
    placed = re.match(r"^(?P<t>.{3,}?)\s+[-–—]\s+(?P<p>[A-ZÉÈÀÂÎÔ][^–—]{1,60})$", title)
    if placed and _names_places(placed.group("p").replace("(", ",").replace(")", "")):
        return placed.group("t").strip()
    # 'La Ressourcerie du Vieux-Reims, à Reims': where it is, after a comma
    at = re.match(r"^(?P<t>.{3,}?),\s+(?:à|au|aux|en)\s+(?P<p>[A-ZÉÈÀÂÎÔ][^,()]{1,40})$", title)
    if at and _slug(at.group("p").strip()) is not None:
        return at.group("t").strip()
    # 'Cévennes Partage (Alès)', 'Le jardin (Vire, Calvados)': the places in brackets locate it
    bracketed = re.match(r"^(?P<t>.{3,}?)\s*\((?P<p>[^()]{2,60})\)$", title)
    if bracketed and all(_slug(p.strip()) is not None or re.fullmatch(r"\d{2,3}|2[AB]", p.strip())
                         for p in bracketed.group("p").split(",")):
        return bracketed.group("t").strip()
    return title


# a paragraph that opens on where its project happens: 'À Roubaix (Nord), …', 'Dans l'Orne, …', 'Enfin, à Tulle, …'
_PLACED_OPENING = re.compile(r"^(?:(?:Enfin|Ensuite|Puis|Par ailleurs|De même|Plus au sud|Plus au nord),\s+)?"
                             r"(?i:à|au|aux|en|dans\s+l['’]|dans\s+le|dans\s+la|dans\s+les|sur\s+l['’]|sur\s+le|"
                             r"sur\s+la)\s*[A-ZÉÈÀÂÎÔ][^,]{1,60},\s")


_TOLD_NAMED = re.compile(r"^(?:le|la|les|l['’])\s*(?P<n>[^,]{3,70}?),\s+(?:porté|animé|géré|lancé|créé|mené|imaginé)e?s?"
                         r"\s+par\b", re.IGNORECASE)
_TOLD_MADE = re.compile(r"\b(?:(?:a|ont)\s+(?:ouvert|créé|lancé|mis en place|inauguré|monté|installé)|"
                        r"mène|propose|anime|organise|gère|ouvre|lance|crée|développe)\s+"
                        r"(?P<o>(?:une?|des|le|la|les|l['’])\s*[^,.;]{3,80}?)(?=\s+(?:dans|où|qui|pour|à|au|aux|chez|afin|"
                        r"avec|sur|en)\b|[,.;]|$)")


def told_title(text: str) -> str | None:
    """The name of the project a placed paragraph tells: quoted ('le projet « Chaleur partagée »'), named before its
    porteur ('le Bus numérique du Perche, porté par …'), or what its porteur opened or runs ('… a ouvert une épicerie
    participative dans …' -> 'Épicerie participative'); None (its porteur's name then) otherwise."""
    q = quoted(text)
    if q and len(q.split()) <= 8:
        return q
    rest = text[_PLACED_OPENING.match(text).end():] if _PLACED_OPENING.match(text) else text
    named = _TOLD_NAMED.match(rest)
    if named:
        name = named.group("n").strip()
        return name[:1].upper() + name[1:]
    made = _TOLD_MADE.search(rest)
    if made:
        obj = re.sub(r"(?i)^(?:une?|des|le|la|les|l['’])\s*", "", made.group("o").strip())
        if 1 <= len(obj.split()) <= 10:
            return obj[:1].upper() + obj[1:]
    return None
