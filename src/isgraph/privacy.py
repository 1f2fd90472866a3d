"""Personal data never reaches published files: e-mails, phone numbers, contact persons' names."""

from __future__ import annotations

import re
import unicodedata

from rdflib import Graph, Literal

# ---- the contact patterns: the ONE place they are defined (extraction imports them from here) --------------------
# Test corpus: tests/data/privacy/contacts.txt (French contact formats, and look-alikes that are not contacts).

_AT_SIGNS = "@\uff20\ufe6b"  # @, full-width ＠, small ﹫
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
# "at" written out: in brackets ([at], (at), {arobase}, [chez]), or AT / arobase between spaces, or at before "dot"
_AT_WORD = (rf"[^\S\n]*{_OPEN}[^\S\n]*(?:[aA][tT]|[aA]rr?obase|ARR?OBASE|chez)[^\S\n]*{_CLOSE}[^\S\n]*"
            r"|[^\S\n]+(?:AT|[aA]rr?obase|ARR?OBASE)[^\S\n]+"
            r"|[^\S\n]+at[^\S\n]+(?=[\w-]+[^\S\n]+dot[^\S\n])"
            rf"|[^\S\n]*[{_AT_SIGNS}][^\S\n]*")
_DOT_WORD = (rf"[^\S\n]*{_OPEN}[^\S\n]*(?:[dD][oO][tT]|[pP]oint|POINT)[^\S\n]*{_CLOSE}[^\S\n]*"
             r"|[^\S\n]+(?:DOT|dot|[pP]oint|POINT)[^\S\n]+|\.")
_PLAIN_EMAIL = rf"[\w.+-]+[{_AT_SIGNS}][\w-]+(?:\.[\w-]+)+"
_OBFUSCATED_EMAIL = rf"[\w.+-]+(?:{_AT_WORD})[\w-]+(?:(?:{_DOT_WORD})[\w-]+)*(?:{_DOT_WORD})[A-Za-z]{{2,24}}\b"
EMAIL_RE = re.compile(rf"{_PLAIN_EMAIL}|{_OBFUSCATED_EMAIL}")
# whether a text may hold an address at all (cheap tests before the full pattern: literal checks, and one pattern
# that starts with a bracket, which the regex engine skips to quickly)
_BRACKET_AT_RE = re.compile(rf"{_OPEN}[^\S\n]*(?:[aA][tT]|[aA]rr?obase|ARR?OBASE|chez)[^\S\n]*{_CLOSE}")
_SPACED_AT_RE = re.compile(r"\s(?:AT|[aA]rr?obase|ARR?OBASE)\s|\sat\s+[\w-]+\s+dot\s")
EMAIL_HINT_RE = re.compile(rf"[{_AT_SIGNS}]|{_BRACKET_AT_RE.pattern}"
                           r"|\s(?:AT|[aA]rr?obase|ARR?OBASE)\s|\sat\s+[\w-]+\s+dot\s")


def email_hint(text: str) -> bool:
    """bool(EMAIL_HINT_RE.search(text)), mostly with substring tests (run on every line and published term)."""
    if "@" in text or "\uff20" in text or "\ufe6b" in text:
        return True
    if "obase" in text or "OBASE" in text or ("AT" in text and _SPACED_AT_RE.search(text)) or \
            (" dot" in text and _SPACED_AT_RE.search(text)):
        return True
    return _BRACKET_AT_RE.search(text) is not None


# French numbers: 0X XX XX XX XX (spaces, dots, dashes, commas or nothing between pairs), +33 / 0033 / (+33) with
# an optional (0), and the toll-free 0 800 123 456 form. Never across lines. Amounts ("12 500 €"), SIREN / SIRET
# (groups of three), postcodes and years never start with 0 + nine digits in pairs.
_INTL = r"(?:\(0\)[^\S\n]?)?"
PHONE_RE = re.compile(rf"(?:\+33[^\S\n]?{_INTL}|\(\+33\)[^\S\n]?|\b0(?:033[^\S\n]?{_INTL})?)"
                      r"[1-9](?:(?:[^\S\n]|[.,-])?\d{2}){4}\b")
TOLL_FREE_RE = re.compile(r"\b0[^\S\n]?8\d\d[^\S\n]\d{3}[^\S\n]\d{3}\b")
PHONE_HINT = ("0", "+33")  # a phone number holds one of these


# phone numbers as they would appear in a published file: spaces, dots or dashes between pairs, on one line
# (commas and line breaks separate CSV cells and rows: "09,10,10,14,51" is five codes, not a phone number)
PUBLISHED_PHONE_RE = re.compile(r"(?:\+33 ?(?:\(0\) ?)?|\(\+33\) ?|\b0(?:033 ?(?:\(0\) ?)?)?)[1-9]"
                                r"(?:[ .\u00a0\u202f-]?\d{2}){4}\b")
PUBLISHED_TOLL_FREE_RE = re.compile(r"\b0 ?8\d\d \d{3} \d{3}\b")
# EMAIL_RE, anchored at the start of a run of address characters: the same addresses, found in linear time on long
# texts (unanchored, the engine retries from every character of a long IRI or slug: ~4x slower on published files)
PUBLISHED_EMAIL_RE = re.compile(rf"(?<![\w.+-])(?:{_PLAIN_EMAIL}|{_OBFUSCATED_EMAIL})")


# a photo credit, to the end of its line: '© Fondation X / P. Guérin', '*Photo : CD32 / J. Sarrat*', 'Crédit photo :
# …' (a photographer's name is personal data, and the credited body is no actor of the initiative)
CREDIT_RE = re.compile(r"©[^\n¶]{0,100}|(?:^|(?<=[\s*(\[–—|-]))(?:Photos?|Photographie|Crédits?(?: [Pp]hotos?)?|Cliché|"
                       r"Illustration)\s*:[^\n¶]*"
                       r"|(?:^|(?<=[.!?»)]\s))(?:Photos?|Crédit photo|Cliché)\s+(?:DR\b|[A-Z][\w'’.-]*)[^\n.¶]*(?=\s*¶|$)", re.M)


def credit_hint(text: str) -> bool:
    return "©" in text or "hoto" in text or "rédit" in text or "liché" in text or "llustration" in text


# postal addresses that are not organisations: a box (BP 123, CS 40001, TSA 70001, CP 12) or a CEDEX line
POSTAL_ADDRESS_RE = re.compile(r"^\s*(?:B\.?P\.?|CS|TSA|CP|Case postale|Bo[iî]te postale)\s*\d+\b"
                               r"|\bC[eE][dD][eE][xX]\b(?:\s*\d{1,2})?\s*$")


def has_email(text: str) -> bool:
    return email_hint(text) and EMAIL_RE.search(text) is not None


def has_phone(text: str) -> bool:
    if "0" not in text and "+33" not in text:
        return False
    return PHONE_RE.search(text) is not None or ("8" in text and TOLL_FREE_RE.search(text) is not None)


def find_phones(text: str) -> list[str]:
    """Every phone number of a text (national, international and toll-free forms)."""
    found = [m.group(0) for m in PHONE_RE.finditer(text)]
    if "8" in text:
        found += [m.group(0) for m in TOLL_FREE_RE.finditer(text)]
    return found


def strip_phones(text: str, repl: str = " ") -> str:
    text = PHONE_RE.sub(repl, text)
    return TOLL_FREE_RE.sub(repl, text) if "8" in text else text


def _published_phones(text: str) -> list[str]:
    found = [m.group(0) for m in PUBLISHED_PHONE_RE.finditer(text)]
    if "8" in text:
        found += [m.group(0) for m in PUBLISHED_TOLL_FREE_RE.finditer(text)]
    return found


def email_address(match_text: str) -> str:
    """'prenom.nom [at] domaine [point] fr' -> 'prenom.nom@domaine.fr' (what a written-out address stands for)."""
    m = re.match(rf"([\w.+-]+)(?:{_AT_WORD})(.*)$", match_text, re.DOTALL)
    if not m:
        return match_text
    local, rest = m.groups()
    parts = re.split(_DOT_WORD, rest)
    return f"{local}@{'.'.join(p for p in parts if p)}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII with accents removed, fast on large texts (C-level normalisation, no per-char Python)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


_WORD = re.compile(r"[a-z0-9]+")


_CIVILITIES = ("m", "mr", "mme", "mlle", "madame", "monsieur", "mademoiselle")


def _surname(name: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """The folded surname words of a contact's name: its words in capitals ('Yannick LE GOFF', 'MAUREL Mylène'),
    else every word after the first ('Gwenaëlle Le Goff-Prigent' -> le goff prigent)."""
    written = re.findall(r"[^\W\d_]+", name)
    upper = [w for w in written if len(w) >= 2 and w.isupper()]
    if upper and len(upper) < len(written):
        return tuple(_WORD.findall(ascii_fold(" ".join(upper))))
    return words[1:]


class NameMatcher:
    """Finds contact names in folded text (`ascii_fold`): a name matches as its sequence of words, whole words,
    whatever the punctuation between them ("Marie-Anne Dupont" also matches "marie anne dupont").

    A set of word tuples looked up at each word of the text: linear in the text whatever the number of names (a
    regex alternation of thousands of names is tried name by name at every position: minutes on a big corpus).
    Longest name first at a position, matches do not overlap."""

    def __init__(self, names: set[str]):
        self.names: set[tuple[str, ...]] = set()
        for name in names:
            words = tuple(_WORD.findall(ascii_fold(name)))
            if len(words) >= 2 and sum(map(len, words)) >= 5:
                self.names.add(words)
                # the same person by civility and surname: 'M. Le Goff', 'Madame Le Goff-Prigent'
                for civility in _CIVILITIES:
                    self.names.add((civility,) + _surname(name, words))
        self.lengths = sorted({len(w) for w in self.names}, reverse=True)
        self.first_words = {w[0] for w in self.names}

    def __bool__(self) -> bool:
        return bool(self.names)

    def _matches(self, text: str, first_only: bool):
        spans = [m.span() for m in _WORD.finditer(text)]
        if len(spans) < 2:
            return
        words = [text[a:b] for a, b in spans]
        names, lengths, firsts = self.names, self.lengths, self.first_words
        i, n = 0, len(words)
        while i < n:
            if words[i] in firsts:
                for k in lengths:
                    if i + k <= n and tuple(words[i:i + k]) in names:
                        yield text[spans[i][0]:spans[i + k - 1][1]]
                        if first_only:
                            return
                        i += k - 1
                        break
            i += 1

    def findall(self, text: str) -> list[str]:
        return list(self._matches(text, False))

    def search(self, text: str) -> str | None:
        return next(self._matches(text, True), None)


def person_pattern(names: set[str]) -> NameMatcher | None:
    """The matcher of the contact names (None when there is none to look for)."""
    matcher = NameMatcher(names)
    return matcher if matcher else None


def scrub(graph: Graph, persons: set[str]) -> int:
    """Remove every triple whose literal holds an e-mail, a phone number or a contact's name. Returns the count."""
    pattern = person_pattern(persons)
    bad = []
    for s, p, o in graph:
        if not isinstance(o, Literal):
            continue
        text = str(o)
        if has_email(text) or has_phone(text) or (pattern and pattern.search(ascii_fold(text))):
            bad.append((s, p, o))
    for t in bad:
        graph.remove(t)
    return len(bad)


def leaks(text: str, persons: set[str]) -> list[str]:
    """What personal data a published text still contains (used as a last check before publishing)."""
    found = [m.group(0) for m in PUBLISHED_EMAIL_RE.finditer(text)]
    found += _published_phones(text)
    pattern = person_pattern(persons)
    if pattern:
        found += pattern.findall(ascii_fold(text))
    return found


def graph_leaks(graph: Graph, persons: set[str], terms=None) -> list[str]:
    """Contact names found in any literal or IRI of the graph (each distinct term checked once).

    Every published file is written from these terms, so this one check covers all of them for names; the files
    themselves are still scanned for e-mails and phone numbers (`leaks(text, set())`)."""
    pattern = person_pattern(persons)
    if pattern is None:
        return []
    terms = {str(t) for triple in graph for t in triple} if terms is None else terms
    return sorted(m for t in terms for m in [pattern.search(ascii_fold(t))] if m)


def term_leaks(texts) -> list[str]:
    """E-mails and phone numbers in the lexical forms of a graph's terms (each distinct term once).

    A serialisation (Turtle, N-Triples, JSON-LD, TriG) adds only syntax to the terms (brackets, quotes, prefixes,
    punctuation, language tags): none of it is a digit or an address character that could join two terms into an
    e-mail or a phone number (both patterns stop at quotes, brackets and line breaks), so checking the terms
    checks every serialisation written from them."""
    found = []
    for text in texts:
        if email_hint(text):
            found += [m.group(0) for m in PUBLISHED_EMAIL_RE.finditer(text)]
        if "0" in text or "+33" in text:
            found += _published_phones(text)
    return sorted(found)
