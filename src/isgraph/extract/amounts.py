"""Money amounts as written in French documents -> Decimal euros.

Handles "1 500 000€", "1 500 000 €", "45 k€/an", "20k€/an", "3.000 €", "125.500 €", "22 500", "1,5 M€",
"1,2 million d'euros", "725 000€", "5000 à 7000€ par an" (lower bound), "25 000 euros".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_NUM = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_MULT = r"(?:k|K|M|Md|millions?|milliards?|mille)"
_CUR = r"(?:€|euros?|EUR\b|eur\b)"
AMOUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUM})(?:\s*(?:à|-|–)\s*(?P<num2>{_NUM}))?\s*(?P<mult>{_MULT})?\s*(?:d['’]\s*)?(?P<cur>{_CUR})"
    rf"(?P<per>\s*(?:/\s*an|par an|annuels?|HT|TTC)\b)?",
)
_MULTIPLIERS = {"k": 1000, "mille": 1000, "m": 1_000_000, "million": 1_000_000, "millions": 1_000_000,
                "md": 1_000_000_000, "milliard": 1_000_000_000, "milliards": 1_000_000_000}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    text: str
    start: int
    end: int
    yearly: bool = False
    upper: Decimal | None = None  # upper bound of a range "5000 à 7000€"


def parse_number(text: str) -> Decimal:
    """'1 500 000' -> 1500000; '3.000' -> 3000; '1,5' -> 1.5; '125.500' -> 125500; '2.5' -> 2.5."""
    t = text.replace("\u00a0", " ").replace("\u202f", " ").strip()
    if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", t):
        t = t.replace(" ", "").replace(".", "").replace(",", ".")
    else:
        t = t.replace(" ", "").replace(",", ".")
    try:
        return Decimal(t)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def _scale(value: Decimal, mult: str | None) -> Decimal:
    if not mult:
        return value
    return value * _MULTIPLIERS[mult.lower()]


def has_currency(text: str) -> bool:
    """False when the text cannot hold an amount of `AMOUNT_RE` (no '€', 'eur', 'EUR'): a quick test first."""
    return "€" in text or "eur" in text or "EUR" in text


def find_amounts(text: str) -> list[Amount]:
    """Every euro amount of a text, in order."""
    out: list[Amount] = []
    if not has_currency(text):
        return out
    for m in AMOUNT_RE.finditer(text):
        try:
            value = _scale(parse_number(m.group("num")), m.group("mult"))
            upper = _scale(parse_number(m.group("num2")), m.group("mult")) if m.group("num2") else None
        except ValueError:
            continue
        per = m.group("per") or ""
        tail = text[m.end() : m.end() + 12].lower()
        yearly = "an" in per.lower() or tail.lstrip().startswith(("par an", "/an", "annuel"))
        out.append(Amount(normalize_decimal(value), m.group(0).strip(), m.start(), m.end(), yearly,
                          normalize_decimal(upper) if upper is not None else None))
    return out


def normalize_decimal(value: Decimal) -> Decimal:
    """Canonical form: no exponent, no trailing zeros after the point (1500000, 1.5)."""
    value = value.normalize()
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value


def parse_amount(text: str) -> Decimal | None:
    """The first euro amount of a text, or None."""
    found = find_amounts(text)
    return found[0].value if found else None
