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
    if media_type == "text/markdown":
        text = without_front_matter(text)
    return Converted(text=text, media_type=media_type, encoding=encoding, repaired_lines=repaired)


# the front matter keys whose value is the page's text: its title (a heading line) and its lead paragraph
_FM_TITLE = frozenset({"title", "titre"})
_FM_TEXT = frozenset({"description", "summary", "excerpt", "resume", "résumé", "chapo", "chapeau", "subtitle",
                      "sous-titre", "soustitre", "lead", "intro", "introduction", "accroche"})
_FM_KEPT = _FM_TITLE | _FM_TEXT
_FM_KEY = re.compile(r"^(?P<key>[A-Za-zÀ-ÿ_][\w\-]*)\s*(?::|=)\s*(?P<value>.*)$")


def without_front_matter(text: str) -> str:
    """A Markdown page's front matter (the YAML between '---' lines that Jekyll, Hugo, Eleventy or a CMS export put
    on top; TOML between '+++') as the page's text: its title as a '# …' heading line, its description / summary as
    a paragraph, every other key (layout, date, tags, author, image, slug…) an empty line. The lines keep their
    numbers: line n of the text read is line n of the file."""
    lines = text.split("\n")
    if not lines or lines[0].strip() not in ("---", "+++"):
        return text
    fence = lines[0].strip()
    end = next((k for k in range(1, min(len(lines), 300)) if lines[k].strip() in (fence, "...")), None)
    if end is None:
        return text
    out = [""]
    keep = None  # the key whose indented continuation lines are read ('description: >' then its lines)
    for line in lines[1:end]:
        m = _FM_KEY.match(line) if line[:1] not in (" ", "\t", "-") else None
        if m:
            key = m.group("key").lower()
            value = _scalar(m.group("value"))
            keep = key if key in _FM_KEPT else None
            if keep and value in (">", "|", ">-", "|-", ">+", "|+"):
                out.append("")
            elif keep in _FM_TITLE and value:
                out.append(f"# {value}")
            elif keep and value:
                out.append(value)
            else:
                out.append("")
        elif keep and line.strip() and line[:1] in (" ", "\t"):
            out.append(("# " if keep in _FM_TITLE else "") + _scalar(line.strip()))
        else:
            keep = None if line.strip() and line[:1] not in (" ", "\t") else keep
            out.append("")
    out.append("")
    return "\n".join(out + lines[end + 1 :])


def _scalar(value: str) -> str:
    """A YAML / TOML scalar as text: quotes removed, a trailing comment dropped."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1].replace('\\"', '"').replace("''", "'")
    return re.sub(r"\s+#.*$", "", value)


def decode_markup(data: bytes, declared: str | None, path: Path) -> str:
    """Bytes of an HTML / XML document: the declared charset if it decodes, else UTF-8 with repair."""
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    text, _, _ = decode_text(data, path)
    return text
