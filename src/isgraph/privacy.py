"""Personal data never reaches published files: e-mails, phone numbers, contact persons' names."""

from __future__ import annotations

import re

from rdflib import Graph, Literal

from .extract.common import EMAIL_RE, PHONE_RE
from .normalize import fold


def person_pattern(names: set[str]) -> re.Pattern[str] | None:
    keys = sorted({fold(n) for n in names if len(fold(n)) >= 5}, key=len, reverse=True)
    if not keys:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")


def scrub(graph: Graph, persons: set[str]) -> int:
    """Remove every triple whose literal holds an e-mail, a phone number or a contact's name. Returns the count."""
    pattern = person_pattern(persons)
    bad = []
    for s, p, o in graph:
        if not isinstance(o, Literal):
            continue
        text = str(o)
        if EMAIL_RE.search(text) or PHONE_RE.search(text) or (pattern and pattern.search(fold(text))):
            bad.append((s, p, o))
    for t in bad:
        graph.remove(t)
    return len(bad)


def leaks(text: str, persons: set[str]) -> list[str]:
    """What personal data a published text still contains (used as a last check before publishing)."""
    found = [m.group(0) for m in EMAIL_RE.finditer(text)] + [m.group(0) for m in PHONE_RE.finditer(text)]
    pattern = person_pattern(persons)
    if pattern:
        found += [m.group(0) for m in pattern.finditer(fold(text))]
    return found
