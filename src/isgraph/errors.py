"""Errors that reach the user as one clear line (file, line when known, message)."""

from __future__ import annotations

from pathlib import Path


class IsgraphError(Exception):
    """Base class: any error the CLI reports as one line with exit code 2."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return f"{where}{self.message}"


class InputError(IsgraphError):
    """A source document cannot be read or understood."""


class ResourceError(IsgraphError):
    """An ontology, shapes, query or data file is malformed or missing."""


class QueryError(IsgraphError):
    """A stored query or its parameters are wrong."""
