"""The generic reader's tables: one initiative per row of a table of grants or projects, the details below
the table, places taken from the rows' names."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from isgraph.ingest.documents import SourceDocument
from isgraph.normalize import fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention
from isgraph.extract.blocks import _cells
from isgraph.extract.blocks import Card, Line
from isgraph.extract.common import organisation_type, strip_contacts
from isgraph.extract.funding import (_LOCAL_RANK, _COLLECTIVITY_TYPES, Body, _add_funders, _calling_body,
                                     _header_funders, _same_body)
from isgraph.extract.mentions import _orgs, _unnamed, joined
from isgraph.extract.places import needs_its_departement
from isgraph.extract.places import territory_label as _territory_label
from isgraph.extract.generique.shared import _add_quartiers, _bare_name, _in_full, _merge_told

_NAME_PLACE = re.compile(r"\s(?:de|du|des|d['’])\s*(?P<p>[A-ZÉÈÀÂÎÔ][\w'’-]*(?:\s+[A-ZÉÈÀÂÎÔ][\w'’-]*){0,3})$")


def _place_in_name(name: str, context: tuple[str, ...] = ()) -> str | None:
    """The commune or département that ends an organisation's name ('Familles Rurales de Bourganeuf', 'Banque
    alimentaire du Calvados'), read by the gazetteer alone: a name it reads in one way only ('… de la Vallée',
    '… du Cœur', a commune name shared by several communes: None), in a région of the places of `context` (the
    document's) when they lie in any."""
    from isgraph.resolve import territories

    m = _NAME_PLACE.search(name)
    if m is None or organisation_type(m.group("p")) is not None:
        return None
    try:
        t = territories.resolve(m.group("p"), None, allow_lieu=False)
        if t is None or t.kind not in ("commune", "departement") or needs_its_departement(m.group("p")):
            return None
        regions = {r for c in (territories.resolve(n, None, allow_lieu=False) for n in context)
                   if c is not None and c.kind in ("commune", "departement", "region") for r in (c.regions or
                                                                                             [c.iri_slug])}
    except Exception:  # pragma: no cover
        return None
    if regions and not set(t.regions) & regions:
        return None
    return m.group("p")


def _local_funder(fundings: list[Funding], in_row: bool) -> str | None:
    """The collectivity whose territory a table row without a place is in: its one funder, a collectivity with an
    amount (in the row's cells, or the body of the document), or else the most local of its funders with amounts
    when that is a commune or an intercommunality."""
    paid = [f for f in fundings if f.amount is not None]
    if len(fundings) == 1 and paid and (in_row or paid[0].document_level) and \
            organisation_type(paid[0].funder) in _COLLECTIVITY_TYPES:
        return paid[0].funder
    if len(paid) < 2 or not in_row:
        return None
    ranked = sorted((_LOCAL_RANK.get(organisation_type(f.funder) or "", 9), k, f.funder) for k, f in enumerate(paid))
    rank, _, name = ranked[0]
    return name if rank <= 1 and (len(ranked) == 1 or ranked[1][0] > rank or ranked[1][2] == name) else None


_DATA_MEDIA_TYPES = {"text/csv", "text/tab-separated-values", "application/vnd.ms-excel", "application/json",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/jsonl",
                     "application/vnd.oasis.opendocument.spreadsheet"}
# a collectivity's kind in a file name, then its place ('departement-du-gers', 'region_occitanie', 'ville-de-brest')
_FILE_KINDS = {"departement": ("Département", "departement"), "region": ("Région", "region"),
               "ville": ("Ville de", "commune"), "commune": ("Commune de", "commune")}
_FILE_PARTICLES = {"de", "du", "des", "la", "l", "d"}


def _file_name_body(name: str, line: int) -> Body | None:
    """The collectivity a data file's name names ('subventions-associations-departement-du-gers-2023.csv' ->
    Département du Gers, 'ville_de_quimper_subventions_2024.xlsx' -> Ville de Quimper), or None: the words after the
    kind, up to a number, must name a territory of that kind (the longest that does)."""
    from isgraph.resolve import territories

    words = fold(Path(name).stem.replace("_", " ")).split()
    for i, w in enumerate(words):
        if w not in _FILE_KINDS:
            continue
        label, kind = _FILE_KINDS[w]
        j = i + 1
        while j < len(words) and words[j] in _FILE_PARTICLES:
            j += 1
        end = next((k for k in range(j, len(words)) if words[k].isdigit()), len(words))
        for k in range(min(end, j + 5), j, -1):
            place = territories.resolve(" ".join(words[j:k]), None, allow_lieu=False)
            if place is not None and place.kind == kind:
                from isgraph.resolve.actors import ActorResolver

                actor = ActorResolver().resolve(f"{label} {place.label}", None)  # ('Département du Gers')
                return Body(actor.label if actor is not None else f"{label} {place.label}", line, kind)
    return None


_EQUAL_SHARES = re.compile(r"(?i)\b(?:à|a)\s+parts\s+égales\b|\bpour\s+moitié\s+chacun")


def _equal_shares(rec: InitiativeRecord, body: str, others: list[str]) -> None:
    """A row's amount given by the body alone, told as shared equally with `others`: each its share."""
    given = [f for f in rec.financements if _same_body(f.funder, body) and f.amount is not None]
    sharing = [f for f in rec.financements if any(fold(f.funder) == fold(o) for o in others) and f.amount is None]
    if len(given) != 1 or len(sharing) != len(others):
        return
    share = given[0].amount / (len(others) + 1)
    share = share.to_integral_value() if share == share.to_integral_value() else share.quantize(Decimal("0.01"))
    keep = {id(given[0]), *map(id, sharing)}
    rec.financements = [replace(f, amount=share) if id(f) in keep else f for f in rec.financements]


# a paragraph opening on a short title sentence ('SLIME du Narbonnais. L'association …')
_TOLD_LEAD = re.compile(r"^\s*(?P<t>[A-ZÉÈÀÂÎÔ«][^.!?:;]{2,80}?)\.\s+(?=[A-ZÉÈÀÂÎÔ«])")


def _most_words(lead: str, title: str) -> bool:
    """Whether the folded lead says most of a folded title's words (two at least): a row's title shortened."""
    words = [w for w in re.findall(r"[\w'-]+", lead) if len(w) > 2]
    have = set(re.findall(r"[\w'-]+", title))
    return len(words) >= 2 and sum(w in have for w in words) >= max(2, 0.7 * len(words))


class RowReading:
    """Methods of the generic reader (`GeneriqueExtractor` mixes them in)."""

    def _table_rows(self, doc: SourceDocument, lines: list[Line], rows, caption_lines: list[Line]) -> list[InitiativeRecord]:
        """The initiatives of one table's rows; `caption_lines`: the text between the previous table and this one."""
        body = _calling_body(lines, rows[0].line.n)
        if body is None and doc.media_type in _DATA_MEDIA_TYPES:
            # a data file has no letterhead: 'subventions-associations-departement-du-gers-2023.csv' names its body
            body = _file_name_body(doc.name, rows[0].line.n)
        co_funders = _header_funders(lines, rows[0].line.n, body) if body else []
        # the bodies the text above the table names in full ('la Région Occitanie'): a column 'Aide Région'
        # (the text, not the rows of a table above nor this table's header: 'État (BOP 147)' heads a column)
        named = [o.name for o in _orgs(strip_contacts(joined([ln for ln in lines if ln.n < rows[0].line.n
                                                              and not _cells(ln.text)]).text))
                 if not _unnamed(o.name)]
        # 'l'aide accordée, financée à parts égales par le Département et France Travail': each row's amount
        # shared by the body and the co-funders that sentence names
        shared = [f.funder for f in co_funders if _EQUAL_SHARES.search(f.text)]
        out = []
        # the year of the table's caption ('Programme Territoires solidaires 2025 – projets programmés',
        # 'Subventions attribuées en 2024', a sheet named '2025'): the rows' year when they state none
        caption = {int(y) for ln in caption_lines for y in re.findall(r"(?<![\d/.-])(20[0-4]\d)(?![\d/.-])", ln.text)}
        for row in rows:
            n = row.line.n
            # a grant column ('Montant voté', 'Aide accordée') with no one named as giving it (a data file without
            # its attributing body): an amount given, never the initiative's budget
            given_by_none = body is None and "financeurs" not in row.cells
            card = Card(n, n, (n, row.cells["titre"]) if "titre" in row.cells else None,
                        {k: [(n, v)] for k, v in row.cells.items()  # (its district: once its commune is known)
                         if k not in ("titre", "quartier") and not (k == "montant" and given_by_none)})
            rec = self._card(doc, card, lines, body)
            if rec is None:
                continue
            rec.financements = [_in_full(f, named) for f in rec.financements]
            _add_funders(rec, co_funders if any(f.document_level for f in rec.financements) else [])
            if shared and body is not None:
                _equal_shares(rec, body.name, shared)
            if not rec.annee and len(caption) == 1:
                rec.annee = sorted(caption)
            local = _local_funder(rec.financements, "financeurs" in row.cells)
            if not rec.territoires and local is not None:
                # a row without a place, granted by a commune, an EPCI, a Département (its 'nomAttribuant' column,
                # or the body the caption names: 'Subventions aux associations – Ville de Quimper'), or co-funded
                # by a commune or an EPCI among others ('État | Ville de Montluçon | Montluçon Communauté'): the
                # territory that body serves ('Ville de Ploumagoar' -> Ploumagoar)
                label = _territory_label(local)
                if label:
                    rec.territoires.append(Mention(label, n))
            out.append(rec)
        self._placed_by_names(out)
        quartiers = {r.line.n: r.cells["quartier"] for r in rows if "quartier" in r.cells}
        for rec in out:
            if rec.start in quartiers:
                _add_quartiers(rec, [(rec.start, quartiers[rec.start])], getattr(self, "_doc_places", ()))
        return out

    def _placed_by_names(self, recs: list[InitiativeRecord]) -> None:
        """A card or a row naming no place, no place given by its body either: the commune or département ending
        its porteur's name ('Association Familles Rurales de Bourganeuf'), when it lies in a région the document
        names (a river's name in a Breton list is no commune of Lorraine)."""
        for rec in recs:
            if rec.territoires:
                continue
            for m in rec.porteurs:
                place = _place_in_name(m.name, getattr(self, "_doc_places", ()))
                if place:
                    rec.territoires.append(Mention(place, m.line))
                    break

    def _row_details(self, doc: SourceDocument, lines: list[Line], last_row: int, recs: list[InitiativeRecord]) -> None:
        """A paragraph below a table that opens on a row's name in bold ('**Mobil'Aude** associe l'auto-école …, la
        Mission locale …', 'Focus sur deux projets'): its partners and funders are that row's."""
        used: set[int] = set()  # the paragraphs read here (not again as a section below)
        for ln in lines:
            if ln.n <= last_row or len(ln.text.split()) < 8:
                continue
            told = None if ln.lead else _TOLD_LEAD.match(ln.text)
            if not ln.lead and told is None:
                continue
            lead = fold(ln.lead or told.group("t")).strip(" :.,")
            if len(lead) < 4:
                continue
            hits = [r for r in recs if any(re.search(rf"(?:^|\s){re.escape(lead)}$", fold(m.name))
                                           for m in r.porteurs) or fold(r.title) == lead]
            if not hits and told is not None:
                # 'Auto-réhabilitation accompagnée en Cévennes. La SCIC X accompagnera …' under the row 'Auto-
                # réhabilitation accompagnée des logements en Cévennes': most of the row's title words, or its
                # porteur named in the paragraph
                hits = [r for r in recs if _most_words(lead, fold(r.title))] or \
                    [r for r in recs if any(len(fold(m.name).split()) >= 2 and fold(m.name) in fold(ln.text)
                                            for m in r.porteurs)]
            if len(hits) != 1:
                continue
            rec = hits[0]
            more = self._block(doc, [ln], title=rec.title, body=None, porteur=(rec.porteurs[0].name, ln.n)
                               if rec.porteurs else None, require_role=False)
            if more is None:
                continue
            used.add(ln.n)
            known = {fold(m.name) for m in rec.porteurs + rec.partenaires} | {fold(f.funder) for f in rec.financements}
            rec.partenaires += [m for m in more.partenaires if fold(m.name) not in known]
            rec.financements += [f for f in more.financements if fold(f.funder) not in known]
            if told is not None:  # (the places of the row's own paragraph: its communes under its département)
                have = {fold(m.name) for m in rec.territoires}
                rec.territoires += [m for m in more.territoires if fold(m.name) not in have]
        self._told_sections(doc, [ln for ln in lines if ln.n not in used], last_row, recs)

    def _told_sections(self, doc: SourceDocument, lines: list[Line], last_row: int,
                       recs: list[InitiativeRecord]) -> None:
        """A headed section below the table telling one row's project ('Le Potager solidaire des Peupliers' over
        'Depuis le printemps, l'association Les Jardins de la Vizézy cultive …'): the section naming that row's
        porteur (and no other's) gives it its partners, funders, budget and places."""
        below = [ln for ln in lines if ln.n > last_row]
        starts = [k for k, ln in enumerate(below) if ln.heading]
        for a, b in zip(starts, starts[1:] + [len(below)]):
            sec = below[a + 1:b]
            text = fold(" ".join(ln.text for ln in sec))
            if len(text.split()) < 20:
                continue
            names = {id(r): [b for b in (fold(_bare_name(m.name)) for m in r.porteurs) if len(b.split()) >= 2]
                     for r in recs}
            at = {k: min(text.find(b) for b in bs if b in text) for k, bs in names.items() if any(b in text for b in bs)}
            hits = sorted((r for r in recs if id(r) in at), key=lambda r: at[id(r)])
            if not hits or at[id(hits[0])] > 200:
                continue  # (the row the section tells is named first, in its opening: others are its partners)
            rec = hits[0]
            more = self._block(doc, sec, title=rec.title, body=None, porteur=(rec.porteurs[0].name, sec[0].n),
                               require_role=False)
            if more is None:
                continue
            _merge_told(rec, more)
