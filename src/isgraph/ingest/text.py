"""Plain text (.txt, .md): bytes -> text, UTF-8 first, with only the invalid bytes repaired.

A UTF-8 file with a few stray cp1252 bytes (a "é" or "’" pasted from an old file) stays UTF-8: each invalid byte
is read as cp1252 and the lines concerned are reported. A file without any valid multi-byte UTF-8 sequence and
with 8-bit bytes is a cp1252 / latin-1 file and is read as such."""

from __future__ import annotations

import codecs
import re
import threading
from pathlib import Path

from isgraph.errors import InputError

_BINARY_MAGIC = {
    b"%PDF": "a PDF file: name it .pdf",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP/Office file: name it .docx or .odt",
    b"GIF8": "a GIF image",
}
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_state = threading.local()


def _repair(exc: UnicodeDecodeError) -> tuple[str, int]:
    """codecs error handler: the invalid bytes read as cp1252, their offsets recorded."""
    bad = exc.object[exc.start:exc.end]
    _state.offsets.append(exc.start)
    try:
        return bad.decode("cp1252"), exc.end
    except UnicodeDecodeError:
        _state.undefined.append(exc.start)
        return bad.decode("latin-1"), exc.end


codecs.register_error("isgraph-cp1252", _repair)


def decode_text(data: bytes, path: Path) -> tuple[str, str, list[int]]:
    """(text, encoding, repaired lines): UTF-8 (BOM dropped) with the invalid bytes read as cp1252, or cp1252
    for a file without any UTF-8 multi-byte sequence."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    _state.offsets, _state.undefined = [], []
    try:
        text = data.decode("utf-8", errors="isgraph-cp1252")
        offsets, undefined = _state.offsets, _state.undefined
    finally:
        _state.offsets = _state.undefined = None
    if undefined:
        line = data[: undefined[0]].count(b"\n") + 1
        raise InputError("not UTF-8 text and not cp1252/latin-1 either", path=path, line=line)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > len(text) / 100:
        raise InputError("binary content (control bytes), not a text document", path=path)
    if not _UTF8_MULTIBYTE.search(data):
        return text, "cp1252", []
    lines, pos, line = [], 0, 1
    for off in offsets:  # increasing
        line += data.count(b"\n", pos, off)
        pos = off
        if not lines or lines[-1] != line:
            lines.append(line)
    return text, "utf-8", lines


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding): see decode_text."""
    text, encoding, _ = decode_text(data, path)
    return text, encoding


def check_not_binary(data: bytes, path: Path) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"binary file: {what}, not a text document", path=path)
    if b"\x00" in data[:65536]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary content (NUL byte), not a text document", path=path, line=line)


def read_text(path: Path, data: bytes, media_type: str = "text/plain"):
    from isgraph.ingest import Converted

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (Windows Notepad's "Unicode")
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 text (byte {exc.start})", path=path) from None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "\x00" in text:
            raise InputError("binary content (NUL character), not a text document", path=path)
        return Converted(text=text, media_type=media_type, encoding="utf-16")
    check_not_binary(data, path)
    text, encoding, repaired = decode_text(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Converted(text=text, media_type=media_type, encoding=encoding, repaired_lines=repaired)


def decode_markup(data: bytes, declared: str | None, path: Path) -> str:
    """Bytes of an HTML / XML document: the declared charset if it decodes, else UTF-8 with repair."""
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    text, _, _ = decode_text(data, path)
    return text
