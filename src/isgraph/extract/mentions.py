"""What the generic reader reads a block of text with: its lines joined as one text (a line that ends without
punctuation before a capitalised one ends with ' ¶', so no name runs across it) and the organisations it names,
without the words that name no actor ('Président du Conseil départemental', 'Conseil communautaire', 'Agenda')."""

from __future__ import annotations

import re
from functools import lru_cache

from isgraph import paths
from isgraph.extract import common
from isgraph.extract.blocks import Line
from isgraph.extract.common import is_generic, looks_like_person
from isgraph.extract.orgfinder import find_all_organisations
from isgraph.extract.prose import JoinedText, OrgMention
from isgraph.normalize import clean_text, fold


_OPEN_END = re.compile(r"[\w»)\]”\"]$")


# a line ending on an article, a preposition or an organisation's kind after its article ('… 35 000 € à
# l'association' / 'Épicerie Solidaire …'): the sentence, and the name, go on below
_CUT_NAME = re.compile(r"(?:\s(?:à|au|aux|de|du|des|la|le|les|par|et)|[\s(][ldLD]['’]\s?(?:association|assoc\.)"
                       r"|\s(?:la|le)\s(?:SCOP|SCIC|SAS|SARL|SCEA|EARL|coopérative|commune|fondation|fédération)"
                       # '… 38 400 € au titre du programme européen' / 'LEADER (FEADER).': the programme's name below
                       r"|\sdu\s(?:programme|fonds|dispositif)(?:\s(?:européen|national|régional|départemental))?)$")


def joined(lines: list[Line]) -> JoinedText:
    """The lines as one text; a line that ends without punctuation before a capitalised line (a heading, a
    letterhead) ends with ' ¶', so that no name or sentence runs across it (unless the line ends on an article,
    a preposition or 'l'association')."""
    parts = []
    for k, ln in enumerate(lines):
        text = ln.text
        nxt = lines[k + 1].text if k + 1 < len(lines) else ""
        cut = k + 1 < len(lines) and _CUT_NAME.search(text) and not (lines[k + 1].heading or lines[k + 1].bullet
                                                or re.match(r"[^:.]{1,30}?\s?:", nxt))  # (not 'Contact : …')
        if _OPEN_END.search(text) and nxt[:1].isupper() and not cut:
            text += " ¶"
        parts.append((ln.n, text))
    return JoinedText(parts)


def plain(text: str) -> str:
    return clean_text(text.replace(" ¶", ""))


@lru_cache(maxsize=1)
def _non_actor_words() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(fold(w).split()) for w in common.read_word_list(paths.NON_ACTORS_FILE))


def _non_actor(name: str) -> bool:
    """'Président du Conseil départemental', 'Conseil communautaire', 'Agenda du Parc': no actor."""
    words = re.sub(r"^(?:le|la|les|l)\s+", "", fold(name)).split()
    return any(tuple(words[: len(p)]) == p for p in _non_actor_words())


#: 'Aide du Parc', 'Subvention de la Région', 'Appel à projets de la Fondation': a thing given by an actor
_NOT_AN_ACTOR = re.compile(r"(?:aides?|subventions?|soutiens?|financements?|participations?|dotations?|appels?|"
                           r"contrats?|plans?|budgets?|crédits?)\s+(?:du|de|des|d['’]|à)\s", re.IGNORECASE)


def _orgs(text: str, keep_generic: bool = False) -> list[OrgMention]:
    out = []
    for o in find_all_organisations(text):
        if looks_like_person(o.name) or (is_generic(o.name) and not keep_generic) or len(o.name) > 120 \
                or _NOT_AN_ACTOR.match(o.name) or _non_actor(o.name):
            continue
        out.append(o)
    return out


def _unnamed(name: str) -> bool:
    """'Conseil régional', 'la Région', 'associations': a body or category the name does not identify."""
    from isgraph.resolve.actors import clean_actor_name
    from isgraph.resolve.generic import classify

    return is_generic(name) or classify(clean_actor_name(name)) is not None
