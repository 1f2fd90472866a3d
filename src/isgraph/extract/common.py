"""Text helpers shared by every extractor: list splitting, generic vs named actors, persons, contacts, org types.

All knowledge about words lives in data files (`src/isgraph/data/*.tsv|txt`), loaded once:

- `generic_actors.txt`: head words of generic partner categories ("associations", "communes", "habitants");
- `generic_types.txt`: organisation types that are generic when no proper name follows ("EPCI", "Office de
  tourisme", "la communauté de communes");
- `org_types.tsv`: organisation-type markers -> type code of the typ: scheme ("conseil départemental" -> departement);
- `prenoms.txt`: first names, only to recognise contact persons (kept out of the graph).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from isgraph import paths
from isgraph.normalize import clean_text, fold, text_cache

from isgraph.privacy import (  # noqa: F401  (the one set of contact patterns)
    CREDIT_RE, EMAIL_RE, PHONE_RE, POSTAL_ADDRESS_RE, credit_hint, email_address, find_phones, has_email, has_phone,
    strip_phones)
URL_RE = re.compile(r"(?:https?://|www\.)\S+")

PRENOMS_FILE = paths.PRENOMS_FILE
GENERIC_TYPES_FILE = paths.GENERIC_TYPES_FILE


@lru_cache(maxsize=1 << 14)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` for patterns built at run time from names (one per name): kept here, so that they neither
    get compiled again nor push the module's fixed patterns out of `re`'s small cache."""
    return re.compile(pattern, flags)


_WHITESPACE_RUN = re.compile(r"\s+")
# Characters whose case-insensitive matching by `re` is exactly "same str.lower()", one character each (checked for
# every pair in tests/test_common.py): ASCII, Latin-1, Latin Extended-A but for İ ı ſ, general punctuation, €.
SIMPLE_CASE_CHARS = "\t\n\v\f\r\x20-\x7e\u00a0-\u012f\u0132-\u017e\u2010-\u205e\u20ac"
_NOT_SIMPLE_CASE = re.compile(f"[^{SIMPLE_CASE_CHARS}]")


def simple_case(text: str) -> bool:
    """True when re.IGNORECASE matching in this text is plain comparison of lowered text (SIMPLE_CASE_CHARS only)."""
    return not _NOT_SIMPLE_CASE.search(text)


def lowered_text(text: str) -> str | None:
    """text.lower() when case-insensitive matching in it is plain comparison of lowered text, else None."""
    return text.lower() if simple_case(text) else None


_lowered = lru_cache(maxsize=64)(lowered_text)  # for texts searched several times


def lines_holding(lines: list[str], words: tuple[str, ...]) -> set[int] | None:
    """Indexes of the lines holding one of these (lower-case) words in any case, or None when the text is not of
    SIMPLE_CASE_CHARS only: a re.IGNORECASE pattern whose every match holds one of the words can only match on
    those lines (a quick test before trying the lines one by one)."""
    text = "\n".join(lines)
    if not simple_case(text):
        return None
    low = text.lower()
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    found = set()
    for word in words:
        i = low.find(word)
        while i >= 0:
            found.add(bisect.bisect_right(starts, i) - 1)
            i = low.find(word, i + 1)
    return found


class CaselessPattern:
    """A re.IGNORECASE pattern, run as its lower-case spelling on the lowered text when the text allows it (only
    SIMPLE_CASE_CHARS): the same matches at the same offsets, found faster (a case-sensitive pattern lets `re` skip
    to its possible first characters). `lowered` is written by hand; tests check that both spellings agree."""

    def __init__(self, pattern: str, lowered: str, flags: int = 0):
        self.pattern = re.compile(pattern, flags | re.IGNORECASE)
        self.lowered = re.compile(lowered, flags)

    def search(self, text: str) -> re.Match[str] | None:
        low = _lowered(text)
        return self.pattern.search(text) if low is None else self.lowered.search(low)

    def count(self, text: str) -> int:
        """len(findall(text))."""
        low = _lowered(text)
        return len(self.pattern.findall(text) if low is None else self.lowered.findall(low))


def phrase_spans(text: str, phrase: str, any_spaces: bool = True) -> list[tuple[int, int]]:
    """Case-insensitive occurrences of a phrase (a name) in a text, left to right, not overlapping.

    The spans of `re.finditer(pattern, text, re.IGNORECASE)` where the pattern is the phrase's words, escaped, joined
    by `\\s+` (`any_spaces`) or, when not `any_spaces`, `re.escape(phrase)`; found without compiling a pattern per
    name (names are mostly new in each document). A word never matches white space, so each `\\s+` takes the whole
    run of spaces. Words are found with `str.find` in the lowered text when every character is of
    `SIMPLE_CASE_CHARS`, else with one cached case-insensitive pattern per word."""
    if any_spaces:
        words = phrase.split()
    else:
        words = phrase.split(" ")
        if any(not w or w != "".join(w.split()) for w in words):  # other spacing: the plain pattern
            return [m.span() for m in compiled(re.escape(phrase), re.IGNORECASE).finditer(text)]
    if not words:
        return []
    low = _lowered(text)
    if low is not None and _lowered(phrase) is not None:
        keys = [w.lower() for w in words]

        def search(pos: int) -> tuple[int, int] | None:
            i = low.find(keys[0], pos)
            return None if i < 0 else (i, i + len(keys[0]))

        def match_at(k: int, pos: int) -> int | None:
            return pos + len(keys[k]) if low.startswith(keys[k], pos) else None
    else:
        patterns = [compiled(re.escape(w), re.IGNORECASE) for w in words]

        def search(pos: int) -> tuple[int, int] | None:
            m = patterns[0].search(text, pos)
            return None if m is None else m.span()

        def match_at(k: int, pos: int) -> int | None:
            m = patterns[k].match(text, pos)
            return None if m is None else m.end()
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        found = search(pos)
        if found is None:
            return spans
        start, end = found
        for k in range(1, len(words)):
            if any_spaces:
                gap = _WHITESPACE_RUN.match(text, end)
                end = match_at(k, gap.end()) if gap else None
            else:
                end = match_at(k, end + 1) if text.startswith(" ", end) else None
            if end is None:
                break
        if end is None:
            pos = start + 1
        else:
            spans.append((start, end))
            pos = end


# ---- data files -------------------------------------------------------------------------------------------------
def read_word_list(path) -> list[str]:
    """A curated word list: one entry a line, '#' comments and blank lines ignored."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def read_tsv(path) -> list[list[str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append([c.strip() for c in raw.split("\t")])
    return rows[1:] if rows and rows[0] and rows[0][0].startswith("@") else rows


@lru_cache(maxsize=1)
def generic_heads() -> frozenset[str]:
    """Folded head words of generic, unnamed partner categories ("associations", "communes", "habitants")."""
    return frozenset(fold(w) for w in read_word_list(paths.GENERIC_ACTORS_FILE))


@lru_cache(maxsize=1)
def generic_types() -> tuple[tuple[str, ...], ...]:
    """Folded token tuples of organisation types that are generic when written without a proper name."""
    if not GENERIC_TYPES_FILE.exists():
        return ()
    return tuple(sorted({tuple(fold(w).split()) for w in read_word_list(GENERIC_TYPES_FILE)}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _generic_types_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """generic_types() grouped by first word (longest first, as there): only those can start a name."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in generic_types():
        index.setdefault(phrase[0], []).append(phrase)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def org_type_markers() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(folded marker tokens, type code), longest markers first."""
    if not paths.ORG_TYPES_FILE.exists():
        return ()
    out = {}
    for row in read_tsv(paths.ORG_TYPES_FILE):
        if len(row) < 2 or row[0].lower() == "marker":
            continue
        out[tuple(fold(row[0]).split())] = row[1]
    return tuple(sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0])))


@lru_cache(maxsize=1)
def _markers_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, code in org_type_markers():
        index.setdefault(phrase[0], []).append((phrase, code))
    return {k: tuple(v) for k, v in index.items()}  # longest first, as in org_type_markers()


@lru_cache(maxsize=1)
def _marker_phrases() -> frozenset[tuple[str, ...]]:
    return frozenset(phrase for phrase, _ in org_type_markers())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    if not PRENOMS_FILE.exists():
        return frozenset()
    return frozenset(fold(w) for w in read_word_list(PRENOMS_FILE))


# ---- tokens -----------------------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[^\W_]+")
_ARTICLES = {"les", "des", "la", "le", "l", "d", "de", "du", "aux", "a", "un", "une", "et", "ses", "leurs", "nos",
             "son", "sa", "tous", "toutes", "tout", "autres", "differents", "differentes", "divers", "diverses",
             "nombreux", "nombreuses", "plusieurs", "certains", "certaines", "quelques", "nombreux", "ou"}


def tokens(text: str) -> list[tuple[str, str]]:
    """(original token, folded token) pairs: letters/digits runs of the cleaned text."""
    return list(_tokens(text))


@text_cache(1 << 16)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for tok in _TOKEN_RE.findall(clean_text(text)):
        f = tok.lower() if tok.isascii() else fold(tok)  # (an ASCII token is letters and digits: fold = lower)
        if f:
            out.append((tok, f))
    return tuple(out)


def is_acronym(token: str) -> bool:
    """'CAF', 'ENRx', 'PNRs', 'DDCSPP' (at least two capitals, mostly capitals)."""
    letters = [c for c in token if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    return len(letters) >= 2 and upper >= 2 and upper * 2 >= len(letters) + 1


def _content_tokens(name: str) -> list[tuple[str, str]]:
    toks = tokens(name)
    i = 0
    while i < len(toks) and (toks[i][1] in _ARTICLES or toks[i][1].isdigit()):
        i += 1
    return toks[i:]


def _starts_with(toks: list[tuple[str, str]], phrase: tuple[str, ...]) -> bool:
    return len(toks) >= len(phrase) and tuple(t[1] for t in toks[: len(phrase)]) == phrase


def _named_after(toks: list[tuple[str, str]]) -> bool:
    """True when a proper name (capitalised word, acronym, number) appears among these tokens."""
    return any(o[:1].isupper() or o[:1].isdigit() or is_acronym(o) for o, _ in toks)


# ---- generic actors and organisation types ------------------------------------------------------------------------
@text_cache(50000)
def is_generic(name: str) -> bool:
    """True for an unnamed category of partners: 'associations locales', 'Communes du territoire', 'écoles',
    'EPCI', 'Office de tourisme', 'la communauté de communes' (but not 'Office de Tourisme de Maubeuge')."""
    toks = _content_tokens(name)
    if not toks:
        return True
    if toks[0][1] in generic_heads():
        return True
    for phrase in _generic_types_by_first_word().get(toks[0][1], ()):  # the longest type the name starts with
        if _starts_with(toks, phrase):
            return not _named_after(toks[len(phrase):])
    return False


@text_cache(50000)
def organisation_type(name: str) -> str | None:
    """Type code of the typ: scheme from the name's markers ('CAF 36' -> caf, 'Conseil départemental du Nord' ->
    departement, 'Parc naturel régional de la Brenne' -> parc), or None when no marker is found."""
    toks = _content_tokens(name)
    if not toks:
        return None
    index = _markers_by_first_word()
    for phrase, code in index.get(toks[0][1], ()):
        if _starts_with(toks, phrase):
            return code
    folded = [t[1] for t in toks]
    best = None
    for i in range(1, len(folded)):  # a marker inside the name: multi-word ones, or acronyms as written
        for phrase, code in index.get(folded[i], ()):
            n = len(phrase)
            if tuple(folded[i : i + n]) == phrase and (n > 1 or is_acronym(toks[i][0])):
                if best is None or n > best[0]:
                    best = (n, code)
                break
        if best is not None:
            return best[1]
    if name.endswith(_EPCI_SUFFIXES) and is_epci_named_after(name):
        return "epci"
    return None


# an intercommunality named before its kind: 'Grenoble-Alpes Métropole', 'Vichy Communauté', 'Dinan Agglomération'
_EPCI_SUFFIXES = ("Métropole", "Agglomération", "Agglo", "Communauté")
_EPCI_NAMED_AFTER = re.compile(r"(?:[A-ZÉÈÀÂÎÔ][\w'’]*(?:-[\w'’]+)*[ -]){1,4}(?:Métropole|Agglomération|Agglo|Communauté)")


@lru_cache(maxsize=4096)
def is_epci_named_after(name: str) -> bool:
    """'Vichy Communauté', 'Grenoble-Alpes Métropole': a name of that form the gazetteer knows as an EPCI's (not
    'Cette Communauté', 'La Métropole')."""
    text = clean_text(name).strip()
    if not _EPCI_NAMED_AFTER.fullmatch(text) or fold(text.split()[0]) in _function_words():
        return False
    from isgraph.resolve import territories

    try:
        t = territories.resolve(text, None, allow_lieu=False)
    except Exception:  # pragma: no cover - a name the gazetteer cannot read
        return False
    if t is not None and t.kind == "epci":
        return True
    if t is None and text.endswith(("Agglomération", "Agglo")):  # 'Gaillac Graulhet Agglo', a name the gazetteer
        try:  # does not hold: named after communes it knows
            place = territories.resolve(text.rsplit(" ", 1)[0].split()[0].strip("-"), None, allow_lieu=False)
        except Exception:  # pragma: no cover
            return False
        return place is not None and place.kind == "commune"
    return False


_LEADING_YEAR = re.compile(r"^\s*(?:19|20)\d\d\b")


@text_cache(50000)
def org_evidence(name: str) -> int:
    """How much a list item looks like an organisation: 2 = a type marker, generic head or acronym leads it;
    1 = several capitalised words (a proper name); 0 = nothing (a topic word, a sentence)."""
    if _LEADING_YEAR.match(name):
        return 0  # '2015 de l'UNCCAS': a date, not a name
    if POSTAL_ADDRESS_RE.search(name):
        return 0  # 'BP 123', 'CS 40001', '80000 Amiens Cedex 1': an address, not an organisation
    toks = _content_tokens(name)
    if not toks or len(toks) > 25:
        return 0
    first_orig, first = toks[0]
    if first in generic_heads():
        return 2
    if len(toks) > 14:
        return 0
    if is_acronym(first_orig):
        return 2
    for phrase, _ in _markers_by_first_word().get(first, ()):
        if _starts_with(toks, phrase):
            return 2
    for phrase in _generic_types_by_first_word().get(first, ()):
        if _starts_with(toks, phrase):
            return 2
    if len(toks) <= 8 and organisation_type(name) is not None:
        return 2
    capitals = sum(1 for o, f in toks if o[:1].isupper() and f not in _ARTICLES)
    if capitals >= 2 and len(toks) <= 8:
        return 1
    return 0


# ---- contacts and persons ---------------------------------------------------------------------------------------
def has_contact(text: str) -> bool:
    """bool(EMAIL_RE.search(text) or PHONE_RE.search(text)), each pattern run only when its literal part is there."""
    return has_email(text) or has_phone(text)


@text_cache(1 << 15)
def strip_contacts(text: str) -> str:
    """Remove e-mail addresses, phone numbers and URLs from a text."""
    # each pattern only runs when its literal part is there ('@'; '0' or '+33'; 'http' or 'www.')
    if has_email(text):
        text = EMAIL_RE.sub(" ", text)
    if "0" in text or "+33" in text:
        text = strip_phones(text)
    if "http" in text or "www." in text:
        text = URL_RE.sub(" ", text)
    if credit_hint(text):  # blanked, same length: positions still point at the text's lines
        text = CREDIT_RE.sub(lambda m: " " * len(m.group(0)), text)
    return text


_CIVILITY = re.compile(r"^(?:Mme|Mlle|Mr|M\.|Madame|Monsieur|Mademoiselle)\s+")
_PARTICLES = {"de", "De", "du", "Du", "Le", "La", "le", "la", "Van", "van", "d", "D"}


@text_cache(1 << 15)
def _is_upper_word(tok: str) -> bool:
    letters = [c for c in tok if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# (with the Breton c'h inside a word: 'Le Floc'h', 'Guic'hard')
_CAPITALISED = re.compile(r"[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüçñ]+(?:c['’]h[a-zéèêëàâîïôöûüçñ]*)?"
                          r"(?:-[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüçñ]+(?:c['’]h[a-zéèêëàâîïôöûüçñ]*)?)*")


def _is_capitalised(tok: str) -> bool:
    return bool(_CAPITALISED.fullmatch(tok))


@text_cache(1 << 15)
def _is_first_name(tok: str) -> bool:
    if fold(tok) in first_names():
        return _is_capitalised(tok) or _is_upper_word(tok)
    # a compound first name the list does not hold: 'Yann-Erwan', 'Marie-Soizic' (each part a first name)
    parts = tok.split("-")
    return len(parts) == 2 and all(fold(p) in first_names() and _is_capitalised(p) for p in parts)


def _surname_parts(parts: list[str]) -> bool:
    """'MAIRESSE', 'Hedrich', 'De Baere', 'Huguet-Friedel', 'BUSNOT-RICHARD'."""
    if not parts or len(parts) > 3:
        return False
    if not any(_is_upper_word(p) or _is_capitalised(p) for p in parts if p not in _PARTICLES):
        return False
    return all(p in _PARTICLES or _is_upper_word(p.replace("-", "")) or _is_capitalised(p) for p in parts) \
        and parts[-1] not in _PARTICLES


_SPACED_HYPHEN = re.compile(r"\s*[-–]\s*(?=[A-ZÉ])")
_SPACED_HYPHEN_END = re.compile(r"\w\s+[-–]\s*[A-ZÉ]\w+$")
_INITIALS = re.compile(r"[A-ZÉ]\.(?:-?[A-Z]\.)?")


@text_cache(50000)
def looks_like_person(name: str) -> bool:
    """'Caroline MAIRESSE', 'Irène Hedrich', 'MAUREL Mylène', 'N. YANASMA', 'Mme LOGIE Marie-France' (also with the
    dash or bar that cut it from its phone: 'Gwenaëlle Quéméner —')."""
    text = clean_text(name).strip(" ,.;:-–—|")
    text = _SPACED_HYPHEN.sub("-", text) if _SPACED_HYPHEN_END.search(text) else text
    text = _CIVILITY.sub("", text)
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        return False
    if any(fold(p) in generic_heads() for p in parts):
        return False
    if any(fold(p) in _TITLES for p in parts[1:]):
        return False  # 'Thomas Delpeyrat Le Maire': a name, then the next one's title
    first, rest = parts[0], parts[1:]
    first_name = _is_first_name(first)
    if len(parts) == 3 and parts[1] in ("et", "&") and first_name and _is_first_name(parts[2]):
        return True  # 'Amina et Lucas': two people named by their first names
    if len(parts) == 3 and first_name and _is_upper_word(parts[1]) and _is_first_name(parts[2]) \
            and not _is_upper_word(parts[2]):
        return False  # 'Maëlle CADORET  Hélène KERVADEC' (two signatures side by side): a name, then the next one's
    shaped = (
        (first_name and _surname_parts(rest))
        or (_INITIALS.fullmatch(first) and all(_is_upper_word(p) for p in rest))  # N. YANASMA
        or (_INITIALS.fullmatch(first) and len(rest) == 1 and _CAPITALISED.fullmatch(rest[0])
            and fold(rest[0]) not in _function_words())  # J. Sarrat (a photo credit), not 'B. Les'

        or (_is_upper_word(first) and len(rest) == 1 and _is_first_name(rest[0])
            and not _is_upper_word(rest[0]))  # MAUREL Mylène
        or (len(parts) >= 3 and _is_upper_word(first) and _is_upper_word(parts[1]) is False
            and _is_first_name(parts[-1]))
        # 'LE GALL Yann', 'DE LA ROCHE Anne' (a grants list's beneficiary): a surname in capitals with its
        # particle, then the first name
        or (len(parts) >= 3 and all(_is_upper_word(p) for p in parts[:-1]) and _is_first_name(parts[-1])
            and not _is_upper_word(parts[-1]) and fold(parts[0]) in _SURNAME_PARTICLES)
    )
    # shaped like a person, unless an organisation type leads it and it does not start with a first name
    return bool(shaped) and not (not first_name and organisation_type(text) is not None)


_SURNAME_PARTICLES = frozenset({"le", "la", "de", "du", "des", "d", "van", "von", "da", "dos", "del", "di"})

# titles that follow a name on a signature line ('Thomas Delpeyrat   Le Maire, Jean-Luc …'): never a surname's part
_TITLES = frozenset({"maire", "president", "presidente", "directeur", "directrice", "secretaire", "adjoint",
                     "adjointe", "conseiller", "conseillere", "prefet", "prefete", "ministre", "depute", "deputee",
                     "senateur", "senatrice", "tresorier", "tresoriere", "vice-president", "vice-presidente"})


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(fold(w) for w in read_word_list(paths.FUNCTION_WORDS_FILE))


_NAME_TOKEN = r"[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüçñ'’]*(?:-[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüçñ]*)*"
_PERSON_CANDIDATE = re.compile(
    rf"(?:(?:Mme|Mlle|M\.|Mr|Madame|Monsieur)\s+)?(?:{_NAME_TOKEN}|[A-Z]\.)(?:[ \t]{{1,3}}(?:de |De |Le |La |Van )?{_NAME_TOKEN}){{1,2}}"
)


_BROKEN_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(?=[A-ZÉ])")


def find_persons(text: str) -> list[str]:
    """Person names found in a free text (contact lines, 'animées par Lucie Thiennot et Stéphanie Saudrais')."""
    return list(_find_persons(text))


@text_cache(1 << 15)
def _find_persons(text: str) -> tuple[str, ...]:
    if "-" in text:
        text = _BROKEN_HYPHEN.sub(r"\1-", text)  # BUSNOT-\n\nRICHARD
    if "\n" not in text:
        return _line_persons(text)
    # line by line (the lines of a card are also read alone): first occurrences, in order
    return tuple(dict.fromkeys(name for line in text.split("\n") for name in _line_persons(line)))


_BEFORE_A_NAME = frozenset({"selon", "d apres", "merci", "bravo", "felicitations", "interroge", "interrogee"})


@text_cache(1 << 15)
def _line_persons(line: str) -> tuple[str, ...]:
    found: list[str] = []
    for m in _PERSON_CANDIDATE.finditer(clean_text(line)):
        words = m.group(0).strip().split()
        # a sentence's first word before the name ('Pour Claire Bouvier, bénévole …', 'Selon Anne Roux'): left out
        starts = (0, 1) if len(words) >= 3 and (fold(words[0]) in _function_words() or
                                                 fold(words[0]) in _BEFORE_A_NAME) else (0,)
        for a in starts:
            # try the longest prefix that is a person (drops a following capitalised word: 'Lucie Julien Paysage')
            hit = next((" ".join(words[a:n]) for n in range(len(words), a + 1, -1)
                        if looks_like_person(" ".join(words[a:n]))), None)
            if hit is not None:
                if hit not in found:
                    found.append(hit)
                break
    return tuple(found)


# a head that makes the name after it a place or a body's name: 'École maternelle Charles Péguy', 'rue Jean Jaurès'
_NAMED_AFTER = re.compile(r"(?i)\b(?:écoles?|ecoles?|maternelle|élémentaire|primaire|collèges?|lycées?|rue|avenue|"
                          r"boulevard|place|square|allée|quai|impasse|chemin|cours|résidence|cité|salle|espace|centre|"
                          r"maison|stade|gymnase|médiathèque|bibliothèque|foyer|institut|hôpital|clinique|parc|jardin|"
                          r"pont|groupe scolaire|fondation|prix|trophée|association|collectif|club|amicale|compagnie|"
                          r"cercle|café|théâtre|ferme|coopérative|scic|scop|atelier|promotion|programme)\s*$")
# what makes a name shaped like a person's a person's: a civility, a function or a speech verb next to it, a
# signature or a photo credit ('Le Président, Yann Le Bihan', 'souligne Maëlle Fabre, directrice', '© X / P. Guérin')
PERSON_CONTEXT = re.compile(
    r"(?i)\b(?:m\.|mme|mlle|monsieur|madame|mademoiselle|président\w*|vice-président\w*|direct(?:eur|rice)\w*|"
    r"maire|adjoint\w*|ministre|préf[eè]t\w*|sénat\w*|député\w*|élu\w*|conseill(?:er|ère)\w*|chargée?|"
    r"responsable|coordinat(?:eur|rice)\w*|délégu[ée]\w*|secrétaire|trésori(?:er|ère)|animat(?:eur|rice)\w*|"
    r"fondat(?:eur|rice)\w*|cofondat(?:eur|rice)\w*|gérante?|salariée?|bénévole|habitante?|rapporteur\w*|"
    r"chef(?:fe)?|signé|par délégation|photo\w*|crédits?|souligne|explique|indique|précise|déclare|affirme|ajoute|"
    r"raconte|confie|témoigne|résume|sourit|estime|rappelle|se réjouit|disait|dit|selon|interview\w*|portrait|"
    r"journaliste|publiée?\s+(?:le\s+[^\n]{0,30}?\s+)?par|rédigée?\s+par|(?:proposé|présenté|imaginé|suggéré)e?s?\s+par|écrite?\s+par|propos\s+recueillis|animée? par|intervenant\w*|invitée?s?|auteur|autrice|photographe|chercheu\w+|professeur\w*|"
    r"docteur|psychologue|éducat(?:eur|rice)\w*|infirmi\w+|médecin|contacts?|référente?|mail|courriel|tél)\b|©")


# what may stand before a name alone on its line: a bullet, or a short label and a colon, the way a report lists
# its staff ('Coordination : Thomas Leprévost', '• Accueil et secrétariat : Nadia Benaïssa')
_LABEL_BEFORE_NAME = r"[\s\-–•*·]*(?:[^\W\d_][^\W\d_'’ -]*(?:[ '’-]+[^\W\d_]+){0,4}\s*:\s*)?"


_LABELLED_LIST = re.compile(r"^[\s\-–•*·]*[^\W\d_][^\n:]{0,40}:\s*(?P<list>[^\n:]+?)[\s.]*$", re.M)


def listed_persons(text: str) -> set[str]:
    """The names of a list after a label, every item a person's ('Naissances : Léa Martin, Hugo Bernard et Inès
    Roux', 'Animateurs : Paul Girard ; Anne Morel'): a register's or a team's, persons all."""
    out: set[str] = set()
    for m in _LABELLED_LIST.finditer(text):
        items = [i.strip(" .") for i in re.split(r",|;|\bet\b|&", m.group("list"))]
        if len(items) >= 2 and all(i and looks_like_person(i) for i in items):
            out.update(items)
    return out


def marked_persons(text: str) -> set[str]:
    """The names shaped like a person's anywhere in a document that something marks as a person's (a civility, a
    function, a speech verb, a signature line, a credit), except a name only ever written after the head of a
    place or a body's name ('École maternelle Charles Péguy', 'rue Jean Jaurès'): a strategy or a pun ('Néo Terra',
    'Marie Curry travaille à l'insertion…') stays."""
    out = set()
    for name in find_persons(text):
        for m in re.finditer(r"\s+".join(map(re.escape, name.split())), text):  # (PDF lines: runs of spaces)
            if _NAMED_AFTER.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            alone = re.fullmatch(_LABEL_BEFORE_NAME + r"(?:(?:M\.|Mme|Mlle)\s+)?" + re.escape(name) + r"[\s,.*]*", line)
            if alone or PERSON_CONTEXT.search(text[max(0, m.start() - 60) : m.end() + 60]):
                out.add(name)
                break
    if ":" in text:
        out |= listed_persons(text)
    return out | signed_names(text)


_ANY_NAME = r"[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüçñ'’]+(?:-[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüçñ'’]+)?" \
            r"(?:[ \t]+(?:(?:de|du|Le|La|Van|Ben|El|Da|Di)[ \t]+)?[A-ZÉÈÀÂÎÏÔÖÛÜÇ][\wéèêëàâîïôöûüçñ'’-]+){1,2}"
# a name whatever its first name, where only a person's can stand: alone on the line under a signatory's function
# ('Le Président du conseil départemental,' / 'Chaynesse Khirouni'), after 'proposé par', before ', présidente'
_SIGNED = re.compile(rf"(?m)^[ \t]*(?i:l[ea]|pour l[ea])\s+(?i:(?:vice-)?(?:président|présidente|maire|directeur|directrice|"
                     rf"préfète?|secrétaire))\b[^\n]{{0,80}},?[ \t]*\n[ \t]*(?P<n>{_ANY_NAME})[ \t.]*$"
                     rf"|(?i:(?:proposé|présenté|imaginé|suggéré|rédigé|signé)e?s?\s+par)\s+(?P<p>{_ANY_NAME})"
                     rf"(?:\s+et\s+(?P<q>{_ANY_NAME}))?"
                     rf"|(?P<b>{_ANY_NAME}),\s+(?:(?:sa|son|notre|la|le)\s+)?(?:présidente?|vice-présidente?|directeur|"
                     rf"directrice|coordinat(?:eur|rice)|fondat(?:eur|rice)|cofondat(?:eur|rice)|habitante?|bénévole|"
                     rf"gérante?|animat(?:eur|rice)|adhérente?)\b")


_NAME_PARTICLES = frozenset({"de", "du", "Le", "La", "Van", "Ben", "El", "Da", "Di"})


def signed_names(text: str) -> set[str]:
    """Persons' names read by where they stand, not by a known first name ('Chaynesse Khirouni' signing an act,
    'proposé par Mamadou Diallo et Lucas Perrin'): a signature under its function, a proposal's authors, a name
    before its function. Not a body's name, nor a place's."""
    if "par" not in text and "," not in text:
        return set()
    out: set[str] = set()
    for m in _SIGNED.finditer(text):
        for g in ("n", "p", "q", "b"):
            name = m.group(g)
            if not name:
                continue
            name = name.strip()
            words = [w for w in name.split() if w not in _NAME_PARTICLES]
            if any(fold(w) in generic_heads() or fold(w) in _function_words() for w in words) or \
                    organisation_type(name) is not None or _is_place_name(name) or \
                    (_is_place_name(words[0]) and not _is_first_name(words[0])):  # ('Saint-Denis Habitat')
                continue
            out.add(name)
    return out


def _is_place_name(name: str) -> bool:
    from isgraph.resolve import territories

    try:  # (a name several communes share, 'Saint-Denis', is a place's too)
        return territories.resolve(name, None, allow_lieu=False) is not None or \
            bool(territories.load_gazetteer().communes_named(name))
    except Exception:  # pragma: no cover
        return False


def person_from_email(address: str) -> str | None:
    """'lucie.julien@pnrpc.fr' -> 'Lucie Julien' when the local part is a known first name + a surname."""
    local = email_address(address).split("@", 1)[0]
    parts = re.split(r"[._]", local)
    if len(parts) != 2 or not all(p.isalpha() for p in parts):
        return None
    first, last = parts
    if fold(first) not in first_names() or len(last) < 2:
        return None
    return f"{first.capitalize()} {last.capitalize()}"


def same_person(a: str, b: str) -> bool:
    """'Karine LEBOUVIER' = 'Karine Lebouvier'; 'Lise De Baere' = 'Lise Debaere'; 'Céline Gardier' ~ 'Céline
    Louber-Gardier'."""
    fa, fb = fold(a), fold(b)
    if fa.replace(" ", "") == fb.replace(" ", ""):
        return True
    ta, tb = set(fa.split()), set(fb.split())
    return len(ta) >= 2 and len(tb) >= 2 and (ta <= tb or tb <= ta)


# ---- actor lists ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActorItem:
    """One item of a written list of organisations; `note` keeps a parenthesised remark ('porteur administratif')."""

    name: str
    note: str = ""


_BULLETS = "•·●▪◦►–"
_TRAILING_NOISE = re.compile(r"(?:\s*(?:,|;|\.{2,}|…|\betc\b\.*|\.))+\s*$", re.IGNORECASE)


def _strip_trailing_noise(text: str) -> str:
    """_TRAILING_NOISE.sub("", text): only run when the text ends (before white space) as a match must."""
    end = text.rstrip()
    if end.endswith((",", ";", ".", "…")) or end[-3:].lower() == "etc":
        return _TRAILING_NOISE.sub("", text)
    return text
_LEADING_NOISE = re.compile(rf"^[\s{_BULLETS}*>+\-.:,;]+")
_PREPOSITIONS = {"de", "du", "des", "d", "la", "le", "les", "l", "aux", "au", "a", "en", "par", "pour", "sur", "avec",
                 "et", "ou", "dans", "chez", "entre", "sans", "vers", "sous"}


def _split_top_level(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split on a pattern, but never inside parentheses or « guillemets »."""
    parts, last = [], 0
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if "(" not in text and "«" not in text and "[" not in text:
        cuts = spans  # no brackets: every separator cuts
    else:
        cuts = []
        depth, pos = 0, 0
        for start, end in spans:
            for ch in text[pos:start]:
                if ch in "(«[":
                    depth += 1
                elif ch in ")»]" and depth:
                    depth -= 1
            pos = start
            if depth == 0:
                cuts.append((start, end))
    for start, end in cuts:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return parts


_SEPARATORS = re.compile(
    r"\s*[,;•·●▪◦►]\s*"  # commas, semicolons, bullets
    r"|\n"
    r"|\s+-\s+(?=\S)"  # ' - ' between items (an en dash '–' joins a name and its scheme: 'DDCSPP – Contrat de Ville')
    r"|(?<=\w)-\s+(?=[A-ZÉÈ])"  # 'Commune de Germaine- PNR'
    r"|\s+/\s+"  # ' / '
    r"|\s{3,}"  # column gaps 'ADEME     FEDER'
    r"|(?:\.{3}|…)\s*(?=[A-ZÉ])"  # 'APROBIO... Relais locaux'
    r"|\s+\+\s+"
)
_COORDINATION = re.compile(r"\s+(?:et|&)\s+")


def _coordinated(item: str) -> list[str]:
    """Split 'A et B' when both sides are organisations or categories, keep 'Jeunesse et sports',
    'Caisse des dépôts et consignations', 'agriculteurs et associations relais', 'enfants des écoles et des centres'."""
    if not _COORDINATION.search(item):
        return [item]
    folded = tuple(t[1] for t in tokens(item))
    if folded in _marker_phrases():
        return [item]  # 'Jeunesse et sports' is itself a marker
    parts = _split_top_level(item, _COORDINATION)
    if len(parts) == 1:
        return [item]
    out = [parts[0]]
    for right in parts[1:]:
        left = out[-1]
        if _should_split(left, right):
            out.append(right)
        else:
            sep = " & " if "&" in item else " et "
            out[-1] = left + sep + right
    return out


_MISSING_COMMA = re.compile(r"(?<=[a-zéèêëàâîïôöûüç])\s+(?=les\s+(?P<head>[^\W\d_]+))")


def _split_missing_comma(item: str) -> list[str]:
    """'la mairie de Château Ville vieille les acteurs culturels' -> two items (a list whose comma was lost)."""
    for m in _MISSING_COMMA.finditer(item):
        before = item[: m.start()].split()
        if (fold(m.group("head")) in generic_heads() and len(before) >= 2
                and fold(before[-1]) not in _PREPOSITIONS and organisation_type(item[: m.start()]) is not None):
            return [item[: m.start()], item[m.end():]]
    return [item]


def _should_split(left: str, right: str) -> bool:
    ltoks, rtoks = _content_tokens(left), tokens(right)
    if not ltoks or not rtoks:
        return False
    r0_orig, r0 = rtoks[0]
    left_single_marker = len(ltoks) == 1 and (organisation_type(left) is not None or is_acronym(ltoks[0][0]))
    if r0 in ("des", "du", "de", "d", "aux", "a", "au", "en"):
        return False  # shared complement: 'enfants des écoles et des centres de loisirs'
    if r0 in ("la", "le", "les", "l"):
        return len(rtoks) > 1 and (rtoks[1][0][:1].isupper() or is_acronym(rtoks[1][0]))
    right_marker = organisation_type(right) is not None or r0 in generic_heads()
    if organisation_type(left) == "association" and len(ltoks) >= 2 and not (
            organisation_type(right) is not None and not rtoks[0][1] in generic_heads()) and not is_acronym(r0_orig):
        return False  # 'Association Vacances et Familles 59'
    if not right_marker and organisation_type(left) == "epci" and not re.search(r"(?i)communautés|['’]s\b", left):
        return False  # 'Communauté de communes Causses et Vallée de la Dordogne': one body named after two places
    if r0_orig[:1].isupper() or is_acronym(r0_orig):
        if len(rtoks) == 1 and not (is_acronym(r0_orig) or right_marker):
            return False  # 'Caisse des dépôts et Consignations', 'Marais du Cotentin et Bessin'
        return len(ltoks) >= 2 or left_single_marker
    if right_marker:
        return len(ltoks) >= 2 or left_single_marker
    return False


_BULLET_LINE = re.compile(rf"^\s*(?:[-{_BULLETS}*>]|\d+[.)]\s)")
_CONTINUES = re.compile(r"(?:\b(?:de|du|des|d['’]|la|le|les|l['’]|aux?|à|en|et|ou|par|pour|sur|avec|dans)|[-(«,/])\s*$",
                        re.IGNORECASE)


@text_cache(1 << 15)
def _leading_marker(text: str) -> bool:
    toks = _content_tokens(text)
    return bool(toks) and any(_starts_with(toks, phrase) for phrase, _ in _markers_by_first_word().get(toks[0][1], ())) or \
        bool(toks and toks[0][1] in generic_heads())


_ARTICLE_NAME = re.compile(r"^(?:Le|La|Les)\s+[A-ZÉ]")
_WORD_HYPHEN_END = re.compile(r"\w-$")


@text_cache(1 << 15)
def join_wrapped_lines(text: str) -> str:
    """Undo the line wrapping of a list written in a narrow column, keeping one item a line.

    Bulleted lists: a line that does not start with a bullet continues the previous item. Comma lists: line breaks
    are spaces. Other lists: a line continues the previous one when that one ends with a trailing space (the PDF
    converter's mark of a wrapped line), a preposition / article / hyphen / open parenthesis, or when it starts in
    lower case.
    """
    raw_lines = [ln for ln in text.split("\n")]
    lines = [ln for ln in raw_lines if ln.strip()]
    if len(lines) <= 1:
        return text.strip()
    bullets = [bool(_BULLET_LINE.match(ln)) for ln in lines]
    bulleted = sum(bullets)
    commas = sum(1 for ln in lines[:-1] if ln.rstrip().endswith((",", ";")))
    if bulleted >= 2 and not bullets[0] and bullets[1] \
            and len(lines[0].split()) <= 4 and "," not in lines[0] and not lines[0].strip().endswith(":"):
        lines[0] = lines[0].rstrip() + " :"  # 'Institutionnels' heading a bulleted list (still no bullet)
    out: list[str] = []
    for ln, bullet in zip(lines, bullets):
        stripped = ln.strip()
        if not out:
            out.append(ln)
            continue
        prev = out[-1]
        prev_s = prev.strip()
        if (prev_s.endswith(":") and not bullet) or stripped.endswith(":"):
            out.append(ln)  # sub-headings stand alone: 'Pour la diffusion :'
            continue
        open_paren = prev_s.count("(") > prev_s.count(")")
        if bulleted >= 2 or (bulleted and bullets[0]):
            join = not bullet
        elif open_paren:
            join = True  # '(Association œuvrant / pour une insertion culturelle, / économique)'
        elif commas and prev_s.endswith((",", ";")):
            join = False
        else:
            # (prev_s has no trailing space: a match of _CONTINUES is in its last 4 characters)
            join = ((prev != prev.rstrip() and not (bool(_ARTICLE_NAME.match(stripped)) or _leading_marker(stripped)))
                    or bool(_CONTINUES.search(prev_s, max(0, len(prev_s) - 4)))
                    or stripped[:1].islower() or stripped.startswith("("))
        if join:
            glue = "" if _WORD_HYPHEN_END.search(prev_s, max(0, len(prev_s) - 2)) else " "
            out[-1] = prev_s + glue + stripped + (" " if ln != ln.rstrip() else "")
        else:
            out.append(ln)
    return "\n".join(o.strip() for o in out)


_SUBHEADING = re.compile(r"^(?P<head>[^:()]{2,60}?)\s*:\s*(?P<rest>.*)$")
_PAREN = re.compile(r"\(([^()]*)\)")


_SHARED_HEAD = re.compile(r"^(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*(?=\S)", re.IGNORECASE)


_ETC = re.compile(r"\betc\b\.*", re.IGNORECASE)
_HAS_CONJUNCTION = re.compile(r"\s(?:et|&)\s")
_LEADING_CONJUNCTION = re.compile(r"^(?:et|ou)\s+", re.IGNORECASE)
_COMPLEMENT = re.compile(r"\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*")
_QUOTED = re.compile(r"[«\"“].*[»\"”]")


@lru_cache(maxsize=256)
def _protections(keep: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(placeholder, phrase, pattern) for the phrases with 'et' / '&' that must not be split, longest first."""
    out = []
    for k, phrase in enumerate(sorted({p for p in keep if p and _HAS_CONJUNCTION.search(p)}, key=len, reverse=True)):
        pattern = r"\s+".join(re.escape(w) for w in phrase.replace("’", "'").split())
        out.append((f"\u2063{k}\u2063", phrase, re.compile(pattern, re.IGNORECASE)))
    return tuple(out)


# the branch of the body named before it, in lower case ('antenne de Guéret', 'délégation de la Creuse')
_BRANCH = re.compile(r"(?:antenne|délégation|section|agence|permanence|point d['’]accueil|site|unité locale|comité local)"
                     r"\s+(?:de|d['’]|du|des)\b")


def split_actor_items(text: str, keep: tuple[str, ...] = ()) -> list[ActorItem]:
    """Split a written list of organisations into items (with their parenthesised notes).

    Separators: commas, semicolons, bullets, line breaks, ' - ', ' / ', column gaps, '...'; 'et' / '&' only
    between two organisations. Sub-headings ('Pour la diffusion :', 'Partenaires territoriaux :') are dropped,
    '(dispositif X)' notes are attached to the previous item, 'Collectivités (Région, Département)' gives the
    category and its members.
    """
    return [ActorItem(name, note) for name, note in _split_actor_items(text, tuple(keep))]


@text_cache(1 << 15)
def _split_actor_items(text: str, keep: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    text = join_wrapped_lines(strip_contacts(text)).replace("’", "'")
    text = _ETC.sub(",", text)
    protected: dict[str, str] = {}
    for token, phrase, pattern in _protections(tuple(keep)):
        if pattern.search(text):
            protected[token] = phrase
            text = pattern.sub(lambda m, t=token: m.group(0).replace(" et ", f" {t} ").replace(" & ", f" {t} "), text)
    items: list[ActorItem] = []
    for raw in _split_top_level(text, _SEPARATORS):
        raw = clean_text(raw)
        raw = _LEADING_NOISE.sub("", raw)
        raw = _strip_trailing_noise(raw).strip()
        if not raw:
            continue
        m = _SUBHEADING.match(raw)
        if m:
            head, raw = m.group("head").strip(), m.group("rest").strip()
            head_toks = _content_tokens(head)
            if (raw[:1].islower() and is_generic(head) and head_toks
                    and head_toks[0][1] not in ("partenaires", "acteurs", "beneficiaires", "relais")):
                items.append(ActorItem(head))  # 'CCAS, Associations locales : espace info énergie, ...'
            if not raw:
                continue
        if raw.startswith("(") and raw.endswith(")") and items:  # '(dispositif Va'CAF)' annotates the previous item
            prev = items[-1]
            items[-1] = ActorItem(prev.name, (prev.note + " " + raw[1:-1]).strip())
            continue
        if items and _BRANCH.match(raw):  # 'Les Restos du Cœur - antenne de Guéret': where the body acts, no body
            prev = items[-1]
            items[-1] = ActorItem(prev.name, (prev.note + " " + raw).strip())
            continue
        for part in _coordinated(raw):
            for piece in _split_missing_comma(part):
                items.extend(_with_parentheses(piece))
    out: list[tuple[str, str]] = []
    for item in items:
        name = item.name
        for token in protected:
            name = name.replace(f" {token} ", " et ")
        name = _LEADING_CONJUNCTION.sub("", _strip_trailing_noise(_LEADING_NOISE.sub("", name)).strip())
        if _SHARED_HEAD.match(name) and out:
            # 'services du Département, de la Région' -> 'services de la Région'
            head = _COMPLEMENT.split(out[-1][0], maxsplit=1)[0]
            if head and head != out[-1][0] and len(head.split()) <= 3:
                name = f"{head} {name}".replace("' ", "'").replace("’ ", "’")
        if _QUOTED.fullmatch(name):
            name = name[1:-1].strip()
        elif name.count("«") != name.count("»"):
            name = name.strip(" «»")
        if len(name) > 1 and fold(name) and fold(name) not in ("etc", "et", "ou"):
            out.append((name, item.note))
    return tuple(out)


def _with_parentheses(part: str) -> list[ActorItem]:
    notes = _PAREN.findall(part)
    if not notes:
        return [ActorItem(part.strip())]
    head = clean_text(_PAREN.sub(" ", part)).strip(" ,")
    out: list[ActorItem] = []
    inner_items = []
    for note in notes:
        if ("," in note or ";" in note) and head and is_generic(head):
            inner = split_actor_list(note)
            if sum(1 for i in inner if org_evidence(i) >= 1 or is_generic(i)) * 2 > len(inner):
                inner_items.extend(inner)
    if inner_items:
        return [ActorItem(head)] + [ActorItem(i) for i in inner_items]
    if not head:
        return out
    head_toks = tokens(head)
    if (len(head_toks) == 1 and organisation_type(head) is not None and not is_acronym(head_toks[0][0])
            and len(notes) == 1 and org_evidence(notes[0]) and notes[0].strip()[:1].isupper()):
        return [ActorItem(f"{head} {notes[0].strip()}")]  # 'Association (IN'PACT)' -> 'Association IN'PACT'
    return [ActorItem(head, "; ".join(n.strip() for n in notes))]


def split_actor_list(text: str) -> list[str]:
    """Split a written list of organisations into names, dropping 'etc.', bullets, notes and empty items."""
    return [item.name for item in split_actor_items(text)]


def _luhn(digits: str) -> bool:
    total = 0
    for k, d in enumerate(reversed(digits)):
        v = int(d) * (2 if k % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


def siren_of(text: str) -> str | None:
    """The SIREN (nine digits) of a SIRET ('812 345 678 00012') or of a SIREN written in a cell, when its check
    digit holds (Luhn; La Poste's establishments, SIREN 356000000, use a digit sum instead), else None."""
    digits = re.sub(r"[\s.\u00a0\u202f-]", "", text or "")
    if not re.fullmatch(r"\d{9}|\d{14}", digits) or set(digits) == {"0"}:
        return None
    siren = digits[:9]
    if siren == "356000000":
        return siren if len(digits) == 9 or sum(int(d) for d in digits) % 5 == 0 else None
    return siren if _luhn(siren) and (len(digits) == 9 or _luhn(digits)) else None
