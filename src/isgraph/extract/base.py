"""The extractor interface: one class per document family, chosen by recognising the text."""

from __future__ import annotations

from abc import ABC, abstractmethod

from isgraph.ingest.documents import SourceDocument
from isgraph.extract.records import InitiativeRecord


class Extractor(ABC):
    """Reads one family of documents.

    `recognise` returns a confidence in [0, 1] computed from the text only (never the file name); the registry
    picks the family with the highest score above `MIN_SCORE`.
    """

    family: str = ""  # code, e.g. "cartes-postales"
    label: str = ""  # human description

    @classmethod
    @abstractmethod
    def recognise(cls, doc: SourceDocument) -> float: ...

    @abstractmethod
    def extract(self, doc: SourceDocument) -> list[InitiativeRecord]: ...
