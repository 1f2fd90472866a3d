"""Persons a document names by their first name alone: '« … », témoigne Sandrine, bénévole', 'Karim, 34 ans',
'l'idée est née de la rencontre entre Amina et Lucas'. Residents, volunteers and users quoted in press articles
and local news are personal data as much as a contact's full name (common.marked_persons finds those): their first
names are masked in OUT/documents/ and the sentences naming them are kept out of the graph's descriptions.

A first name counts only where the text marks it as a person's (a speech verb before it, an age or a status after
it, a pair of first names); a first name in a place's or a body's name ('école Jean Macé', 'rue Victor Hugo',
'Association Sainte-Martine') is no person's."""

from __future__ import annotations

import re

from isgraph.extract.common import _NAMED_AFTER, _is_first_name

_NAME = r"[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüçñ]+(?:-[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüçñ]+)?"
_SPEECH = (r"témoigne|explique|raconte|confie|sourit|souligne|précise|ajoute|résume|estime|se\s+réjouit|indique|"
           r"poursuit|glisse|note|reconnaît|assure|insiste|s['’]enthousiasme|lâche|confirme|détaille|s['’]amuse|"
           r"plaisante|avoue|rapporte|commente|constate|observe|espère|conclut|rit|s['’]exclame|se\s+souvient|"
           r"se\s+félicite|apprécie")
_STATUS = (r"\d{1,3}\s+ans|bénévoles?|habitante?s?|retraitée?|maman|papa|mère|père|grand-mère|grand-père|salariée?|"
           r"adhérente?|usagère|usager|bénéficiaire|participante?|résidente?|voisine?|locataire|jardinière?|jardinier|"
           r"membre|étudiante?|lycéenne?|lycéen|collégienne?|collégien|stagiaire|apprentie?|volontaire|élève|"
           r"agricultrice|agriculteur|artisane?|commerçante?|maraîchère?|maraîcher|animatrice|animateur|"
           r"coordinatrice|coordinateur|éducatrice|éducateur|aidante?|cheffe?|cuisinière?|cuisinier|couturière|"
           r"mécanicienne?|mécanicien|réparatrice|réparateur|demandeuse|demandeur|allocataire|encadrante?|"
           r"conseillère|conseiller|médiatrice|médiateur|accompagnatrice|accompagnateur|présidente?|trésorière?|"
           r"trésorier|secrétaire|fondatrice|fondateur|cofondatrice|cofondateur|initiatrice|initiateur|"
           r"une\s+(?:habitante|bénévole|voisine|participante|adhérente|mère|maman)|un\s+(?:habitant|bénévole|voisin|"
           r"participant|adhérent|père|papa)")
_MARKED = [
    re.compile(rf"(?:{_SPEECH})\s+(?P<a>{_NAME})\b(?!\s+[A-ZÉ])"),  # 'témoigne Sandrine', not a full name
    re.compile(rf"(?<![\w'’-])(?P<a>{_NAME}),\s+(?:{_STATUS})\b"),  # 'Sandrine, bénévole', 'Karim, 34 ans'
    re.compile(rf"(?<![\w'’-])(?P<a>{_NAME})\s*\(\s*\d{{1,3}}\s*ans\s*\)"),  # 'Karim (34 ans)'
    re.compile(rf"(?<![\w'’-])(?P<a>{_NAME})\s+et\s+(?P<b>{_NAME})\b(?!\s+[A-ZÉ])"),  # 'Amina et Lucas'
]


def marked_first_names(text: str) -> set[str]:
    """The first names of `text` written alone where the text marks them as a person's."""
    out: set[str] = set()
    if not text:
        return out
    for rx in _MARKED:
        for m in rx.finditer(text):
            names = [m.group(g) for g in ("a", "b") if g in rx.groupindex and m.group(g)]
            if not all(_is_first_name(n) for n in names):
                continue
            if _NAMED_AFTER.search(text[max(0, m.start() - 40):m.start()]):
                continue  # 'l'école Jean et Marie', 'rue Victor Hugo'
            out.update(names)
    return out


def name_pattern(names: set[str]) -> re.Pattern[str] | None:
    """The pattern of these first names, whole words, in the case written."""
    if not names:
        return None
    alternatives = "|".join(map(re.escape, sorted(names, key=lambda n: (-len(n), n))))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")


_SENTENCE = re.compile(r"(?<=[.!?…»])\s+(?=[«\"“A-ZÉÈÀÂÎÔÇ])")


def without_sentences_naming(text: str, pattern: re.Pattern[str] | None) -> str:
    """`text` without its sentences that name one of the persons of `pattern`."""
    if pattern is None or not text or not pattern.search(text):
        return text
    kept = [s for s in _SENTENCE.split(text) if not pattern.search(s)]
    return " ".join(kept).strip()
