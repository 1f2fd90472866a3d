"""Reading source documents: bytes -> checked, decoded `SourceDocument` or one clear `InputError`."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".md")
MAX_BYTES = 20 * 1024 * 1024  # a 20 MiB text file is far beyond any real brochure: refuse rather than hang

_BINARY_MAGIC = {
    b"%PDF": "a PDF file (convert it to text first, e.g. pdftotext -layout)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP/Office file (convert it to text first)",
    b"GIF8": "a GIF image",
}


@dataclass
class SourceDocument:
    name: str  # file name, e.g. "000_e5f077a7c2903689.txt"
    path: Path
    text: str
    sha256: str
    encoding: str = "utf-8"
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    def line(self, number: int) -> str:
        """1-based line access."""
        return self.lines[number - 1]

    def span_text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM); fall back to cp1252 only when the bytes are clearly 8-bit text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise InputError("not UTF-8 text and not cp1252/latin-1 either", path=path, line=line) from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text) / 100:
        raise InputError("binary content (control bytes), not a text document", path=path)
    return text, "cp1252"


def read_document(path: str | Path) -> SourceDocument:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file too large ({size} bytes > {MAX_BYTES}); split it into documents", path=path)
        data = path.read_bytes()
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a text document", path=path) from None
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    if not data.strip():
        raise InputError("empty document", path=path)
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file: {what}, not a text document", path=path)
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary content (NUL byte), not a text document", path=path, line=line)
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceDocument(
        name=path.name, path=path, text=text, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding
    )


def list_documents(directory: str | Path) -> list[Path]:
    """The documents of a directory, sorted by name (hidden files and other suffixes ignored)."""
    directory = Path(directory)
    if not directory.exists():
        raise InputError("no such directory", path=directory)
    if not directory.is_dir():
        return [directory]
    if not os.access(directory, os.R_OK | os.X_OK):
        raise InputError("permission denied: cannot list the directory", path=directory)
    files = sorted(
        p for p in directory.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in DOCUMENT_SUFFIXES
    )
    if not files:
        raise InputError(f"no documents (*{', *'.join(DOCUMENT_SUFFIXES)}) in this directory", path=directory)
    return files
