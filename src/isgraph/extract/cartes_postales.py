"""The "cartes postales" of the seminar on territorial social innovation (Parcs naturels régionaux, CCAS / CIAS).

A document is a PDF-to-text dump of one-page cards separated by lines starting with "+". Each card has a header
("Carte Postale pour le séminaire sur l'innovation sociale territoriale"), the name of the structure (Parc, CCAS...)
on its own line, and labelled boxes ("C'est quoi ?", "Le plus « social »", "Missions concernées", "Partenaires",
"Budget", "Contact", "Le défi à relever"). The PDF columns are scrambled: a label is often far from its value, or
several labels share one line ("Partenaires Budget"). So every value is typed by its content (a list of
organisations, an amount, contact lines, short topic lines...) and the labels are only hints.

Everything here keys on that structure and on the vocabularies of `src/isgraph/data/`; nothing is specific to one
card. Names are kept as written; canonical actors and territories are the resolve stage's business.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from isgraph.extract.amounts import Amount, find_amounts, has_currency, normalize_decimal
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import clean_text, fold, fold_parts, word_spans
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.base import Extractor
from isgraph.extract.common import (
    EMAIL_RE,
    PHONE_RE,
    URL_RE,
    CaselessPattern,
    compiled,
    find_persons,
    first_names,
    generic_heads,
    has_contact,
    is_acronym,
    is_generic,
    join_wrapped_lines,
    lines_holding,
    looks_like_person,
    org_evidence,
    organisation_type,
    person_from_email,
    phrase_spans,
    simple_case,
    lowered_text as _lowered_text,
    same_person,
    split_actor_items,
    split_actor_list,
    strip_contacts,
    text_cache,
    tokens,
)

# ---- labels of the card boxes ---------------------------------------------------------------------------------
# (kind, pattern, anywhere): "anywhere" labels are also split out of a line they are glued to ("GuiersLe défi").
_LABELS: list[tuple[str, re.Pattern[str], bool]] = [
    ("cestquoi", re.compile(r"C\s?['’]\s?est\s+quoi\s*\??", re.IGNORECASE), True),
    ("plus", re.compile(r"Le\s+plus\s+«\s*social\s*»?|Le\s+plus\s+social\b", re.IGNORECASE), True),
    ("missions", re.compile(r"Missions?\s+concern[ée]es?", re.IGNORECASE), True),
    ("defi", re.compile(r"(?:Les?\s+d[ée]fis?\s+[àa]\s+relev[ée]r?s?|(?<![\w(])D[ée]fis?\s+[àa]\s+relev[ée]s?)\s*:?"),
     True),
    ("defi", re.compile(r"Les\s+enjeux\s*\?"), True),
    ("financement", re.compile(
        r"^(?:Partenaires\s+financiers|Co-?financements?|Financements?|Financeurs?|Poste\s+financ[ée]\s+par"
        r"|Financ[ée]\s+par|Subventions?)\s*:?(?=\s|$)"), False),
    ("partenaires", re.compile(
        r"^Partenaires(?:\s+(?:techniques|territoriaux|sociaux|institutionnels|locaux|op[ée]rationnels|associ[ée]s))?"
        r"\s*(?::|$|(?=\s+Budget))"), False),
    ("budget", re.compile(r"^Budget(?:\s*:)?(?=\s|$|[A-Z])"), False),
    ("contact", re.compile(r"^Contacts?\b\s*:?"), False),
    ("illustration", re.compile(r"^Illustrations?\s*$"), False),
    ("details", re.compile(r"^Plus\s+d['’]\s*(?:infos?|informations?)\b|^Plus\s+de\s+d[ée]tails\s*:?", re.IGNORECASE),
     False),
    ("actions", re.compile(r"^(?:Actions|Objectifs?|Impacts?|Résultats)\s*:?\s*$"), False),
]


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern matching where any of these does (each keeps its own flags): a quick test before trying each."""
    assert all(p.flags & ~(re.IGNORECASE | re.UNICODE) == 0 for p in patterns)
    return re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in patterns))


_ANY_LABEL_ANYWHERE = _any_of([p for _, p, anywhere in _LABELS if anywhere])
_ANY_LABEL_AT_START = _any_of([p for _, p, anywhere in _LABELS if not anywhere])
_DEFI_NOTE = re.compile(r"^\s*\((?:d[ée]fi\s+[àa]\s+relever)\)\s*:?")
_LEADING_COLON = re.compile(r"^\s*:\s*")
_CONTACT_LABEL = re.compile(r"^Contacts?\s*:?\s*")
_PERSON_SEPARATOR = re.compile(r"\s*[,;/]\s*|\s+[-–]\s+|\s+et\s+")
_DASH_BULLET = re.compile(r"^\s*[-•·]")
_LEADING_NUMBER = re.compile(r"^\s*\d")
_SENTENCE_BREAK = re.compile(r"[a-zé]\.\s+[A-ZÉ]")
_LABEL_QUALIFIER = re.compile(r"^(?:techniques|territoriaux|sociaux|institutionnels|locaux|financiers)\s*:?\s*$")
_SEPARATOR_NOISE = re.compile(r"^[-–—_•.\s]*$")

# ---- content cues ------------------------------------------------------------------------------------------------
_POSTCODE_LINE = re.compile(r"^\d{5}\s+[A-ZÉ]")
_JOB_TITLE = re.compile(
    r"^(?:charg[ée]e?s?|responsables?|directeur|directrice|dir\.|animat(?:eur|rice)s?|coordinat(?:eur|rice)|chef|"
    r"cheffe|pr[ée]sident|pr[ée]sidente|vice-pr[ée]sidente?|assistante?|technicien(?:ne)?|agent|cog[ée]rant|"
    r"g[ée]rant|conseill[eè]re?|d[ée]l[ée]gu[ée]e?|ludoth[ée]caire|[ée]ducat(?:eur|rice)|m[ée]diat(?:eur|rice)|"
    r"secr[ée]taire|adjointe?|stagiaire|élue?|maire|communication)\b",
    re.IGNORECASE)
_SERVICE = re.compile(r"^(?:service|p[ôo]le|mission|direction|d[ée]partement\s+(?!de\b|du\b|des\b|d['’]))\b",
                      re.IGNORECASE)
_CONTACT_NOISE = re.compile(r"^(?:mail|e-mail|courriel|t[ée]l(?:[ée]phone)?|fax|port(?:able)?|site|web)\b\s*\.?\s*:?",
                            re.IGNORECASE)
_YEAR = re.compile(r"(?<![\d,.])(?:19[5-9]\d|20[0-3]\d)(?![\d,])")
# an infinitive opening a phrase ('Sensibiliser', 'Transmettre'): most -er words, and the common -ir / -re verbs
_INFINITIVE = re.compile(
    r"^(?:[A-ZÉÈÀ][a-zéèêàâîôûç]+(?<![il])er|(?:Accueillir|Agir|Choisir|Construire|Découvrir|Définir|Enrichir|"
    r"Établir|Etablir|Faire|Fournir|Garantir|Investir|Maintenir|Offrir|Ouvrir|Permettre|Prendre|Apprendre|"
    r"Comprendre|Produire|Promouvoir|Réduire|Rendre|Réunir|Réussir|Soutenir|Traduire|Transmettre|Vivre|Dire|"
    r"Accomplir|Conduire|Entretenir|Obtenir|Remplir|Revenir|Devenir|Resserrer|Rompre))$")
_VERB = re.compile(r"\b(?:a|ont|est|sont|s['’]est|été|sera|seront|permet|permettent|fait|font|peut|peuvent|"
                   r"agit|vise|visent|propose|proposent|contribue|organise|accueille)\b")
_FINANCIAL = re.compile(
    r"^(?:fonds\s+propres|autofinancement|subventions?|financements?|recettes|dons|emprunts?|pr[êe]ts?|apports?|"
    r"comptes?|actions?\b|b[ée]n[ée]volat|aides?\b|m[ée]c[ée]nat|cotisations?|participations?|levée)", re.IGNORECASE)
_NOMINALISATION = re.compile(r"^(?:mobilisation|implication|participation|soutien|appui|accompagnement|mise\s+à"
                             r"\s+disposition|aide)\s+(?:des?|du|de\s+la|de\s+l['’]|d['’])\s+", re.IGNORECASE)

# funding cues in running text: the group "who" is the funder list
_FUNDING_CUES = [
    re.compile(r"soutien[ts]?\s+financiers?\s+(?:reçus?\s+|apport[ée]s?\s+)?(?:de\s+la\s+part\s+)?"
               r"(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"financ[ée]e?s?\s+(?:[^.;\n]{0,40}?\s)?par\s+(?:par\s+)?(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"pris\s+en\s+charge\s+(?:[^.;\n]{0,20}?\s)?par\s+(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"subventionn[ée]e?s?\s+par\s+(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"subventions?\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"(?:avec\s+le\s+)?(?:soutien|concours)\s+financier\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*"
               r"(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"m[ée]c[èe]nes?\s*:?\s*(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"m[ée]c[ée]nat\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"pr[êe]ts?\s+(?:de\s+la|de\s+l['’]|des|du|de|d['’])\s*(?P<who>[^.;\n¶]+)", re.IGNORECASE),
    re.compile(r"contrat\s+de\s+d[ée]veloppement\s+(?:de\s+la|du|de\s+l['’])\s*(?P<who>r[ée]gion[^.;,\n¶(]*)",
               re.IGNORECASE),
]
# at least one of these words is in (the lowered text of) every match of the cue of the same rank: a quick test
_FUNDING_CUE_WORDS = [("soutien",), ("financ",), ("charge",), ("subvention",), ("subvention",), ("financier",),
                      ("cène", "cene"), ("cénat", "cenat"), ("prêt", "pret"), ("contrat",)]


def _funding_cue_matches(text: str):
    """(pattern, match) of every _FUNDING_CUES match in a text, pattern by pattern: the same as running each one,
    but a pattern none of whose words is in the text is not run (where re.IGNORECASE is plain comparison of
    lowered text, see common.SIMPLE_CASE_CHARS)."""
    low = text.lower() if simple_case(text) else None
    for pattern, words in zip(_FUNDING_CUES, _FUNDING_CUE_WORDS):
        if low is not None and not any(w in low for w in words):
            continue
        for m in pattern.finditer(text):
            yield pattern, m


# "<subject> a soutenu financièrement / a financé / a soutenu l'achat"
_SUBJECT_FUNDS = re.compile(
    r"(?P<who>(?:[Ll]e|[Ll]a|[Ll]['’])\s*[A-ZÉ][\w’'-]*(?:\s+[\w’'-]+){0,5}?)\s+(?:a|ont)\s+"
    r"(?:soutenu\s+financièrement|financ[ée]|cofinanc[ée]|subventionn[ée]|soutenu\s+l['’](?:achat|acquisition|"
    r"investissement|équipement))")
_BUDGET_OF = re.compile(r"\bBudget\s+(?P<who>[A-ZÉ][\w’'-]*(?:\s+(?:de\s+|du\s+|des\s+|d['’])?[A-ZÉ][\w’'-]*)*)")
_AMOUNT_TO = re.compile(r"(?P<amount>\d[\d  .,]*[ \t]*(?:k|K|M)?[ \t]*€)\s+(?:via\s+|de\s+la\s+part\s+)?"
                        r"(?P<who>(?:(?:le|la|les|l['’]|du|de\s+la|des)\s*)?[A-ZÉ][\w’'-]*"
                        r"(?:\s+(?:de\s+|du\s+|des\s+|d['’])?[A-ZÉ][\w’'-]*)*)")
_EU_PROGRAMMES = re.compile(r"\b(LEADER|Leader|FEDER|FEADER|FSE|INTERREG|Interreg)\b")
_PARTNER_CUES = re.compile(
    r"(?:en\s+partenariat\s+avec|avec\s+l['’]appui\s+d[eu]s?|avec\s+le\s+soutien\s+d[eu]s?|repris\s+par|"
    r"sensibilisation\s+avec|en\s+lien\s+avec|accompagn[ée]e?s?\s+par|anim[ée]e?s?\s+par|assur[ée]e?s?\s+par|"
    r"\bavec)\s+(?P<who>(?:le|la|les|l['’]|des|du|de\s+la)?\s*[^.;:\n¶]{2,80})",
    re.IGNORECASE)
_PORTEUR_NOTE = re.compile(r"\bporteur|\bcoordinat", re.IGNORECASE)
_LOCAL_ORG = re.compile(
    r"^(?:CCAS|CIAS|Commune|Ville|Mairie|Municipalit[ée]|Conseil\s+d[ée]partemental|Conseil\s+g[ée]n[ée]ral|"
    r"D[ée]partement|R[ée]gion|Conseil\s+r[ée]gional|Communaut[ée]\s+de\s+communes|Communaut[ée]\s+d['’]"
    r"agglom[ée]ration|M[ée]tropole|Office\s+de\s+tourisme|Centre\s+social)\s+(?:(?:de\s+la|des|du|de|en)\s+|"
    r"(?:de\s+l|d)['’]\s*)?(?P<place>.+)$", re.IGNORECASE)
_STRUCTURE_TYPES = {"parc", "ccas", "commune", "epci", "collectivite", "syndicat-mixte"}
_PARC_WORDS = {"parc", "pnr", "naturel", "regional", "parcs", "pnrs", "syndicat", "mixte", "sm", "de", "du", "des",
               "la", "le", "les", "l", "d", "et", "en"}


# ---- pieces, blocks, segments ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class Piece:
    """A line, or the part of a line on one side of a label."""

    no: int  # 1-based line number in the document
    raw: str
    label: str | None = None  # label kind when this piece is a label
    header: bool = False
    text: str = field(init=False, repr=False, compare=False)  # clean_text(raw) (raw is never changed)

    def __post_init__(self) -> None:
        self.text = clean_text(self.raw)


@dataclass
class Segment:
    """A label (or nothing) and the content pieces that follow it in the same paragraph."""

    label: str | None
    label_piece: Piece | None
    pieces: list[Piece]
    block: int  # index of the paragraph (blank-line separated block) it comes from

    @property
    def text(self) -> str:
        return "\n".join(p.raw for p in self.pieces)

    @property
    def clean(self) -> str:
        try:
            return self._clean
        except AttributeError:  # first use, once read (the pieces do not change then)
            self._clean: str = clean_text(" ".join(p.text for p in self.pieces))
            return self._clean

    @property
    def first(self) -> int:
        return self.pieces[0].no if self.pieces else (self.label_piece.no if self.label_piece else 0)


def _split_labels(no: int, raw: str) -> list[Piece]:
    """Cut a line into label pieces and content pieces ('Partenaires Budget', 'GuiersLe défi à relever')."""
    return [Piece(no, text, label=label) for text, label in _label_parts(raw)]


@text_cache(1 << 15)
def _label_parts(raw: str) -> tuple[tuple[str, str | None], ...]:
    """(text, label kind or None) of the pieces of a line (see _split_labels)."""
    text = raw.rstrip("\n")
    if not text.strip():
        return (("", None),)
    # labels glued anywhere in the line
    for kind, pattern, anywhere in (_LABELS if _ANY_LABEL_ANYWHERE.search(text) else ()):
        if not anywhere:
            continue
        m = pattern.search(text)
        if m:
            before, after = text[: m.start()], text[m.end():]
            out = list(_label_parts(before)) if before.strip() else []
            out.append((m.group(0).strip(), kind))
            after = _DEFI_NOTE.sub("", after)  # "C'est quoi? (défi à relever) :"
            after = _LEADING_COLON.sub("", after)
            if after.strip():
                out.extend(_label_parts(after))
            return tuple(out)
    stripped = text.strip()
    for kind, pattern, anywhere in (_LABELS if _ANY_LABEL_AT_START.match(stripped) else ()):
        if anywhere:
            continue
        m = pattern.match(stripped)
        if m:
            after = stripped[m.end():]
            out = [(m.group(0).strip(), kind)]
            after_s = _LEADING_COLON.sub("", after)
            if after_s.strip():
                rest = _label_parts(after_s)
                if kind == "budget" and rest and rest[0][1] is None and not any(label for _, label in rest):
                    rest = ((stripped, None),)  # keep "Budget séjour : 4 500 €" whole as the budget phrase
                out.extend(rest)
            return tuple(out)
    return ((text, None),)


_HEADER_HINT = re.compile(r"carte\s+postale", re.IGNORECASE)


_last_hint_lines: tuple[list[str], set[int] | None] | None = None


def _hint_lines(doc_lines: list[str]) -> set[int] | None:
    """The lines where _HEADER_HINT may match (None: any line), computed once per document."""
    global _last_hint_lines
    if _last_hint_lines is None or _last_hint_lines[0] is not doc_lines:
        _last_hint_lines = (doc_lines, lines_holding(doc_lines, ("carte",)))
    return _last_hint_lines[1]


def _header_key(doc_lines: list[str]) -> str:
    """The folded text of the card header as the document writes it (most common 'Carte postale' + next line)."""
    found = Counter()
    hints = _hint_lines(doc_lines)
    for i, line in enumerate(doc_lines):
        if (hints is None or i in hints) and _HEADER_HINT.search(line):
            nxt = next((ln for ln in doc_lines[i + 1 : i + 4] if ln.strip()), "")
            found[fold(line[_HEADER_HINT.search(line).start():] + " " + nxt)] += 1
    return found.most_common(1)[0][0] if found else ""


def _card_spans(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) 1-based spans of the cards: a line starting with '+' after a page break (two blank lines, or the
    start of the file) opens a card; a bare '+' always does. Cards with no text are dropped."""
    starts = []
    for i, line in enumerate(lines):
        s = line.lstrip()
        if not s.startswith("+"):
            continue
        blanks = 0
        j = i - 1
        while j >= 0 and not lines[j].strip():
            blanks += 1
            j -= 1
        if s.strip() == "+" or blanks >= 2 or j < 0:
            starts.append(i)
    if not starts:
        # no '+' separators (another converter): page breaks or three blank lines separate the cards
        starts = [i for i, line in enumerate(lines) if line.startswith("\f") or (
            line.strip() and i >= 3 and not any(ln.strip() for ln in lines[i - 3 : i]))]
        if starts and starts[0] != 0 and any(ln.strip() for ln in lines[: starts[0]]):
            starts.insert(0, 0)
    spans = []
    for k, i in enumerate(starts):
        end = (starts[k + 1] - 1) if k + 1 < len(starts) else len(lines) - 1
        body = [ln for ln in lines[i : end + 1]]
        body[0] = body[0].lstrip().lstrip("+\f")
        if any(ln.strip() for ln in body):
            spans.append((i + 1, end + 1))
    if starts and starts[0] > 0 and any(ln.strip() for ln in lines[: starts[0]]):
        spans.insert(0, (1, starts[0]))
    return spans


# ---- the card ---------------------------------------------------------------------------------------------------
@dataclass
class ListItem:
    name: str
    line: int
    note: str = ""
    evidence: int = 0


@dataclass
class Card:
    doc: SourceDocument
    start: int
    end: int
    header_key: str
    pieces: list[Piece] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    structure_segment: Segment | None = None
    _positions: dict[int, tuple[Segment, int]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._read_pieces()
        self._segment()

    def position(self, seg: Segment) -> int:
        """`self.segments.index(seg)`, computed once per segment (the segments do not change once read)."""
        known = self._positions.get(id(seg))
        if known is None or known[0] is not seg:
            known = self._positions[id(seg)] = (seg, self.segments.index(seg))
        return known[1]

    # -- reading ------------------------------------------------------------------------------------------------
    def _read_pieces(self) -> None:
        pieces: list[Piece] = []
        header_left = ""
        hints = _hint_lines(self.doc.lines) if self.header_key else set()
        for no in range(self.start, self.end + 1):
            raw = self.doc.line(no)
            if no == self.start:
                raw = raw.lstrip().lstrip("+")
                raw = raw[1:] if raw.startswith(" ") else raw
            if _SEPARATOR_NOISE.match(raw) and raw.strip():
                pieces.append(Piece(no, ""))  # a lone "-" (an empty box) separates paragraphs
                continue
            m = _HEADER_HINT.search(raw) if hints is None or no - 1 in hints else None
            if m and self.header_key:
                before = raw[: m.start()]
                if before.strip():
                    pieces.extend(_split_labels(no, before))
                pieces.append(Piece(no, raw[m.start():], header=True))
                header_left = self.header_key
                consumed = fold(raw[m.start():])
                header_left = header_left[len(consumed):].strip() if header_left.startswith(consumed) else ""
                continue
            if header_left and raw.strip():
                f = fold(raw)
                if f and header_left.startswith(f):
                    pieces.append(Piece(no, raw, header=True))
                    header_left = header_left[len(f):].strip()
                    continue
                header_left = ""
            pieces.extend(_split_labels(no, raw))
        # "Partenaires\ntechniques": the qualifier on the next line belongs to the label
        for i in range(len(pieces) - 1):
            if pieces[i].label == "partenaires" and _LABEL_QUALIFIER.match(pieces[i + 1].raw.strip()):
                pieces[i + 1].label = "partenaires"
        self.pieces = pieces

    def _segment(self) -> None:
        # paragraphs
        blocks: list[list[Piece]] = []
        current: list[Piece] = []
        for p in self.pieces:
            if not p.raw.strip():
                if current:
                    blocks.append(current)
                    current = []
                continue
            current.append(p)
        if current:
            blocks.append(current)
        # a paragraph broken by a blank line in the middle of a phrase is one paragraph
        merged: list[list[Piece]] = []
        for b in blocks:
            if merged and self._continues(merged[-1][-1], b[0]):
                merged[-1].extend(b)
            else:
                merged.append(b)
        segments: list[Segment] = []
        for bi, b in enumerate(merged):
            seg = Segment(None, None, [], bi)
            for p in b:
                if p.header:
                    if seg.pieces or seg.label:
                        segments.append(seg)
                    segments.append(Segment("header", p, [], bi))
                    seg = Segment(None, None, [], bi)
                elif p.label:
                    if seg.pieces or seg.label:
                        segments.append(seg)
                    seg = Segment(p.label, p, [], bi)
                else:
                    seg.pieces.append(p)
            if seg.pieces or seg.label:
                segments.append(seg)
        self.segments = segments

    @staticmethod
    def _continues(prev: Piece, nxt: Piece) -> bool:
        if prev.label or nxt.label or prev.header or nxt.header:
            return False
        p, n = prev.raw.rstrip(), nxt.raw.strip()
        if not p or not n:
            return False
        if n[:1].islower():
            return True
        if re.search(r"(?:\b(?:de|du|des|d['’]|la|le|les|l['’]|aux?|à|en|et|ou|par|pour|sur|avec|dont)|[,(«])$",
                     p, re.IGNORECASE):
            return True
        return bool(re.search(r"\w-$", p))

    # -- views --------------------------------------------------------------------------------------------------
    @property
    def content_segments(self) -> list[Segment]:
        return [s for s in self.segments if s.pieces and s.label != "header"]

    def governing_label(self, seg: Segment) -> str | None:
        """The label of a segment: its own, or a lone label paragraph just before it (not a row of labels)."""
        if seg.label:
            return seg.label
        i = self.position(seg)
        labels = []
        j = i - 1
        while j >= 0 and not self.segments[j].pieces and self.segments[j].label not in (None, "header"):
            labels.append(self.segments[j].label)
            j -= 1
        if len(labels) == 1:
            return labels[0]
        return None

    def header_index(self) -> list[int]:
        return [i for i, s in enumerate(self.segments) if s.label == "header"]


# ---- the extractor -----------------------------------------------------------------------------------------------
_CARTE_POSTALE = CaselessPattern(r"carte\s+postale", r"carte\s+postale")
_LABEL_CUES = [CaselessPattern(p, lowered) for p, lowered in (
    (r"C['’]\s?est\s+quoi", r"c['’]\s?est\s+quoi"), (r"Le\s+plus\s+«\s*social", r"le\s+plus\s+«\s*social"),
    (r"Missions\s+concern[ée]es", r"missions\s+concern[ée]es"), (r"d[ée]fis?\s+[àa]\s+relever", r"d[ée]fis?\s+[àa]\s+relever"),
    (r"^\s*Partenaires\b", r"^\s*partenaires\b"), (r"^\s*Budget\b", r"^\s*budget\b"), (r"^\s*Contacts?\b", r"^\s*contacts?\b"))]


class CartesPostalesExtractor(Extractor):
    family = "cartes-postales"
    label = "Cartes postales du séminaire sur l'innovation sociale territoriale (Parcs, CCAS / CIAS)"

    @classmethod
    def recognise(cls, doc: SourceDocument) -> float:
        text = doc.text
        headers = _CARTE_POSTALE.count(text)
        plus = sum(1 for ln in doc.lines if ln.lstrip().startswith("+"))
        labels = sum(p.count(text) for p in _LABEL_CUES)
        labels += len(re.findall(r"(?m)^\s*(?:Partenaires|Budget|Contacts?)\b", text))
        score = 0.0
        if headers:
            score += 0.3 + 0.2 * min(1.0, headers / 5)
        if plus:
            score += 0.15 * min(1.0, plus / max(3, headers or 3))
        score += 0.35 * min(1.0, labels / 20)
        if not headers and plus < 3:
            score = min(score, 0.25)
        return round(min(1.0, score), 3)

    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]:
        key = _header_key(doc.lines)
        cards = [Card(doc, s, e, key) for s, e in _card_spans(doc.lines)]
        cards = self._merge_fragments(cards)
        reader = _DocumentReader(doc, cards)
        return [reader.record(card) for card in cards]

    @staticmethod
    def _merge_fragments(cards: list[Card]) -> list[Card]:
        """A span with no label, header nor contact is a fragment of the card before it."""
        out: list[Card] = []
        for card in cards:
            has_structure = any(s.label for s in card.segments)
            if out and not has_structure:
                prev = out[-1]
                out[-1] = Card(prev.doc, prev.start, card.end, prev.header_key)
            else:
                out.append(card)
        return out


# ---- reading one card, with the document around it --------------------------------------------------------------------
class _DocumentReader:
    def __init__(self, doc: SourceDocument, cards: list[Card]):
        self.doc = doc
        self.cards = cards
        self.structures = {id(c): self._structure(c) for c in cards}
        self._keys: dict[int, set[str]] = {}  # id(card) -> contact keys (the cards live as long as the reader)
        self.parcs = self._document_parcs()
        self._keep = self._keep_phrases()

    # ---- structure (the Parc / CCAS the card is about) ----------------------------------------------------------
    def _structure(self, card: Card) -> list[tuple[str, int]]:
        """The structure named on its own line next to the header or at the top of the card."""
        segs = card.segments
        candidates: list[int] = []
        first_label = next((i for i, s in enumerate(segs) if s.label not in (None, "header")), len(segs))
        content_idx = [i for i, s in enumerate(segs[:first_label]) if s.pieces and s.label is None]
        candidates.extend(content_idx[:2])
        for h in card.header_index():
            for d in (1, 2, -1, -2):
                k = h + d
                if 0 <= k < len(segs) and segs[k].pieces and segs[k].label is None:
                    candidates.append(k)
        seen = set()
        for k in candidates:
            if k in seen:
                continue
            seen.add(k)
            name = self._structure_name(segs[k])
            if name:
                card.structure_segment = segs[k]
                return [(n, segs[k].first) for n in _distribute(name)]
        return []

    @staticmethod
    def _structure_name(seg: Segment) -> str | None:
        if len(seg.pieces) > 4:
            return None
        text = clean_text(" ".join(p.text for p in seg.pieces))
        text = re.sub(r"^[A-Z]{1,3}\s+(?=(?:Parc|PNR|CCAS|CIAS)\b)", "", text)  # 'PP  Parc naturel...' (logo noise)
        if not text or len(text.split()) > 12 or text.endswith((".", ":", ",", ";")) or re.search(r"\d{3,}", text):
            return None
        toks = tokens(text)
        if not toks:
            return None
        lead = _leading_type(text)
        if lead not in _STRUCTURE_TYPES:
            return None
        if any(has_contact(p.raw) for p in seg.pieces):
            return None
        return text

    def _document_parcs(self) -> list[str]:
        """Every Parc named in the document (structures and 'PNR de X' / 'Parc naturel régional de X' mentions)."""
        names: list[str] = []
        for card in self.cards:
            for name, _ in self.structures[id(card)]:
                if _leading_type(name) == "parc":
                    names.append(name)
        for m in re.finditer(r"\b(?:PNR|Parc\s+naturel\s+r[ée]gional|Parc)\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?"
                             r"[A-ZÉ][\w’'-]+(?:\s+(?:de\s+|du\s+|des\s+|d['’]|en\s+|et\s+)?[A-ZÉ][\w’'-]+)*",
                             self.doc.text):
            names.append(clean_text(m.group(0)))
        out = []
        for n in names:
            if n not in out and _parc_core(n) and _pnr_of(n) is not None:
                out.append(n)
        return out

    def _keep_phrases(self) -> tuple[str, ...]:
        """Names that contain 'et' but must not be split: the document's Parcs and their proper names."""
        phrases = []
        for name in self.parcs:
            phrases.append(name)
            core = re.sub(r"^(?:(?:Parc|PNR)(?:\s+naturel)?(?:\s+r[ée]gional)?\s*(?:de\s+la|de\s+l['’]|des|du|de|d['’])?\s*)",
                          "", name, flags=re.IGNORECASE)
            phrases.append(core)
        return tuple(p for p in phrases if re.search(r"\s(?:et|&)\s", p))

    def _contact_keys(self, card: Card) -> set[str]:
        """_contact_keys(card), computed once per card."""
        keys = self._keys.get(id(card))
        if keys is None:
            keys = self._keys[id(card)] = _contact_keys(card)
        return keys

    def _inherited_structure(self, card: Card) -> list[tuple[str, int]]:
        """A card without a structure name takes the one of a card sharing its e-mail address or phone number."""
        keys = self._contact_keys(card)
        if not keys:
            return []
        for other in self.cards:
            if other is card or not self.structures[id(other)]:
                continue
            if keys & self._contact_keys(other):
                return [(name, card.start) for name, _ in self.structures[id(other)]]
        return []

    def _parc_of_text(self, card: Card) -> str | None:
        """The Parc a card refers to as 'le Parc' when it does not name it: a document Parc whose proper name
        appears in the card ('villages de Chartreuse')."""
        text = fold_parts(p.text for p in card.pieces if not p.header)
        best = None
        for name in self.parcs:
            core = _parc_core(name)
            if core and word_spans(text, core):
                if best is None or len(name) > len(best):
                    best = name
        return best

    # ---- the record ---------------------------------------------------------------------------------------------
    def record(self, card: Card) -> InitiativeRecord:
        structure = self.structures[id(card)] or self._inherited_structure(card)
        contacts = _ContactReader(card)
        persons = contacts.persons
        rec = InitiativeRecord(doc=self.doc.name, title="", start=card.start, end=card.end)
        parc = next((n for n, _ in structure if _leading_type(n) == "parc"), None)
        parc_ref = parc or self._parc_of_text(card)

        lists = _ListReader(card, contacts, persons, self._keep)
        exclude = set(lists.list_segments) | {id(s) for s in card.segments
                                              if any((p.no, p.text) in contacts.contact_lines for p in s.pieces)}
        title = _title(card, structure, exclude)
        rec.title = title

        # porteurs: the structure, the organisations of the contact box, items noted as "porteur"
        porteurs: list[Mention] = [Mention(n, line) for n, line in structure]
        named = _is_a_name(card)
        if named:
            porteurs.append(Mention(*named))
        for name, line in contacts.organisations:
            if not _self_reference(name, porteurs, title):
                porteurs.append(Mention(name, line))
        for item in lists.porteur_items:
            if not _self_reference(item.name, porteurs, title):
                porteurs.append(Mention(item.name, item.line))
        demoted: list[Mention] = []
        for name, line in _porteur_cues(card, contacts):
            if fold(name) in ("parc", "pnr") or _leading_type(name) == "parc" and not _is_other_parc(name, parc):
                if not parc and parc_ref:
                    porteurs.append(Mention(parc_ref, line))
                continue
            known = next((m for m in porteurs if _same_actor(name, m.name) or fold(m.name).startswith(fold(name))), None)
            if known is None:
                porteurs.append(Mention(name, line))
            # the card's Parc only supports an initiative another organisation carries: a partner
            if parc and _leading_type(name) != "parc":
                demoted.extend(m for m in porteurs if m.name == parc and m not in demoted)
        if demoted and all(m in demoted for m in porteurs):
            demoted = []
        porteurs = [m for m in porteurs if m not in demoted]

        # funders
        budget = _BudgetReader(card)
        fundings = _fundings(card, lists, budget, contacts)
        fundings = [_resolve_reference_funding(f, parc_ref, porteurs, lists.items, card) for f in fundings]
        fundings = _dedupe_fundings(f for f in fundings if f is not None and not _is_person(f.funder, persons))

        # partners
        partners: list[Mention] = []
        generics: list[Mention] = []
        for item in lists.partner_items + _partner_cues(card, contacts):
            name = item.name
            if _is_person(name, persons) or _self_reference(name, porteurs, title):
                continue
            acronyms = [o for o, _ in tokens(name) if is_acronym(o)]
            if acronyms and org_evidence(name) < 2 and all(_self_reference(a, porteurs) for a in acronyms):
                continue  # 'Création spécifique du PNRLAT' is the Parc itself
            if _NOMINALISATION.match(name):
                name = _NOMINALISATION.sub("", name)
            target = generics if is_generic(name) else partners
            if not any(_same_actor(name, m.name) for m in partners + generics):
                target.append(Mention(name, item.line))
        for item in lists.generic_from_funding:
            if not any(_same_actor(item.name, m.name) for m in partners + generics):
                generics.append(Mention(item.name, item.line))
        for m in demoted:
            if not any(_same_actor(m.name, o.name) for o in partners):
                partners.insert(0, m)
        # a card that is not the Parc's but works with "le Parc": the Parc is a partner (unless it funds)
        if parc_ref and not any(_leading_type(m.name) == "parc" for m in porteurs) and \
                not any(_same_actor(parc_ref, f.funder) for f in fundings) and \
                not any(_same_actor(parc_ref, o.name) for o in partners) and _mentions_parc(card):
            partners.append(Mention(parc_ref, card.start))

        rec.porteurs = _dedupe_mentions(porteurs)
        rec.partenaires = partners
        rec.partenaires_generiques = generics
        rec.financements = fundings
        rec.budget, rec.budget_text, rec.budget_period = budget.main()
        rec.missions = _missions(card, lists, contacts, title)
        rec.personnes = persons
        rec.territoires = _territories(card, rec, parc, contacts, parc_ref)
        for item in lists.places:
            if not any(fold(item.name) == fold(t.name) for t in rec.territoires):
                rec.territoires.append(Mention(item.name, item.line))
        rec.annee = _years(card, contacts)
        rec.text = _card_text(card, contacts, persons)
        rec.description = _description(card, persons)
        if rec.description and len(fold(rec.description).split()) < len(fold(rec.title).split()) + 4 and \
                fold(rec.description).startswith(fold(rec.title)[:40]):
            rec.description = None  # the box holds only the title
        return rec


def _description(card: Card, persons: list[str]) -> str | None:
    """The card's own summary: the text of its "C'est quoi ?" box (or of the paragraph right below an empty one),
    as written, without contacts; None when the card has no such box."""
    segs = card.segments
    for i, seg in enumerate(segs):
        if seg.label != "cestquoi":
            continue
        cand = seg if seg.pieces else next((s for s in segs[i + 1 : i + 2] if s.pieces and s.label is None), None)
        if cand is None:
            return None
        text = strip_contacts(cand.clean)
        for person in persons:
            text = _replace_spans(text, phrase_spans(text, person, any_spaces=False), " ")
        text = clean_text(text)
        if len(text) > 600:  # whole sentences up to about 600 characters
            cut = max(text.rfind(". ", 0, 600), text.rfind("! ", 0, 600))
            text = text[: cut + 1] if cut > 80 else text[:600].rsplit(" ", 1)[0] + " …"
        return text if len(text.split()) >= 4 else None
    return None


_PORTEUR_VERB = (r"(?:a|ont)\s+(?:d[ée]velopp[ée]|cr[ée][ée]|constitu[ée]|mis\s+en\s+place|lanc[ée]|ouvert|initi[ée]"
                 r"|con[çc]u|organis[ée])|organise|porte|g[èe]re|pilote")
_PORTEUR_SUBJECT = re.compile(
    r"(?:^|[.;:!?]\s+|\s)(?:[Ll]e|[Ll]a|[Ll]['’])\s*(?P<type>[A-Za-zÉé][\w’'-]*(?:\s+[\w’'-]+){0,3}?)"
    r"(?:\s*«\s*(?P<q>[^»]{2,60}?)\s*»)?\s+(?:" + _PORTEUR_VERB + r")\b")
_CARRIED_BY = re.compile(r"\bport[ée]e?s?\s+par\s+(?P<who>(?:le|la|les|l['’])?\s*[^.;,\n¶]{2,80})", re.IGNORECASE)


def _porteur_cues(card: Card, contacts: "_ContactReader") -> list[tuple[str, int]]:
    """'le centre social a développé ...', 'Le centre social « Les Amis des Bauges » organise ...', 'porté par le Parc'."""
    joined, index = _card_flat(card, contacts)
    flat = joined.replace("\n", " ")
    out: list[tuple[str, int]] = []
    for m in _PORTEUR_SUBJECT.finditer(flat):
        typ = m.group("type")
        if _leading_type(typ) is None and not is_generic(typ):
            continue
        if fold(typ).split()[0] in generic_heads():
            continue  # 'les habitants organisent' is not an organisation
        name = m.group("q") or typ
        out.append((clean_text(name), _line_at(index, m.start())))
    for m in _CARRIED_BY.finditer(flat):
        who = m.group("who")
        name = _named_organisation(who)
        if name is None and re.match(r"^(?:le|la|l['’])\s*(?:Parc|PNR)\b", who.strip()):
            name = "Parc"
        if name:
            out.append((name, _line_at(index, m.start())))
    return out


def _is_other_parc(name: str, parc: str | None) -> bool:
    core = _parc_core(name)
    return bool(core) and bool(parc) and core not in fold(parc) and fold(parc) not in fold(name)


def _mentions_parc(card: Card) -> bool:
    text = " ".join(p.text for p in card.pieces if not p.header)
    return bool(re.search(r"\b(?:le|du|au|les|des)\s+(?:Parcs?\b|parc\b(?!\s+(?:de|d['’]|des)\b))|\bPNR\b", text))


# ---- helpers on names ----------------------------------------------------------------------------------------------
@text_cache(50000)
def _leading_type(name: str) -> str | None:
    """Organisation type of a name only when the marker opens the name ('Parc du Pilat', not 'Ludothèque du Parc')."""
    from isgraph.extract.common import _content_tokens, _markers_by_first_word, _starts_with

    toks = _content_tokens(name)
    if not toks:
        return None
    for phrase, code in _markers_by_first_word().get(toks[0][1], ()):
        if _starts_with(toks, phrase):
            return code
    return None


@lru_cache(maxsize=1 << 14)
def _pnr_of(name: str):
    """The Parc naturel régional a name resolves to in the gazetteer (None without one, or for other places)."""
    try:
        from isgraph.resolve import territories as terr

        t = terr.resolve(name, allow_lieu=False)
    except Exception:  # noqa: BLE001 - the gazetteer is optional here
        return None
    return t if t is not None and t.kind == "pnr" else None


def _parc_core(name: str) -> str:
    """Folded proper part of a Parc name: 'Parc naturel régional de la Montagne de Reims' -> 'montagne de reims'."""
    words = fold(name).split()
    i = 0
    while i < len(words) and words[i] in _PARC_WORDS:
        i += 1
    return " ".join(words[i:])


def _parc_core_written(name: str) -> str:
    """'Parc naturel régional du Massif des Bauges' -> 'Massif des Bauges' (as written)."""
    return re.sub(r"^(?:(?:Parc|PNR)(?:\s+naturel)?(?:\s+r[ée]gional)?\s*[-–]?\s*(?:de\s+la|de\s+l['’]|des|du|de|d['’])?\s*)",
                  "", name.strip(), flags=re.IGNORECASE).strip()


def _initials(text: str) -> str:
    return "".join(w[0] for w in fold(text).split() if w not in _PARC_WORDS and not w.isdigit())


def _self_reference(name: str, porteurs: list[Mention], title: str = "") -> bool:
    """'PNRSE', 'le PNRQ', 'SMPNRA', 'le Parc', 'ACSSQ – Centre Social' name a porteur already listed."""
    f = fold(name)
    if f in ("parc", "le parc", "pnr", "le pnr", "la structure", "ccas", "cias") and porteurs:
        return bool(porteurs) and f not in ("ccas", "cias") or any(fold(p.name).startswith(f) for p in porteurs)
    for p in porteurs:
        if _same_actor(name, p.name):
            return True
        if len(f.split()) >= 2 and fold(p.name).startswith(f + " ") and organisation_type(name) is not None:
            return True  # 'Maison de l'emploi' in the list of 'Maison de l'emploi de Cugnaux'
    compact = re.sub(r"[^A-Za-z]", "", name)
    if is_acronym(compact) and len(tokens(name)) <= 2:
        acro = re.sub(r"^(?:le|la|les)\s+", "", name.strip(), flags=re.IGNORECASE).upper().replace("'", "")
        acro = re.sub(r"[^A-Z]", "", acro)
        for p in porteurs:
            if _leading_type(p.name) == "parc":
                ini = _initials(p.name).upper()
                for prefix in ("PNR", "SMPNR", "SMPNR", "SYMPNR", "PNRS"):
                    if acro == prefix + ini or (acro == prefix and prefix in ("PNR",)):
                        return True
            ini_all = "".join(w[0] for w in fold(p.name).split() if w not in ("de", "du", "des", "la", "le", "les",
                                                                                  "l", "d", "et")).upper()
            if len(acro) >= 3 and (acro == ini_all or p.name.upper().find(acro) >= 0 and len(acro) >= 4):
                return True
        if title and len(acro) >= 2:
            ini_title = "".join(w[0] for w in fold(title).split() if len(w) > 3).upper()
            if acro == ini_title or (len(acro) >= 3 and acro in ini_title):
                return True
    return False


def _actor_words(name: str) -> list[str]:
    words = []
    for w in fold(name).split():
        if w in ("l", "d", "la", "le", "les", "de", "du", "des", "et", "naturel", "regional"):
            continue
        words.append("parc" if w in ("pnr", "pnrs") else w)
    return words


@lru_cache(maxsize=1)
def _type_words() -> frozenset[str]:
    from isgraph.extract.common import generic_types, org_type_markers

    words = set(generic_heads())
    for phrase, _ in org_type_markers():
        words.update(phrase)
    for phrase in generic_types():
        words.update(phrase)
    return frozenset(words)


def _same_actor(a: str, b: str) -> bool:
    fa, fb = _actor_words(a), _actor_words(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    sa, sb = set(fa), set(fb)
    small, big = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
    if len(small) >= 2 and small <= big:
        # 'ACSSQ – Centre Social' / 'Centre social du Queyras ACSSQ'; but not 'Conseil Régional' / 'Conseil
        # Régional Centre-Val de Loire' unless the smaller one has a proper name
        return any(is_acronym(o) or (o[:1].isupper() and f not in _PARC_WORDS and f not in _type_words())
                   for o, f in tokens(a if set(fa) == small else b))
    return False


def _is_person(name: str, persons: list[str]) -> bool:
    return looks_like_person(name) or any(same_person(name, p) for p in persons)


def _distribute(name: str) -> list[str]:
    """'CCAS et Ville d'Amiens' -> ['CCAS d'Amiens', 'Ville d'Amiens']; other names unchanged."""
    m = re.match(r"^(?P<a>CCAS|CIAS|Mairie|Ville|Commune)\s+(?:et|&)\s+(?P<b>.+?)\s+(?P<place>(?:de\s+la\s+|de\s+l['’]|"
                 r"des\s+|du\s+|de\s+|d['’])[A-ZÉ].*)$", name)
    if m:
        return [f"{m.group('a')} {m.group('place')}".replace("' ", "'"), f"{m.group('b')} {m.group('place')}"]
    return [name]


def _dedupe_mentions(mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if not any(fold(m.name) == fold(o.name) or _same_actor(m.name, o.name) for o in out):
            out.append(m)
    return out


def _contact_keys(card: Card) -> set[str]:
    keys = set()
    for p in card.pieces:
        for m in EMAIL_RE.finditer(p.raw):
            keys.add(m.group(0).lower())
        for m in PHONE_RE.finditer(p.raw):
            keys.add(re.sub(r"\D", "", m.group(0)))
    return keys


# ---- contacts ----------------------------------------------------------------------------------------------------
class _ContactReader:
    """Contact boxes: persons (kept out of the graph), their organisations, e-mails, phones, addresses."""

    def __init__(self, card: Card):
        self.card = card
        self.contact_lines: set[tuple[int, str]] = set()
        self.organisations: list[tuple[str, int]] = []
        self.services: list[str] = []
        self.persons: list[str] = []
        self.flat: tuple[str, list[tuple[int, int]]] | None = None  # see _card_flat
        self._read()

    @staticmethod
    @text_cache(1 << 15)
    def is_contactish(text: str) -> bool:
        t = clean_text(text)
        return bool(has_contact(t) or _POSTCODE_LINE.match(t) or _CONTACT_NOISE.match(t)
                     or _ContactReader._person_line(t) or URL_RE.search(t))

    @staticmethod
    @text_cache(1 << 15)
    def _person_line(t: str) -> str | None:
        t = _CONTACT_LABEL.sub("", t)
        head = _PERSON_SEPARATOR.split(t, maxsplit=1)[0].strip()
        if looks_like_person(head):
            return head
        words = head.split()
        for n in (4, 3, 2):  # 'Sophie Badoil Chargée de mission'
            if len(words) > n and (_JOB_TITLE.match(" ".join(words[n:])) or words[n][:1].islower()) and \
                    looks_like_person(" ".join(words[:n])):
                return " ".join(words[:n])
        return None

    def _read(self) -> None:
        segs = self.card.segments
        zone_segments: list[Segment] = []
        for i, seg in enumerate(segs):
            if seg.label == "contact":
                zone_segments.append(seg)
                # a lone "Contact" label: the next paragraph(s) when they are contact-like
                k = i + 1
                taken = 0
                while k < len(segs) and segs[k].label is None and taken < 3:
                    nxt = segs[k]
                    if not nxt.pieces:
                        break
                    if taken == 0 and not seg.pieces and self._org_block(nxt):
                        zone_segments.append(nxt)
                    elif any(self.is_contactish(p.text) for p in nxt.pieces):
                        zone_segments.append(nxt)
                    else:
                        break
                    taken += 1
                    k += 1
            elif seg.pieces and seg.label in (None, "missions", "details") and \
                    any(has_contact(p.raw) for p in seg.pieces):
                zone_segments.append(seg)
        seen = set()
        for seg in zone_segments:
            if id(seg) in seen:
                continue
            seen.add(id(seg))
            self._read_zone(seg)
        # persons anywhere: 'Prénom NOM' is unambiguous; e-mail addresses 'prenom.nom@'
        for p in self.card.pieces:
            if p.header:
                continue
            for name in find_persons(p.raw):
                if _strong_person(name) or (p.no, p.text) in self.contact_lines:
                    self._add_person(name)
        text = "\n".join(p.raw for p in self.card.pieces if not p.header)
        for name in find_persons(_join_broken_names(text)):
            if _strong_person(name):
                self._add_person(name)
        for m in EMAIL_RE.finditer(text):
            name = person_from_email(m.group(0))
            if name:
                self._add_person(name)

    @staticmethod
    def _org_block(seg: Segment) -> bool:
        text = clean_text(" ".join(p.text for p in seg.pieces))
        return (len(seg.pieces) <= 4 and org_evidence(text) >= 1 and not text.endswith(".") and not is_generic(text)
                and not re.match(r"^[-•·]", text))

    def _add_person(self, name: str) -> None:
        name = clean_text(name).strip(" ,;.")
        name = re.sub(r"\s*[-–]\s*(?=[A-ZÉ])", "-", name) if re.search(r"\s[-–]\s?[A-ZÉ]\w+$", name) else name
        if not any(same_person(name, p) for p in self.persons):
            self.persons.append(name)

    def _read_zone(self, seg: Segment) -> None:
        lines: list[tuple[int, str]] = []
        if seg.label_piece is not None and seg.label == "contact":
            self.contact_lines.add((seg.label_piece.no, seg.label_piece.text))
        prev_raw = ""
        prev_kind = None
        for p in seg.pieces:
            t = p.text
            self.contact_lines.add((p.no, t))
            titled = prev_kind == "title" or (prev_kind == "person" and lines and _JOB_TITLE.search(
                re.sub(r"^[^,]*,\s*", "", lines[-1][1])) is not None and "," in lines[-1][1])
            wrapped_title = (prev_raw != prev_raw.rstrip() and titled and lines
                             and not self.is_contactish(t) and not _leading_type(t))
            prev_raw = p.raw
            if wrapped_title:
                lines[-1] = (lines[-1][0], lines[-1][1] + " " + t)  # 'Chargée de mission ' / 'Eaux et rivières'
                continue
            if lines and fold(lines[-1][1]) in first_names() and t[:1].isupper():
                lines[-1] = (lines[-1][0], lines[-1][1] + " " + t)  # 'Caroline' / 'MAIRESSE,'
                continue
            if lines and (t[:1].islower() or re.search(r"(?:\b(?:de|du|des|d['’]|la|le|aux?|en|et)|-)\s*$", lines[-1][1])
                          ) and not self.is_contactish(t):
                glue = "" if lines[-1][1].endswith("-") else " "
                lines[-1] = (lines[-1][0], lines[-1][1] + glue + t)
            else:
                lines.append((p.no, t))
            prev_kind = self._line_kind(lines[-1][1])
        kinds: list[str] = []
        for no, t in lines:
            self.contact_lines.add((no, t))
            kinds.append(self._line_kind(t))
        for i, ((no, t), kind) in enumerate(zip(lines, kinds)):
            if kind == "person":
                person = self._person_line(t)
                if person:
                    self._add_person(person)
                for name in find_persons(t):
                    self._add_person(name)
            elif kind == "service":
                self.services.append(re.sub(r"^Contacts?\s*:?\s*", "", t))
            elif kind == "org":
                nxt = kinds[i + 1] if i + 1 < len(kinds) else None
                if nxt == "postcode" and any(k == "org" for k in kinds[:i]):
                    continue  # street address before the post code
                name = re.sub(r"^Contacts?\s*:?\s*", "", t).strip(" ,;.")
                name = re.sub(r"\s*\d{5}\s.*$", "", name)
                if name and not any(fold(name) == fold(o) for o, _ in self.organisations):
                    self.organisations.append((name, no))

    def _line_kind(self, t: str) -> str:
        body = _CONTACT_LABEL.sub("", t).strip()
        if not body:
            return "label"
        if has_contact(body) or URL_RE.search(body) or _CONTACT_NOISE.match(body):
            if self._person_line(body):
                return "person"
            return "contact"
        if _POSTCODE_LINE.match(body):
            return "postcode"
        if self._person_line(body):
            return "person"
        if _JOB_TITLE.match(body) or body.endswith(":"):
            return "title"
        if _SERVICE.match(body):
            return "service"
        if find_persons(body) and len(body.split()) <= 6:
            return "person"
        if body[:1].isupper() and len(body.split()) <= 10 and not body.endswith(".") and org_evidence(body) >= 1:
            return "org"
        if body[:1].isupper() and len(body.split()) <= 6 and _leading_type(body):
            return "org"
        if body[:1].isupper() and 2 <= len(body.split()) <= 6 and not re.search(r"[.!?]$", body) and \
                not _JOB_TITLE.search(body) and not re.search(r"\b(?:de|du|des|pour|et)$", body):
            return "org"
        return "other"


def _strong_person(name: str) -> bool:
    """'Caroline MAIRESSE', 'N. YANASMA', 'MAUREL Mylène': a written surname in capitals."""
    parts = name.split()
    return any(len(p) >= 3 and p.replace("-", "").isupper() for p in parts) and looks_like_person(name)


def _join_broken_names(text: str) -> str:
    """'Caroline \\nMAIRESSE,' -> 'Caroline MAIRESSE,'; 'Delphine \\nPanossian' -> 'Delphine Panossian'."""
    names = first_names()

    def repl(m: re.Match[str]) -> str:
        if fold(m.group(1)) in names:
            return f"{m.group(1)} "
        return m.group(0)

    return re.sub(r"\b([A-ZÉ][\wéèëï-]+)[ \t]*\n[ \t]*(?=[A-ZÉ][\wÉ'’-]+)", repl, text)


# ---- lists of organisations ----------------------------------------------------------------------------------------
class _ListReader:
    """Typed lists: partners, funders (Financements, lists after the budget amount), items noted as porteurs."""

    def __init__(self, card: Card, contacts: _ContactReader, persons: list[str], keep: tuple[str, ...] = ()):
        self.card = card
        self.keep = keep
        self.contacts = contacts
        self.persons = persons
        self.partner_items: list[ListItem] = []
        self.funder_items: list[ListItem] = []
        self.porteur_items: list[ListItem] = []
        self.generic_from_funding: list[ListItem] = []
        self.mission_segments: list[Segment] = []
        self.list_segments: set[int] = set()
        self.places: list[ListItem] = []
        self._read()

    @property
    def items(self) -> list[ListItem]:
        return self.partner_items + self.funder_items

    def _items(self, seg: Segment) -> list[ListItem]:
        lines = [p for p in seg.pieces if (p.no, p.text) not in self.contacts.contact_lines
                 and not self.contacts.is_contactish(p.text)]
        if not lines:
            return []
        return [ListItem(name, lines[k].no, note, evidence)
                for name, k, note, evidence in _list_items(tuple(p.raw for p in lines), self.keep)]

    @staticmethod
    def _shape(items: list[ListItem], seg: Segment) -> tuple[float, float]:
        """(strong fraction, any-evidence fraction) of a list's items."""
        if not items:
            return 0.0, 0.0
        strong = sum(1 for i in items if i.evidence >= 2) / len(items)
        some = sum(1 for i in items if i.evidence >= 1 or is_generic(i.name)) / len(items)
        return strong, some

    @staticmethod
    def _narrative(seg: Segment, items: list[ListItem]) -> bool:
        text = seg.clean
        words = len(text.split())
        if not items:
            return True
        long_items = sum(1 for i in items if len(_strip_scheme(i.name).split()) > 9 and not is_generic(i.name))
        sentences = len(_SENTENCE_BREAK.findall(text))
        verbs = sum(1 for i in items if (_INFINITIVE.match(i.name.split()[0]) and i.evidence == 0) or _VERB.search(i.name))
        return long_items * 2 > len(items) or sentences >= 2 or (words > 40 and len(items) <= 2) or \
            verbs * 2 >= len(items)

    def _runs(self) -> list[tuple[list[Segment], str | None]]:
        """Content segments with their label; consecutive one-item bulleted paragraphs of the same kind are one list
        ('- Formateurs...' / '- Observatoire...' / '- Collectivités locales' separated by blank lines)."""
        card = self.card
        runs: list[tuple[list[Segment], str | None]] = []
        prev_kind = None
        for seg in card.content_segments:
            label = card.governing_label(seg)
            bullet = len(seg.pieces) <= 6 and bool(_DASH_BULLET.match(seg.pieces[0].raw)) and \
                sum(1 for p in seg.pieces if _DASH_BULLET.match(p.raw)) <= 4
            kind = None
            if bullet and seg.label is None:
                items = self._items(seg)
                kind = "org" if items and all(i.evidence >= 1 or is_generic(i.name) for i in items) else "text"
            adjacent = runs and card.position(seg) == card.position(runs[-1][0][-1]) + 1
            if kind and kind == prev_kind and adjacent:
                runs[-1][0].append(seg)
            else:
                runs.append(([seg], label))
            prev_kind = kind
        return runs

    def _read(self) -> None:
        card = self.card
        budget_zone = _budget_zone_segments(card)
        after_amount: set[int] = set()
        for zone in budget_zone:
            seen_amount = False
            for seg in zone:
                if seen_amount:
                    after_amount.add(id(seg))
                if _amounts(seg.clean):
                    seen_amount = True
                    after_amount.add(id(seg))  # the list may follow the amount in the same paragraph
        title_segment = _title_segment(card)
        previous: tuple[list[Segment], str] | None = None
        previous_content: Segment | None = None
        for run, label in self._runs():
            seg = run[0]
            prev_seg, previous_content = previous_content, run[-1]
            if seg is title_segment or any(s is card.structure_segment for s in run):
                previous = None
                continue
            if len(run) == 1 and label != "financement" and _prose(seg):
                # running text is narrative, and no rule below gives a narrative paragraph a role unless it is
                # labelled "financement": its items need not be read
                previous = None
                continue
            items = [i for s in run for i in self._items(s)]
            if not items:
                previous = None
                continue
            strong, some = self._shape(items, seg)
            narrative = (self._narrative(seg, items) or _prose(seg)) if len(run) == 1 else False
            statistics = sum(1 for i in items if _LEADING_NUMBER.match(i.name)) * 2 > len(items)
            adjacent = previous is not None and seg.block == previous[0][-1].block + 1 and label is None
            role = None
            if statistics:
                role = None  # '60 personnes inscrites, 9 structures impliquées, 400 spectateurs'
            elif label == "financement":
                role = "funder"
            elif adjacent and previous[1] == "funder" and not narrative and strong >= 0.5:
                role = "funder"  # a funders' list broken by a blank line
            elif id(seg) in after_amount and not narrative and strong >= 0.5 and label != "partenaires":
                role = "funder"
            elif label == "partenaires" and not _prose(seg) and (some > 0 or strong > 0):
                role = "partner"
                if (seg.label == "partenaires" and prev_seg is not None and id(prev_seg) in after_amount
                        and seg.block <= prev_seg.block + 1):
                    role = "funder"  # 'Budget 119 357 € ... Partenaires : Etat, Département'
            elif label == "missions" and strong < 0.6:
                role = None
            elif label in ("defi", "cestquoi", "plus", "actions") and (strong < 0.75 or narrative or any(
                    len(i.name.split()) > 8 for i in items)):
                role = None
            elif not narrative and strong >= 0.5 and len(items) >= 2:
                role = "partner"
            elif not narrative and len(items) >= 2 and some >= 0.75 and strong >= 0.25:
                role = "partner"
            elif (adjacent and not narrative and strong >= 0.99 and len(items) <= 3
                  and all(len(i.name.split()) <= 6 for i in items)):
                role = previous[1]
            elif (len(items) == 1 and not narrative and label in (None, "plus", "contact") and is_generic(items[0].name)
                  and _content_head(items[0].name) and len(items[0].name.split()) <= 10
                  and not _VERB.search(items[0].name)):
                role = "partner"  # 'Structures travaillant sur la thématique de la biodiversité'
            if role:
                for s in run:
                    self.list_segments.add(id(s))
                previous = (run, role)
                self._take(items, role, strict=(label not in ("partenaires", "financement")))
            else:
                previous = None

    def _take(self, items: list[ListItem], role: str, strict: bool) -> None:
        for item in items:
            name = item.name
            letters = [c for c in name if c.isalpha()]
            if len(name.split()) >= 3 and letters and all(c.isupper() for c in letters):
                continue  # 'UNE FRICHE INDUSTRIELLE TOURNÉE VERS UN NOUVEL AVENIR' is a title
            if _single_place(name):
                self.places.append(item)  # 'Le Lycée des Métiers du Bâtiment, Felletin'
                continue
            if strict and item.evidence == 0 and not is_generic(name) and (
                    _INFINITIVE.match(name.split()[0]) or len(name.split()) > 6):
                continue
            if _VERB.search(name) and item.evidence < 2:
                continue
            if (len(name.split()) > 14 and not is_generic(name)) or looks_like_person(name) or \
                    any(same_person(name, p) for p in self.persons):
                continue
            if _PORTEUR_NOTE.search(item.note):
                self.porteur_items.append(item)
                continue
            if role == "funder" and is_generic(name) and _content_head(name) == "partenaires":
                self.partner_items.append(item)  # 'Partenaires financiers / Partenaires de communication'
                continue
            if role == "funder":
                name = _strip_scheme(name)
                if _NOMINALISATION.match(name):
                    self.generic_from_funding.append(ListItem(_NOMINALISATION.sub("", name), item.line))
                    continue
                self.funder_items.append(ListItem(name, item.line, item.note, item.evidence))
            else:
                self.partner_items.append(item)


_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


@text_cache(1 << 14)
def _list_items(raws: tuple[str, ...], keep: tuple[str, ...]) -> tuple[tuple[str, int, str, int], ...]:
    """The items of a list written on these lines: (name, index of its line, note, organisation evidence).

    Depends on the text only, so the same paragraph in another card (or document) is read once."""
    texts = [clean_text(raw) for raw in raws]
    out = []
    joined = join_wrapped_lines("\n".join(raws)).split("\n")
    # map each joined line back to a source line
    numbers = []
    k = 0
    for jl in joined:
        numbers.append(min(k, len(raws) - 1))
        consumed = len(clean_text(jl))
        acc = 0
        while k < len(raws) and acc < consumed:
            acc += len(texts[k]) + 1
            k += 1
    for jl, index in zip(joined, numbers):
        for item in split_actor_items(jl, keep=keep):
            if _amounts(item.name) or not _TWO_LETTERS.search(item.name):
                continue  # '45 000 €', 'Dont 12 500 € pour le centre social' are budget lines
            out.append((item.name, index, item.note, org_evidence(item.name)))
    return tuple(out)


def _prose(seg: Segment) -> bool:
    """A paragraph of running text: several long lines (lists in these cards sit in narrow columns)."""
    lines = [p.text for p in seg.pieces if p.text]
    if len(lines) < 3:
        return False
    return sum(len(ln) for ln in lines) / len(lines) >= 46


def _single_place(name: str) -> bool:
    """A lone place name in a list ('Felletin' after 'Le Lycée des Métiers du Bâtiment')."""
    toks = tokens(name)
    if len(toks) != 1 or not toks[0][0][:1].isupper() or is_acronym(toks[0][0]) or organisation_type(name):
        return False
    if fold(name) in generic_heads():
        return False
    try:
        from isgraph.resolve import territories as terr

        t = terr.resolve(name, allow_lieu=False)
    except Exception:  # noqa: BLE001 - no gazetteer: keep the item
        return False
    return t is not None and t.kind in ("commune", "arrondissement-municipal")


def _content_head(name: str) -> str:
    """Folded first word of a name after articles and numbers ('Les associations locales' -> 'associations')."""
    from isgraph.extract.common import _content_tokens

    toks = _content_tokens(name)
    return toks[0][1] if toks else ""


def _title_segment(card: Card) -> Segment | None:
    """The paragraph on the '+' line when it is the card's title ('+ Le LUDOBUS')."""
    segs = card.segments
    if segs and segs[0].label is None and segs[0].pieces and segs[0].pieces[0].no == card.start:
        if _short_block_title(segs[0]):
            return segs[0]
    return None


_SCHEME_CUE = re.compile(r"\s+(?:par\s+(?:le|la|les|l['’])|avec\s+l['’]appel|via|dans\s+le\s+cadre|au\s+titre)\b")


def _strip_scheme(name: str) -> str:
    """'DDCSPP par le Contrat Educatif Local' -> 'DDCSPP'; 'Région Rhône Alpes avec l'appel à projets X' -> ..."""
    name = _SCHEME_CUE.split(name, maxsplit=1)[0]
    return name.strip(" ,;:")


def _budget_zone_segments(card: Card) -> list[list[Segment]]:
    """For each 'Budget' label, the segments up to the next other label."""
    zones = []
    segs = card.segments
    for i, seg in enumerate(segs):
        if seg.label != "budget":
            continue
        zone = [seg] if seg.pieces else []
        k = i + 1
        while k < len(segs) and segs[k].label in (None, "budget"):
            if segs[k].pieces:
                zone.append(segs[k])
            k += 1
        zones.append(zone)
    return zones


# ---- amounts and budget -------------------------------------------------------------------------------------------
_LETTER_O_AMOUNT = re.compile(r"(?<![\w,.])O\s*(?=€)")
_K_EUROS = re.compile(r"(\d)\s*k\s*€")


def _prepare_amount_text(text: str) -> str:
    if "€" in text:
        text = _LETTER_O_AMOUNT.sub("0 ", text)  # 'O €' typed with a letter O
        text = _K_EUROS.sub(r"\1 k€", text)
    return text


def _amounts(text: str) -> list[Amount]:
    if not has_currency(text):  # _prepare_amount_text adds no currency
        return []
    return list(_cached_amounts(text))


@lru_cache(maxsize=1 << 15)
def _cached_amounts(text: str) -> tuple[Amount, ...]:
    return tuple(_amounts_in(_prepare_amount_text(text)))


class _BudgetReader:
    """The main budget figure: the amounts after the last 'Budget' label that has any."""

    def __init__(self, card: Card):
        self.card = card
        self.zones = _budget_zone_segments(card)

    def main(self) -> tuple[Decimal | None, str | None, str | None]:
        chosen_zone = None
        for zone in self.zones:
            if any(_amounts(s.clean) for s in zone):
                chosen_zone = zone  # the last zone with an amount
        if chosen_zone is None:
            for zone in self.zones:
                for seg in zone[:2]:
                    if re.search(r"\bbudget\b|\bvariable\b|\bpas\s+de\b", seg.clean, re.IGNORECASE) and len(seg.clean) < 200:
                        return None, seg.clean, None
            return None, None, None
        # one line per piece; paragraphs (segments) separated by a blank line
        lines: list[str] = []
        for seg in chosen_zone:
            if lines:
                lines.append("")
            lines.extend(p.text for p in seg.pieces)
        text = _prepare_amount_text("\n".join(lines))
        amounts = _amounts_in(text)
        if not amounts:
            return None, None, None
        period = None
        m_period = re.search(r"(?:^|\n)\s*((?:19|20)\d\d\s*[-–/à]\s*(?:19|20)\d\d)\s*(?:\n|$)", text)
        if m_period:
            period = m_period.group(1).replace(" ", "")
        # parts after "dont" do not count
        dont = re.search(r"\bdont\b", text[amounts[0].end:], re.IGNORECASE)
        cut = amounts[0].end + dont.start() if dont else None
        candidates = [a for a in amounts if cut is None or a.start < cut]
        total = next((a for a in candidates if re.search(r"total", text[max(0, a.start - 40) : a.start], re.IGNORECASE)),
                     None)
        if total is not None:
            used = [total]
            value = total.value
        elif len(candidates) >= 2 and (self._breakdown(text, candidates) or self._per_funder(text, candidates)):
            used = candidates
            value = normalize_decimal(sum((a.value for a in candidates), Decimal(0)))
        else:
            used = candidates[:1]
            value = candidates[0].value
        phrase = self._phrase(text, used)
        yearly = used[0].yearly or bool(re.match(r"^\s*(?:/\s*an|par\s+an|annuel)", text[used[0].end:]))
        if yearly and len(used) == 1:
            period = "annuel"
        return value, phrase, period

    @staticmethod
    def _breakdown(text: str, candidates: list[Amount]) -> bool:
        """Each amount on its own line after a short label ('Aménagement : 36 100 €', '2015 : 5 000 €')."""
        for a in candidates:
            line_start = text.rfind("\n", 0, a.start) + 1
            label = text[line_start : a.start].strip(" -:")
            if not label or len(label.split()) > 5 or re.search(r"\b(?:dont|soit|et|pour)\b|€", label, re.IGNORECASE):
                return False
        return True

    @staticmethod
    def _per_funder(text: str, candidates: list[Amount]) -> bool:
        """'(8 000 € Parc et 7 000 € ECHOBAT)': every amount is given by a named body."""
        for a in candidates:
            m = re.match(r"\s+(?:via\s+)?(?:(?:le|la|l['’])\s*)?([A-ZÉ][\w’'-]*)", text[a.end:])
            if not m or not _org_like_funder(m.group(1)):
                return False
        return True

    @staticmethod
    def _phrase(text: str, used: list[Amount]) -> str:
        """The budget phrase: from the start of the first amount's line to the end of its paragraph (or of the
        last amount's paragraph)."""
        para_start = text.rfind("\n\n", 0, used[0].start)
        para_start = 0 if para_start < 0 else para_start + 2
        sentence_start = max(text.rfind(". ", para_start, used[0].start), text.rfind(".\n", para_start, used[0].start))
        start = para_start if sentence_start < 0 else sentence_start + 2
        end_para = text.find("\n\n", used[-1].end)
        end = len(text) if end_para < 0 else end_para
        sentence_end = re.search(r"[.;](?:\s|$)|(?<=€)(?=[A-ZÉ])", text[used[-1].end - 1 : end])
        if sentence_end:
            end = used[-1].end - 1 + sentence_end.end()
        return clean_text(text[start:end])[:300]


def _amounts_in(text: str) -> list[Amount]:
    """Euro amounts of a text, without numbers glued to a previous number ('2015-2018 250 000 €' is not 18 250 000)."""
    out = []
    for a in find_amounts(text):
        if a.start > 0 and (text[a.start - 1].isdigit() or (text[a.start - 1] in " \u00a0" and a.start > 1
                                                              and text[a.start - 2].isdigit()
                                                              and not re.match(r"\d{1,3}(?:[  .]\d{3})", a.text))):
            continue
        out.append(a)
    return out


# ---- funders ------------------------------------------------------------------------------------------------------
def _fundings(card: Card, lists: _ListReader, budget: _BudgetReader, contacts: _ContactReader) -> list[Funding]:
    out: list[Funding] = []
    for item in lists.funder_items:
        amount = _amount_in(item.note)
        name = _strip_article(re.sub(r"^\d+\s*%\s*(?:de\s+|d['’])?", "", item.name))
        if not name or _FINANCIAL.match(name):
            continue
        out.append(Funding(name, item.line, amount, item.name + (f" ({item.note})" if item.note else "")))
    lined, index = _card_flat(card, contacts)
    joined = lined.replace("\n", " ")
    prepared = _prepare_amount_text(lined)
    # parenthesised lists after the budget amount: '(fonds propres, PIA, France active, Banques, URSCOP)'
    for zone in budget.zones:
        seen_amount = False
        for seg in zone:
            text = seg.clean
            if _amounts(text):
                seen_amount = True
            if not seen_amount:
                continue
            for m in re.finditer(r"\(([^()]*,[^()]*)\)", text):
                names = [n for n in split_actor_list(m.group(1)) if not _FINANCIAL.match(_strip_article(n))]
                if len(names) >= 2 and sum(1 for n in names if org_evidence(n) >= 1 or is_generic(n) or
                                           tokens(n) and tokens(n)[0][0][:1].isupper()) * 2 > len(names):
                    for n in names:
                        out.append(Funding(n, seg.first, None, clean_text(m.group(0))))
    # "Budget Région", "Budget PNR"
    for m in _BUDGET_OF.finditer(joined):
        who = m.group("who")
        if organisation_type(who) is None and not is_acronym(who.split()[0]):
            continue
        amount = None
        near = find_amounts(prepared[max(0, m.start() - 40) : m.end() + 40])
        if near:
            amount = near[0].value
        out.append(Funding(who, _line_at(index, m.start()), amount, clean_text(joined[max(0, m.start() - 30):m.end()])))
    # cue phrases
    for _, m in _funding_cue_matches(joined):
        who = re.sub(r"\s+(?:et|&)\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*", ", ", _cut_clause(m.group("who")))
        for item in split_actor_items(who):
            name = _strip_scheme(_strip_article(item.name))
            if not name or not _org_like_funder(name):
                continue
            out.append(Funding(name, _line_at(index, m.start("who")), _amount_in(item.note),
                               clean_text(m.group(0))[:200]))
    for m in _SUBJECT_FUNDS.finditer(joined):
        who = _strip_article(m.group("who"))
        if _org_like_funder(who):
            out.append(Funding(who, _line_at(index, m.start()), None, clean_text(m.group(0))))
    for m in _AMOUNT_TO.finditer(prepared):
        who = _strip_article(m.group("who"))
        if not _org_like_funder(who) or re.match(r"^(?:HT|TTC)\b", who):
            continue
        amounts = find_amounts(m.group("amount") + " ")
        out.append(Funding(who, _line_at(index, m.start()), amounts[0].value if amounts else None,
                           clean_text(m.group(0))))
    for m in _EU_PROGRAMMES.finditer(joined):
        out.append(Funding(m.group(1), _line_at(index, m.start()), None, clean_text(joined[max(0, m.start() - 40):m.end()])))
    return out


def _cut_clause(text: str) -> str:
    """The funder list of a cue phrase: up to a verb, a 'pour'/'qui' clause or a column gap."""
    text = re.split(r"\s{3,}|\s+(?:pour|qui|afin|dans|sur|lors|depuis|pendant|à\s+hauteur|en\s+\d)\b", text)[0]
    return text


_LEADING_ARTICLE = re.compile(r"^(?:(?:les|le|la|du|des|de\s+la|de)\s+|(?:l|d|de\s+l)['’]\s*)", re.IGNORECASE)


def _strip_article(name: str) -> str:
    return _LEADING_ARTICLE.sub("", name.strip())


def _org_like_funder(name: str) -> bool:
    if not name or len(name.split()) > 8:
        return False
    if organisation_type(name) is not None or org_evidence(name) >= 2:
        return True
    toks = tokens(name)
    return bool(toks) and (is_acronym(toks[0][0]) or (toks[0][0][:1].isupper() and org_evidence(name) >= 1))


def _amount_in(text: str) -> Decimal | None:
    found = find_amounts(_prepare_amount_text(text or ""))
    return found[0].value if found else None


def _card_flat(card: Card, contacts: "_ContactReader") -> tuple[str, list[tuple[int, int]]]:
    """The card's running text (no header, labels nor contact lines): lines joined by line breaks, '¶' between
    paragraphs; with (offset, line number) marks for `_line_at`. Computed once per card (its contact reader keeps it)."""
    if contacts.card is card:
        if contacts.flat is None:
            contacts.flat = _read_card_flat(card, contacts)
        return contacts.flat
    return _read_card_flat(card, contacts)


def _read_card_flat(card: Card, contacts: "_ContactReader") -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    index: list[tuple[int, int]] = []
    pos = 0
    last_block = None
    for seg in card.segments:
        if seg.label == "header":
            continue
        for p in seg.pieces:
            t = p.text
            if not t or (p.no, t) in contacts.contact_lines:
                continue
            if last_block is not None and seg.block != last_block and parts and parts[-1] != "¶":
                parts.append("¶")
                pos += 2
            last_block = seg.block
            index.append((pos, p.no))
            parts.append(t)
            pos += len(t) + 1
    return "\n".join(parts), index


def _line_at(index: list[tuple[int, int]], pos: int) -> int:
    no = index[0][1] if index else 0
    for start, n in index:
        if start > pos:
            break
        no = n
    return no


def _resolve_reference_funding(f: Funding, parc: str | None, porteurs: list[Mention], items: list[ListItem],
                               card: Card) -> Funding | None:
    """'le Parc' / 'PNR' -> the card's Parc; a bare 'Région' -> the fuller 'Région X' named in the card."""
    name = clean_text(f.funder).strip(" ,;.")
    folded = fold(name)
    if folded in ("parc", "pnr", "parc regional", "parc naturel regional", "syndicat mixte du parc"):
        if not parc:
            return None
        return Funding(parc, f.line, f.amount, f.text, f.document_level)
    toks = tokens(name)
    if len(toks) == 1 and organisation_type(name) is not None:
        prefix = folded + " "
        candidates = [i.name for i in items] + [p.name for p in porteurs]
        longer = [c for c in candidates if fold(c).startswith(prefix) and fold(c) != folded]
        if longer:
            best = max(longer, key=len)
            return Funding(best, f.line, f.amount, f.text, f.document_level)
    return Funding(name, f.line, f.amount, f.text, f.document_level)


def _dedupe_fundings(fundings) -> list[Funding]:
    out: list[Funding] = []
    for f in fundings:
        if not fold(f.funder):
            continue
        dup = next((i for i, o in enumerate(out) if fold(o.funder) == fold(f.funder) or _same_actor(o.funder, f.funder)
                    or (fold(o.funder) in ("leader",) and fold(f.funder) == "leader")), None)
        if dup is None:
            out.append(f)
        elif out[dup].amount is None and f.amount is not None:
            o = out[dup]
            out[dup] = Funding(o.funder if len(o.funder) >= len(f.funder) else f.funder, o.line, f.amount, o.text)
    return out


# ---- partners named in running text -------------------------------------------------------------------------------
def _partner_cues(card: Card, contacts: _ContactReader) -> list[ListItem]:
    """'Dispositifs repris par le Conseil départemental du Val d'Oise', 'avec le parc de Camargue'."""
    out: list[ListItem] = []
    joined, index = _card_flat(card, contacts)
    flat = joined.replace("\n", " ")
    for m in _PARTNER_CUES.finditer(flat):
        who = m.group("who")
        name = _named_organisation(who) or _proper_name_after_article(who)
        if name:
            out.append(ListItem(name, _line_at(index, m.start("who")), "", org_evidence(name)))
        elif not re.match(r"(?i)avec\b", m.group(0)):
            # 'assuré par les mairies', 'en partenariat avec les collectivités et associations locales'
            for item in split_actor_items(_cut_clause(re.split(r"[.;:]", who)[0])):
                if is_generic(item.name) and _content_head(item.name) in generic_heads() and \
                        len(item.name.split()) <= 6 and not _VERB.search(item.name):
                    out.append(ListItem(_strip_article(item.name), _line_at(index, m.start("who")), "", 2))
    return out


_PREPOSITIONS_STOP = {"ou", "et", "qui", "que", "est", "pour", "par", "sur", "avec", "dans", "mais", "donc", "afin",
                      "lors", "depuis", "pendant", "selon", "entre", "vers", "chez", "sans", "sous", "dont", "aussi"}


def _proper_name_after_article(text: str) -> str | None:
    """'les Compagnons bâtisseurs de Bretagne' -> 'Compagnons bâtisseurs de Bretagne' (a name of two words or more
    after an article, not a place, not a generic category)."""
    m = re.match(r"^\s*(?:le|la|les|l['’])\s*(?P<name>[A-ZÉ][\w’'-]+(?:\s+[a-zéè][\w’'-]+)?"
                 r"(?:\s+(?:de|du|des|d['’])\s*[A-ZÉ][\w’'-]+|\s+[A-ZÉ][\w’'-]+){0,3})", text)
    if not m:
        return None
    name = re.sub(r"\s+(?:de|du|des|d['’]|en|et|sur)$", "", m.group("name"))
    words = name.split()
    if len(words) >= 2 and words[1][:1].islower() and (len(words[1]) < 4 or fold(words[1]) in _PREPOSITIONS_STOP):
        return None
    # stop at the first lowercase word that is not part of the name ('le parc de Camargue a une action')
    if len(words) < 2 or is_generic(name) or _VERB.search(name) or _leading_type(name):
        return None
    if sum(1 for w in words if w[:1].isupper()) < 1 or not words[1][:1].islower() and not words[1][:1].isupper():
        return None
    if _pnr_of(name) is not None:
        return None
    try:
        from isgraph.resolve import territories as terr

        if terr.resolve(name, allow_lieu=False) is not None:
            return None
    except Exception:  # noqa: BLE001
        pass
    return name


def _named_organisation(text: str) -> str | None:
    """The organisation that opens a phrase, when it is a typed and named one ('le Conseil départemental du Val
    d'Oise sur certaines sorties' -> 'Conseil départemental du Val d'Oise')."""
    text = clean_text(text)
    text = re.sub(r"^(?:le|la|les|l['’]|des|du|de\s+la)\s*", "", text, flags=re.IGNORECASE)
    toks = text.split()
    if not toks:
        return None
    lead = _leading_type(text)
    if lead is None:
        return None
    # grow the name while words are capitalised or linking particles followed by a capitalised word
    name_words = []
    words = re.findall(r"[\w’'-]+|\S", text)
    i = 0
    marker_len = 0
    from isgraph.extract.common import org_type_markers
    folded = [fold(w) for w in words]
    for phrase, _ in org_type_markers():
        n = len(phrase)
        if tuple(" ".join(folded[:n + 3]).split()[:n]) == phrase:
            marker_len = n
            break
    # count source words covering the marker
    covered, i = 0, 0
    while i < len(words) and covered < marker_len:
        covered += len(fold(words[i]).split())
        name_words.append(words[i])
        i += 1
    proper = False
    while i < len(words):
        w = words[i]
        lw = w.lower()
        if w[:1].isupper() or is_acronym(w):
            name_words.append(w)
            proper = True
            i += 1
            continue
        if lw in ("de", "du", "des", "d'", "d’", "la", "l'", "l’", "en", "sur") and i + 1 < len(words):
            nxt = words[i + 1]
            if nxt[:1].isupper() or nxt.lower() in ("la", "l'", "l’") or re.match(r"^[dl]['’][A-ZÉ]", nxt):
                name_words.append(w)
                i += 1
                continue
        if re.match(r"^[dl]['’][A-ZÉ]", w):
            name_words.append(w)
            proper = True
            i += 1
            continue
        break
    if not proper:
        return None
    name = " ".join(name_words)
    name = re.sub(r"\s+(['’])\s*", r"\1", name)
    name = re.sub(r"\s+(?:de|du|des|d['’]|la|en|sur)$", "", name)
    return name if len(name.split()) >= 2 else None


# ---- missions -----------------------------------------------------------------------------------------------------
_ARTICLE_START = re.compile(r"^(?:le|la|les|l['’]|un|une|des|du|de|d['’]|ce|cette|ces|son|sa|ses|leur|leurs)\b",
                            re.IGNORECASE)


def _mission_items(seg: Segment) -> list[str]:
    """The lines of a 'Missions concernées' box: one topic a line (or a comma list of short topics)."""
    out: list[str] = []
    raw_lines = [p.raw for p in seg.pieces if p.text]
    lines: list[str] = []
    for raw in raw_lines:
        t = clean_text(raw)
        if lines and re.fullmatch(r"(?:P[ôo]le|Mission|Service)s?", lines[-1]):
            lines[-1] = lines[-1] + " " + t  # 'Pôle' / 'Développement'
            continue
        if lines and (t[:1].islower() or re.search(r"(?:\b(?:de|du|des|d['’]|la|le|aux?|à|en|et|pour)|[-,(])$",
                                                    lines[-1]) and not re.match(r"^[-•·]", t)):
            glue = "" if re.search(r"\w-$", lines[-1]) else " "
            lines[-1] = lines[-1] + glue + t
        else:
            lines.append(t)
    for line in lines:
        line = clean_text(re.sub(r"^\s*[-•·]\s*", "", line)).strip(" «»\"").rstrip(".,;")
        if not line:
            continue
        parts = [line]
        if "," in line and all(len(x.split()) <= 6 for x in line.split(",")):
            parts = [x.strip() for x in line.split(",") if x.strip()]
        out.extend(parts)
    return out


def _mission_like(seg: Segment) -> bool:
    """Short topic lines ('Paysage', 'Pôle Développement', 'Tourisme et loisirs'), not a list of organisations, not
    sentences, not contact data."""
    text = seg.clean
    if not seg.pieces or len(seg.pieces) > 8 or _amounts(text) or has_contact(text):
        return False
    items = _mission_items(seg)
    if not items:
        return False
    if any(_ARTICLE_START.match(i) or (_INFINITIVE.match(i.split()[0]) and not _mission_word(i)) or _VERB.search(i)
           or i.endswith(("!", "?")) or i.startswith("(") for i in items):
        return False
    if any(len(i.split()) > 12 for i in items):
        return False
    if sum(len(i.split()) for i in items) / len(items) > 5 and not all(_mission_word(i) for i in items):
        return False
    strong = sum(1 for i in items if org_evidence(i) >= 2 and not _mission_word(i))
    return strong * 2 < len(items)


def _mission_word(item: str) -> bool:
    return bool(re.match(r"^(?:P[ôo]les?|Missions?|Services?|Education|Éducation|Actions?|Cadre de vie)\b", item))


def _missions(card: Card, lists: _ListReader, contacts: _ContactReader, title: str = "") -> list[str]:
    segs = card.segments
    label_idx = [i for i, s in enumerate(segs) if s.label == "missions"]
    if not label_idx:
        return []

    content = card.content_segments

    def bullet(s: Segment) -> bool:
        return bool(s.pieces) and s.pieces[0].raw.lstrip().startswith(("-", "•"))

    def in_bullet_sequence(s: Segment) -> bool:
        if not bullet(s) or s not in content or len(s.pieces) > 2:
            return False
        i = content.index(s)
        return any(bullet(o) and abs(o.block - s.block) == 1 for o in content[max(0, i - 1) : i + 2] if o is not s)

    def usable(s: Segment) -> bool:
        return bool(s.pieces) and s.label not in ("header", "contact", "partenaires", "financement") and \
            id(s) not in lists.list_segments and s is not card.structure_segment and \
            fold(s.clean) != fold(title) and not in_bullet_sequence(s)

    chosen: list[str] = []
    for li in label_idx:
        seg = segs[li]
        if not seg.pieces:  # a lone label: the next paragraph is its value
            nxt = next((x for x in segs[li + 1 : li + 2] if x.pieces and x.label is None), None)
            if nxt is not None and card.governing_label(nxt) == "missions":
                seg = nxt
        if usable(seg):
            items = _topic_items(seg)
            if items and not _prose(seg) and not any(_VERB.search(i) or _ARTICLE_START.match(i) or (
                    (len(i.split()) > 10 or ("," in i and len(i.split()) > 6)) and not _mission_word(i)) for i in items):
                chosen = items  # the box's own lines
                break
        for s in segs[li + 1 :]:
            if usable(s) and s.label in (None, "missions", "budget") and _mission_like(_without_contacts(s)):
                chosen = _topic_items(s)
                break
        if chosen:
            break
    if not chosen:  # the value printed before its label ('- Paysage / - Agriculture ...  Missions concernées')
        for s in segs:
            if usable(s) and s.label is None and _mission_like(_without_contacts(s)) and \
                    any(p.raw.lstrip().startswith(("-", "•")) for p in s.pieces) and len(s.pieces) >= 2:
                chosen = _topic_items(s)
                break
    return list(dict.fromkeys(chosen))


def _without_contacts(seg: Segment) -> Segment:
    pieces = [p for p in seg.pieces if not (has_contact(p.raw) or find_persons(p.text)
                                            or looks_like_person(p.text))]
    return Segment(seg.label, seg.label_piece, pieces, seg.block)


def _topic_items(seg: Segment) -> list[str]:
    out = []
    after_first_name = False
    for line in _mission_items(_without_contacts(seg)):
        if looks_like_person(line) or has_contact(line) or line.startswith("("):
            continue
        prefix = _person_prefix(line)
        if prefix is not None:
            if not prefix:
                continue
            line = prefix
        if _JOB_TITLE.match(line):
            continue
        if fold(line) in first_names() and " " not in line:
            after_first_name = True
            continue  # 'Caroline' / 'MAIRESSE,': a person's name broken over two lines
        if after_first_name and _is_upper_surname(line):
            after_first_name = False
            continue
        after_first_name = False
        out.append(line)
    return out


def _is_upper_surname(line: str) -> bool:
    return bool(re.fullmatch(r"[A-ZÉÈ][A-ZÉÈ'-]{2,}", line.strip(" ,")))


def _person_prefix(line: str) -> str | None:
    """'Pôle Développement Caroline MAIRESSE' -> 'Pôle Développement' (the persons are contact data)."""
    persons = find_persons(line)
    if not persons:
        return None
    cut = line.find(persons[0].split()[0])
    return line[:cut].strip(" ,;") if cut > 0 else ""


# ---- territories --------------------------------------------------------------------------------------------------
_PARC_MENTION = re.compile(
    r"\b(?:Parcs?|PNRs?|parcs?)(?:\s+naturels?)?(?:\s+r[ée]gionaux|\s+r[ée]gional)?\s*(?:-\s*)?(?:de\s+la\s+|de\s+l['’]|"
    r"des\s+|du\s+|de\s+|d['’])?[A-ZÉ][\w’'-]+(?:\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|des\s+|d['’]|en\s+|et\s+)?"
    r"[A-ZÉ][\w’'-]+)*")
_AREA = re.compile(r"\b(?:[Qq]uartiers?|[Vv]all[ée]es?|Communaut[ée]\s+de\s+[Cc]ommunes|Communaut[ée]\s+d['’]"
                   r"[Aa]gglom[ée]ration)\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?"
                   r"[A-ZÉ][\w’'-]+(?:(?:\s+|-)(?:(?:de|du|des|d['’])\s*)?[A-ZÉ][\w’'-]+)*")


def _territories(card: Card, rec: InitiativeRecord, parc: str | None, contacts: _ContactReader,
                 parc_ref: str | None = None) -> list[Mention]:
    out: list[Mention] = []

    def add(name: str, line: int) -> None:
        name = clean_text(name).strip(" ,;.:()«»")
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
        if len(fold(name)) < 3:
            return
        if not any(fold(name) == fold(m.name) for m in out):
            out.append(Mention(name, line))

    if parc:
        line = next((m.line for m in rec.porteurs + rec.partenaires if m.name == parc), card.start)
        add(parc, line)
    elif parc_ref and any(_same_actor(parc_ref, f.funder) for f in rec.financements) or \
            parc_ref and any(_same_actor(parc_ref, m.name) for m in rec.porteurs):
        add(parc_ref, card.start)
    # places in the names of the porteurs and named partners ('CCAS de Chalons en Champagne', 'CIAS les Essarts')
    for m in rec.porteurs + rec.partenaires:
        lm = _LOCAL_ORG.match(_strip_article(clean_text(m.name)))
        if lm:
            place = lm.group("place").strip()
            place = re.split(r"\s+[-–(]\s*|\s*\(", place)[0].strip()
            place = re.sub(r"(?:\s+[A-Z]{2,6})+$", "", place) if not place.isupper() else place  # 'Queyras ACSSQ'

            first_word = place.split()[0] if place else ""
            if place and (place[:1].isupper() and (not is_acronym(first_word) or len(first_word) >= 5 or "-" in place)
                          or re.match(r"^(?:les|le|la)\s+[A-ZÉ]", place)):
                add(place, m.line)
        elif re.match(r"^Pays\s+(?:de\s+la\s+|de\s+l['’]|des\s+|du\s+|de\s+|d['’])?[A-ZÉ]", clean_text(m.name)):
            add(clean_text(m.name), m.line)  # 'Pays Plateau de Caux Maritime' is a territory
    joined, index = _card_flat(card, contacts)
    flat = strip_contacts(re.sub(r"(?<=\w)-\n(?=\w)", "-", joined).replace("\n", " "))
    excluded = _excluded_spans(flat, rec, parc)
    # quartiers and valleys as written ('quartier d'Orgeval', 'vallée du Largue')
    for m in _AREA.finditer(flat):
        tail = re.sub(r"^\S+(?:\s+d['’]\S+|\s+de\s+\S+)?\s+", "", m.group(0))
        if fold(tail).split()[:1] and fold(tail).split()[0] in generic_heads() | {"communes"}:
            continue  # 'Communauté de Communes / Communes / Structures ...' is a list, not a name
        if not any(s <= m.start() < e for s, e in excluded):
            add(m.group(0), _line_at(index, m.start()))
        excluded.append((m.start(), m.end()))
    # the Parc's own proper name used alone ('dans le Queyras', 'habitants des Bauges', 'villages de Chartreuse')
    ref = parc or parc_ref
    ref_pnr = _pnr_of(ref) if ref else None
    if ref and ref_pnr is not None:
        core_words = [w for w in re.findall(r"[A-ZÉ][\w’'-]{3,}", ref) if fold(w) not in _PARC_WORDS]
        candidates = [_parc_core_written(ref)] + core_words[-1:] + core_words[:1]
        for word in dict.fromkeys(c for c in candidates if c):
            other = _pnr_of(word)
            if other is None or other.iri_slug != ref_pnr.iri_slug:
                continue
            pattern = r"\s+".join(re.escape(w) for w in word.split())
            for m in compiled(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE).finditer(flat):
                before = flat[max(0, m.start() - 30) : m.start()].split()
                glued = bool(before) and before[-1][:1].isupper() and fold(before[-1]) not in _PARC_WORDS
                if not any(s <= m.start() < e for s, e in excluded) and m.group(0)[:1].isupper() and not glued:
                    add(m.group(0), _line_at(index, m.start()))
                    break
    # places named in the text (the territories gazetteer)
    try:
        from isgraph.resolve import territories as terr
    except ImportError:  # pragma: no cover - the gazetteer module is optional for this extractor
        return out
    try:
        context = None
        if ref:
            t = terr.resolve(ref)
            if t is not None:
                context = terr.ResolveContext.from_territories([t])
        for pm in terr.find_places(flat, context):
            if any(s <= pm.start < e for s, e in excluded):
                continue
            add(pm.text, _line_at(index, pm.start))
    except Exception:  # noqa: BLE001 - a gazetteer problem must not lose the card
        pass
    return out


def _excluded_spans(text: str, rec: InitiativeRecord, parc: str | None) -> list[tuple[int, int]]:
    """Where a place name is not a territory of the initiative: inside the name of a Parc, of a funder, of a
    partner or porteur (the place of a local body is taken from its name), of a person; in a funding phrase."""
    spans = []
    names = [f.funder for f in rec.financements]
    names += [m.name for m in rec.porteurs + rec.partenaires]
    names += list(rec.personnes)
    for name in names:
        spans.extend(phrase_spans(text, clean_text(name)))
    for m in _PARC_MENTION.finditer(text):
        spans.append((m.start(), m.end()))
    for _, m in _funding_cue_matches(text):
        spans.append((m.start(), m.end()))
    if "Budget" in text:
        for m in _BUDGET_OF.finditer(text):
            spans.append((m.start(), m.end()))
    return spans


# ---- years, text, title ---------------------------------------------------------------------------------------------
def _years(card: Card, contacts: _ContactReader) -> list[int]:
    years: set[int] = set()
    for p in card.pieces:
        if p.header or (p.no, p.text) in contacts.contact_lines:
            continue
        years.update(_line_years(p.text))
    return sorted(years)


@text_cache(1 << 15)
def _line_years(text: str) -> tuple[int, ...]:
    """Years written in a line, outside contact data and amounts."""
    t = strip_contacts(text)
    for a in _amounts(t):
        t = t[: a.start] + " " * (a.end - a.start) + t[a.end :]
    return tuple(int(m.group(0)) for m in _YEAR.finditer(t))


def _replace_spans(text: str, spans: list[tuple[int, int]], by: str) -> str:
    """`re.sub` with the (ordered, not overlapping) spans of the matches already found."""
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(by)
        last = end
    out.append(text[last:])
    return "".join(out)


_ADDRESS_PART = re.compile(r"\S*@\S*|\b[\w.-]+\.(?:fr|com|org|net|eu|info)\b")


def _card_text(card: Card, contacts: _ContactReader, persons: list[str]) -> str:
    lines = []
    # a person whose first word is nowhere in the card (in any case) is in none of its lines
    low = _lowered_text("\n".join(p.text for p in card.pieces))
    if low is not None:
        persons = [person for person in persons
                   if not simple_case(first := person.split(" ")[0]) or first.lower() in low]
    for p in card.pieces:
        if p.header or not p.text:
            continue
        if (p.no, p.text) in contacts.contact_lines and not p.label:
            continue
        t = strip_contacts(p.text)
        if "@" in t or "." in t:
            t = _ADDRESS_PART.sub(" ", t)  # addresses broken over lines
        for person in persons:
            t = _replace_spans(t, phrase_spans(t, person, any_spaces=False), " ")  # the person, in any case
        lines.append(clean_text(t))
    return "\n".join(x for x in lines if x)


_IS_A = re.compile(r"^(?P<name>[A-ZÉ][\w’'-]+(?:\s+[A-ZÉ][\w’'-]+){0,3})\s*,?\s+(?:c['’]est|est)\s+(?:une?|la|le)\s+"
                   r"(?:coop[ée]rative|association|entreprise|soci[ée]t[ée]|structure|scic|scop|r[ée]gie|f[ée]d[ée]ration|"
                   r"collectif|groupement|plateforme|r[ée]seau)\b")


def _is_a_name(card: Card) -> tuple[str, int] | None:
    """'Pistyles c'est une coopérative d'intérêt collectif...': the organisation a card presents."""
    for seg in card.content_segments:
        m = _IS_A.match(seg.clean)
        if m:
            return m.group("name"), seg.first
    return None


def _title(card: Card, structure: list[tuple[str, int]], exclude: set[int] = frozenset()) -> str:
    segs = card.segments
    structure_names = {fold(n) for n, _ in structure}

    def ok(seg: Segment | None, text: str | None) -> bool:
        if not text or (seg is not None and (seg is card.structure_segment or id(seg) in exclude)):
            return False
        f = fold(text)
        return bool(f) and f not in structure_names and not any(f in n for n in structure_names)

    # 1. "Le GRAIN D'ORG' : C'EST QUOI ?"
    for i, seg in enumerate(segs):
        if seg.label == "cestquoi" and seg.label_piece is not None and i > 0:
            prev = segs[i - 1]
            if prev.pieces and prev.pieces[-1].no == seg.label_piece.no:
                t = clean_text(prev.pieces[-1].text)
                if t.endswith(":") and len(t) <= 60:
                    return _tidy_title(t)
    # 2. "Pistyles c'est une coopérative..."
    named = _is_a_name(card)
    if named:
        return named[0]
    # 3. the text on the '+' line, when it is a short title
    first = _title_segment(card)
    if first is not None:
        t = _short_block_title(first)
        if ok(first, t):
            return t
    # 4. a short paragraph before the first label, next to the structure / header
    for seg in segs:
        if seg.label not in (None, "header"):
            break
        if seg.label == "header" or not seg.pieces:
            continue
        t = _short_block_title(seg)
        if ok(seg, t) and not _mission_like_line(t):
            return t
    # 5. the short text right after "C'est quoi ?" (or glued to another label on the same line)
    for i, seg in enumerate(segs):
        if seg.label_piece is None or seg.label in ("header", "contact", "budget", "partenaires", "financement"):
            continue
        if seg.pieces and (seg.pieces[0].no == seg.label_piece.no or
                           (seg.label == "cestquoi" and seg.pieces[0].no - seg.label_piece.no <= 2)):
            cand_pieces = seg.pieces[:1]
            for p in seg.pieces[1:3]:
                prev_raw = cand_pieces[-1].raw
                if prev_raw != prev_raw.rstrip() or p.text[:1].islower():
                    cand_pieces.append(p)
                else:
                    break
            t = _short_block_title(Segment(None, None, cand_pieces, seg.block), max_lines=3, max_chars=110)
            if ok(seg, t) and t[:1].isupper():
                return t
        elif seg.label == "cestquoi" and not seg.pieces:
            nxt = next((s for s in segs[i + 1 : i + 2] if s.pieces and s.label is None), None)
            if nxt is not None and nxt.first - seg.label_piece.no <= 2:
                t = _short_block_title(nxt, max_lines=3, max_chars=110)
                if ok(nxt, t):
                    return t
    # 6. a title written as such: « quoted », in capitals, or a short first line over a paragraph
    for seg in card.content_segments:
        if seg.label in ("contact", "partenaires", "financement") or seg is card.structure_segment:
            continue
        t = _display_title(seg, card)
        if ok(seg, t):
            return t
    # 7. "Festival X, évènement annuel ...", "Le Largue et les ZAMARS ou des habitants ..." after "Missions
    # concernées", in the cards whose "C'est quoi ?" box opens with "Les enjeux ?"
    enjeux = any(a.label == "cestquoi" and not a.pieces and b.label == "defi" for a, b in zip(segs, segs[1:]))
    for i, seg in enumerate(segs):
        if enjeux and seg.label == "missions":
            cand = seg if seg.pieces else next((s for s in segs[i + 1 : i + 2] if s.pieces and s.label is None), None)
            if cand is not None and id(cand) not in exclude:
                m = re.match(r"^(.{3,90}?)(?:,\s|\s+o[uù]\s+|\s+:\s)", cand.clean)
                if m and 2 <= len(m.group(1).split()) <= 12 and ok(cand, m.group(1)):
                    return _tidy_title(m.group(1))
    # 8. the first phrase of the description ('C'est quoi' first)
    ordered = sorted(card.content_segments, key=lambda s: (s.label != "cestquoi", card.position(s)))
    for seg in ordered:
        if seg is card.structure_segment or seg.label in ("contact", "partenaires", "financement", "budget"):
            continue
        raw_first = seg.pieces[0].raw.strip()
        gap = re.match(r"^(\S.{2,40}?)\s{2,}\S", raw_first)
        if gap and seg.label in (None, "cestquoi", "plus", "defi"):
            return _tidy_title(gap.group(1))  # 'Soltoit  pour lutter contre ...' (name, two spaces, purpose)
        t = re.sub(r"^[-•·]\s*", "", seg.clean)
        if len(t.split()) < 4 or has_contact(t) or re.match(r"^[(\d•·-]", t):
            continue
        t = re.split(r"(?<=[a-zé»)])\s?[.:;!?](?:\s|$)|\s[-–]\s", t)[0]
        words = t.split()
        if ok(seg, t):
            return _tidy_title(" ".join(words[:14]) if len(words) > 14 else t)
    return f"Carte postale (lignes {card.start}-{card.end})"


def _mission_like_line(text: str) -> bool:
    return bool(re.match(r"^(?:P[ôo]le|Mission|Service)\b", text))


def _short_block_title(seg: Segment, max_lines: int = 4, max_chars: int = 140) -> str | None:
    pieces = seg.pieces
    if not pieces or len(pieces) > max_lines:
        return None
    lines = [p.text for p in pieces]
    # drop a quoted subtitle line
    if len(lines) >= 2 and re.fullmatch(r"«.*»", lines[-1].strip()):
        lines = lines[:-1]
    text = lines[0]
    for ln in lines[1:]:
        text = text + ("" if text.endswith("-") and ln[:1].islower() else " ") + ln
    text = clean_text(text)
    if not text or len(text) > max_chars or len(text) < 3:
        return None
    if re.match(r"^[\d•·\-–]", text) or text.endswith((",", ";")):
        return None
    if has_contact(text) or _amounts(text):
        return None
    if len(re.findall(r"[.!?](?:\s|$)", text)) >= 2:
        return None
    return _tidy_title(text)


def _display_title(seg: Segment, card: Card) -> str | None:
    pieces = [p for p in seg.pieces if p.text]
    if not pieces:
        return None
    first = pieces[0].text
    # « NOM DU PROJET, sous-titre »
    m = re.match(r"^«\s*(?P<t>[^»]{3,80})»", " ".join(p.text for p in pieces[:2]))
    if m:
        return _tidy_title(m.group("t"))
    # SPECTACLE DE L'ACTION « ESTIME DE SOI »
    upper_lines = []
    for p in pieces[:3]:
        letters = [c for c in p.text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters) and len(letters) >= 4:
            upper_lines.append(p.text)
        else:
            break
    if upper_lines and len(" ".join(upper_lines).split()) >= 2:
        return _tidy_title(" ".join(upper_lines))
    # a one-line paragraph with a « name »: 'Projet de la commune d'Ors « Habiter le bocage »'
    if len(pieces) == 1 and "«" in first and "»" in first and len(first) <= 80 and not first.endswith("."):
        return _tidy_title(first)
    # a short first sentence over a paragraph: 'FoodTruck', 'Le Bistrot de l'EHPAD, un lieu ressource'
    head = [pieces[0].text]
    k = 1
    while k < len(pieces) and pieces[k].text[:1].islower() and len(head) < 3:
        head.append(pieces[k].text)
        k += 1
    title = clean_text(" ".join(head))
    rest = [p.text for p in pieces[k:]]
    prose = len(rest) >= 2 and sum(len(r) for r in rest) / len(rest) >= 40
    if k < len(pieces) and prose and pieces[k].text[:1].isupper() and \
            not title.endswith((".", ":", ",", ";")) and not _amounts(title) and title[:1].isupper() and \
            not looks_like_person(title) and not find_persons(title):
        if len(title) > 80 and " : " in title:
            title = title.split(" : ")[0]
        if 1 <= len(title.split()) and len(title) <= 80:
            return _tidy_title(title)
    # a short standalone line repeated in the card's text: 'Cueillons la nature'
    if len(pieces) == 1 and 2 <= len(first.split()) <= 6 and first[:1].isupper() and not first.endswith("."):
        others = fold_parts(p.text for p in card.pieces if p.no != pieces[0].no)
        if fold(first) and others.count(fold(first)) >= 1 and org_evidence(first) == 0:
            return _tidy_title(first)
    return None


def _tidy_title(text: str) -> str:
    text = clean_text(text).strip(" ,;:-–")
    text = re.sub(r"^[«\"]\s*(.*?)\s*[»\"]$", r"\1", text)
    return text.rstrip(" ,;:")
