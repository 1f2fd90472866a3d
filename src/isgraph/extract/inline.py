"""Laureates enumerated in the sentences of a press release or an article.

'Les trois lauréats sont l'association A (Brest) pour son jardin partagé, le centre social B (Quimper) pour sa
cuisine mobile et la SCIC C (Morlaix) pour sa recyclerie.' — 'Parmi les lauréats figurent l'association D (Rue),
qui recevra 18 000 € pour son garage solidaire, la SCIC E (Moreuil) pour une légumerie (15 000 €)…' — 'Sont
également récompensés : l'épicerie F (Doullens, 10 000 €) et la Maison des familles de Ham (7 000 €).'

After a cue (the laureates are, among the laureates are, were rewarded:), the rest of the sentence is cut into
items at ', ' / ' et ' before a name followed by a parenthesis; each item is a name, a parenthesis holding its
place and / or its amount, then optionally its amount ('qui recevra 18 000 €', 'soutenu à hauteur de 12 000 €')
and its project ('pour son garage solidaire', 'pour une vélo-école'). A sentence is read only when every item is
one: anything else (a list of partners, a sentence of prose) gives nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from isgraph.extract.amounts import find_amounts
from isgraph.extract.cues import sentence_bounds

_CUE = re.compile(
    r"\bles\s+(?:\w+\s+)?(?:lauréats|lauréates|projets\s+(?:retenus|primés|lauréats|soutenus))\s+(?:sont|:)\s*:?\s*"
    r"|\bparmi\s+(?:les|ces)\s+(?:\w+\s+)?(?:lauréats|lauréates|projets\s+(?:retenus|primés|lauréats|soutenus))\s*"
    r"(?:,\s*)?(?:figurent|on\s+(?:re)?trouve|se\s+trouvent|:)\s*:?\s*"
    r"|\bont\s+été\s+(?:récompensée?s|primée?s|retenue?s|distinguée?s|sélectionnée?s)\s*:\s*"
    r"|(?:^|(?<=[.!?]\s))sont\s+(?:(?:également|aussi|enfin)\s+)?(?:récompensée?s|primée?s|retenue?s|distinguée?s"
    r"|lauréate?s|soutenue?s|sélectionnée?s)\s*:\s*",
    re.IGNORECASE)
_SPLIT = re.compile(r"(,\s+|\s+et\s+|\s*;\s+)(?=(?:l['’]|la\s|le\s|les\s)?[^,();]{3,80}?\s\([A-ZÉÈÀÂÎÔ\d])")
_SEP = re.compile(r",\s+|\s+et\s+|\s*;\s+")
_ITEM = re.compile(r"(?:l['’]\s*|la\s+|le\s+|les\s+)?(?P<org>[^()]{3,80}?)\s*\((?P<paren>[^()]{1,60})\)(?P<rest>.*)$",
                   re.DOTALL)
_FOR = re.compile(r"\bpour\s+(?:(?:son|sa|ses|leurs|leur|une|un|des|du|les|le|la)\s+|l['’]\s*)(?P<title>.{3,160})$",
                  re.IGNORECASE | re.DOTALL)
# what may stand between the parenthesis and the project: who receives, how much
_BETWEEN = re.compile(r"(?i)^[\s,]*(?:(?:qui\s+(?:recevra|reçoit|a\s+reçu|obtient|touchera|bénéficiera\s+de|"
                      r"bénéficie\s+de)|soutenue?s?\s+(?:à\s+hauteur\s+de|pour)|dotée?s?\s+de|avec)\s+[^,]*?)?[\s,]*"
                      r"(?=pour\b|$)")
_PLACE = re.compile(r"[A-ZÉÈÀÂÎÔ][\w'’ -]{0,40}")


@dataclass
class InlineLaureate:
    at: int  # offset in the text of the item
    org: str
    place: str | None
    amount: Decimal | None  # its amount ('18 000 €'), when the sentence gives one
    title: str | None  # the project ('garage solidaire'), None when the item names none
    text: str = ""  # the item as written


def inline_laureates(text: str) -> list[InlineLaureate]:
    """The laureates of every enumerating sentence of `text` (two or more in a sentence, each an item)."""
    out: list[InlineLaureate] = []
    for cue in _CUE.finditer(text):
        _, s1 = sentence_bounds(text, cue.end())
        items = _items(text, cue.end(), s1)
        if len(items) >= 2 or (items and out):
            out += items
    return out


def _items(text: str, start: int, end: int) -> list[InlineLaureate]:
    parts, pos = [], start
    for piece in _SPLIT.split(text[start:end]):
        parts.append((pos, piece))
        pos += len(piece)
    pieces = [(at + len(p) - len(p.lstrip(" ,.;")), p.strip(" ,.;")) for at, p in parts
              if p.strip(" ,.;") and not _SEP.fullmatch(p)]
    items = []
    for at, piece in pieces:
        item = _item(at, piece)
        if item is None:
            return []  # every piece a laureate, or none
        items.append(item)
    return items


def _item(at: int, piece: str) -> InlineLaureate | None:
    m = _ITEM.match(piece)
    if m is None:
        return None
    place, amount = None, None
    for part in (p.strip() for p in m.group("paren").split(",")):
        money = find_amounts(part)
        if money:
            amount = amount if amount is not None else money[0].value
        elif _PLACE.fullmatch(part) and place is None:
            place = part
        else:
            return None  # ('(SCOP)', '(voir ci-dessous)'): no place nor amount
    rest = m.group("rest").strip()
    between = _BETWEEN.match(rest)
    if between is None:
        return None
    money = find_amounts(between.group(0)) if amount is None else []
    if money:
        amount = money[0].value
    rest = rest[between.end() :]
    title = None
    if rest:
        f = _FOR.match(rest)
        if f is None:
            return None
        title = f.group("title").strip(" ,.;")
        tail = re.search(r"\s*\(([^()]+)\)$", title)  # 'pour une légumerie collective (15 000 €)'
        money = find_amounts(tail.group(1)) if tail else []
        if money:
            amount = amount if amount is not None else money[0].value
            title = title[: tail.start()].strip(" ,.;")
    if place is None and amount is None:
        return None
    return InlineLaureate(at, " ".join(m.group("org").split()), place, amount, title or None, piece)
