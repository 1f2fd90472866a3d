"""Pick the extractor of a document from its text and run it."""

from __future__ import annotations

from isgraph.ingest.documents import SourceDocument
from isgraph.extract.records import InitiativeRecord
from isgraph.extract.base import Extractor

MIN_SCORE = 0.5  # below, the generic reader reads the document (a family must be sure of its layout)


def extractors() -> list[type[Extractor]]:
    from isgraph.extract.cartes_postales import CartesPostalesExtractor
    from isgraph.extract.diaporama import DiaporamaExtractor
    from isgraph.extract.neoterra import NeoTerraExtractor
    from isgraph.extract.ressource_web import RessourceWebExtractor
    from isgraph.extract.territoria import TerritoriaExtractor

    return [CartesPostalesExtractor, RessourceWebExtractor, TerritoriaExtractor, NeoTerraExtractor,
            DiaporamaExtractor]


def recognise(doc: SourceDocument) -> type[Extractor] | None:
    """The best-scoring extractor class for this document, or None when no family fits (ties: the first family in
    alphabetical order).

    Families are tried in that order and the search stops at a score of 1.0 (the highest a recogniser gives): no
    family after it could win."""
    best_score, best = 0.0, None
    for cls in sorted(extractors(), key=lambda c: c.family):
        if best is not None and best_score >= 1.0:
            break
        score = cls.recognise(doc)
        if best is None or score > best_score:
            best_score, best = score, cls
    return best if best is not None and best_score >= MIN_SCORE else None


def fallback() -> type[Extractor]:
    """The generic reader, used for every document no family recognises."""
    from isgraph.extract.generique import GeneriqueExtractor

    return GeneriqueExtractor


def extract(doc: SourceDocument) -> tuple[str | None, list[InitiativeRecord]]:
    """(family code, records): the recognised family's extractor, else the generic reader (family `generique`)."""
    cls = recognise(doc) or fallback()
    return cls.family, cls().extract(doc)
