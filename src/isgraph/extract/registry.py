"""Pick the extractor of a document from its text and run it."""

from __future__ import annotations

from ..documents import SourceDocument
from ..records import InitiativeRecord
from .base import Extractor

MIN_SCORE = 0.3


def extractors() -> list[type[Extractor]]:
    from .cartes_postales import CartesPostalesExtractor
    from .diaporama import DiaporamaExtractor
    from .neoterra import NeoTerraExtractor
    from .ressource_web import RessourceWebExtractor
    from .territoria import TerritoriaExtractor

    return [CartesPostalesExtractor, RessourceWebExtractor, TerritoriaExtractor, NeoTerraExtractor,
            DiaporamaExtractor]


def recognise(doc: SourceDocument) -> type[Extractor] | None:
    """The best-scoring extractor class for this document, or None when no family fits."""
    scored = sorted(((cls.recognise(doc), cls.family, cls) for cls in extractors()), key=lambda t: (-t[0], t[1]))
    score, _, cls = scored[0]
    return cls if score >= MIN_SCORE else None


def extract(doc: SourceDocument) -> tuple[str | None, list[InitiativeRecord]]:
    cls = recognise(doc)
    if cls is None:
        return None, []
    return cls.family, cls().extract(doc)
