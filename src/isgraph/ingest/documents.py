"""Reading source documents: a file -> checked, decoded `SourceDocument` (text as lines) or one clear `InputError`.

The formats (`isgraph.ingest.FORMATS`: text, HTML, PDF, word processors, slide decks, spreadsheets, data files)
are converted to text lines by `isgraph.ingest`;
this module owns the file checks shared by every format (regular file, size, permissions) and the document's
identity (its IRI key, stable and distinct for every file of a build).

Errors: a file that cannot be read as what its name says (missing, not a regular file, too large, binary content
in a text file, a corrupt PDF / Word file) raises `InputError` and stops the build; a well-formed document that
holds no text isgraph can read (empty file, PDF without a text layer, encrypted PDF) raises `NoTextError` (a
subclass): the build skips it with a warning and goes on with the other documents.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from isgraph.errors import InputError
from isgraph.ingest import FORMATS, NoTextError, convert
from isgraph.ingest.text import decode  # noqa: F401  (re-exported: isgraph.ingest.documents.decode)

DOCUMENT_SUFFIXES = tuple(FORMATS)
# files of a folder that have a document's suffix but are the metadata of a tool, never a document: a
# Frictionless data package (isgraph's own OUT/datapackage.json too), npm / web app files
NOT_DOCUMENTS = frozenset({"datapackage.json", "package.json", "package-lock.json", "manifest.json",
                           "tsconfig.json", "composer.json", "composer.lock"})
MAX_BYTES = 20 * 1024 * 1024  # a 20 MiB document is far beyond any real brochure: refuse rather than hang

__all__ = ["DOCUMENT_SUFFIXES", "MAX_BYTES", "unread_files", "InputError", "NoTextError", "SourceDocument", "assign_keys",
           "decode", "document_key", "list_documents", "read_bytes", "read_document"]


@dataclass
class SourceDocument:
    name: str  # original file name, e.g. "000_e5f077a7c2903689.txt" or "rapport.pdf"
    path: Path
    text: str  # the text read (for a PDF / HTML / Word file: the text extracted from it), lines joined by "\n"
    sha256: str  # of the original bytes
    encoding: str = "utf-8"
    media_type: str = "text/plain"
    pages: list[int] | None = None  # PDF: the page (1-based) of each line
    repaired_lines: list[int] = field(default_factory=list)  # lines whose invalid UTF-8 bytes were read as cp1252
    headings: frozenset[str] = frozenset()  # text of the lines that were headings in the source (HTML <h1>-<h6>)
    lines: list[str] = field(init=False)
    key: str = field(init=False)  # IRI slug of the document (see document_key / assign_keys)
    _packed: tuple | None = field(default=None, init=False, repr=False, compare=False)  # see pack()

    def __post_init__(self) -> None:
        self.lines = self.text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.key = document_key(self.name)

    @property
    def stem(self) -> str:
        return Path(self.name).stem

    @property
    def page_count(self) -> int | None:
        return max(self.pages, default=0) if self.pages is not None else None

    def line(self, number: int) -> str:
        """1-based line access."""
        return self.lines[number - 1]

    def page_of(self, number: int) -> int | None:
        """The PDF page of a 1-based line (None for documents without pages)."""
        if not self.pages or not 1 <= number <= len(self.pages):
            return None
        return self.pages[number - 1]

    def span_text(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])

    def pack(self) -> None:
        """Hold the lines zlib-compressed until `text_lines()` asks for them (a national build keeps every
        document's text for OUT/documents/ while it validates and publishes: ~5x less memory). `lines` is then
        empty; `text` is not touched."""
        if self._packed is None:
            self._packed = (len(self.lines), zlib.compress("\n".join(self.lines).encode("utf-8"), 1))
            self.lines = []

    @property
    def line_count(self) -> int:
        return self._packed[0] if self._packed is not None else len(self.lines)

    def text_lines(self) -> list[str]:
        """The lines, packed or not (a new list when packed: the document stays packed)."""
        if self._packed is None:
            return self.lines
        n, data = self._packed
        return zlib.decompress(data).decode("utf-8").split("\n") if n else []


def document_key(name: str) -> str:
    """IRI slug of a document from its file name alone: slug of the stem, plus the format for anything but .txt
    ("x.txt" -> "x", "x.pdf" -> "x-pdf"), so that a document and its PDF / Word twin never share an IRI."""
    from isgraph.normalize import slugify

    path = Path(name)
    ext = path.suffix.lower().lstrip(".")
    key = slugify(path.stem)
    return key if ext in ("txt", "") else f"{key}-{slugify(ext)}"


def assign_keys(documents: list[SourceDocument]) -> list[str]:
    """Give every document of a build a distinct key; returns one warning line per collision.

    Keys depend on the file name only. Names that still give the same key ("a b.txt" and "a-b.txt", "X.txt" and
    "x.txt") all get a short hash of their file name appended ("a-b-1f2e3d4c"): distinct, and the same whatever
    the other documents or their order."""
    by_key: dict[str, list[SourceDocument]] = {}
    for doc in documents:
        doc.key = document_key(doc.name)
        by_key.setdefault(doc.key, []).append(doc)
    warnings = []
    for key, docs in sorted(by_key.items()):
        if len(docs) < 2:
            continue
        for doc in docs:
            doc.key = f"{key}-{hashlib.sha256(doc.name.encode('utf-8')).hexdigest()[:8]}"
        names = sorted(d.name for d in docs)
        warnings.append(f"{docs[0].path.parent / names[0]}: file names {', '.join(names)} give the same document "
                        f"IRI ({key}); each gets a suffix from its file name: "
                        + ", ".join(f"{d.name} -> {d.key}" for d in sorted(docs, key=lambda d: d.name)))
    return warnings


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` (default MAX_BYTES); anything else is one clear InputError.

    The file type is checked before reading and again on the open descriptor: a FIFO, a device (/dev/zero), a
    socket or a directory is refused without blocking or reading; a file larger than the limit is refused from
    its size, and at most limit + 1 bytes are ever read (a file that grows while it is read is refused too)."""
    limit = MAX_BYTES if limit is None else limit
    try:
        st = os.stat(path)
        _check_regular(path, st.st_mode)
        if st.st_size > limit:
            raise InputError(f"file too large ({st.st_size} bytes > {limit}); split it into documents", path=path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            _check_regular(path, os.fstat(fd).st_mode)
            chunks, total = [], 0
            while total <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        finally:
            os.close(fd)
    except PermissionError:
        raise InputError("permission denied: cannot read the file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a document", path=path) from None
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path=path) from None
    if total > limit:
        raise InputError(f"file too large (more than {limit} bytes); split it into documents", path=path)
    return b"".join(chunks)


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise InputError("is a directory, expected a document", path=path)
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
    raise InputError(f"{kind}, not a regular file: refusing to read it", path=path)


def read_document(path: str | Path, data: bytes | None = None) -> SourceDocument:
    """Read one document of any supported format (by its suffix; anything else is read as plain text); `data`:
    its bytes when the caller has already read them (`read_bytes`)."""
    path = Path(path)
    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise NoTextError("empty document", path=path)
    result = convert(path, data)
    return SourceDocument(name=path.name, path=path, text=result.text, sha256=hashlib.sha256(data).hexdigest(),
                          encoding=result.encoding, media_type=result.media_type, pages=result.pages,
                          repaired_lines=result.repaired_lines, headings=result.headings)


def list_documents(directory: str | Path, unread: list[str] | None = None) -> list[Path]:
    """The documents of a directory, sorted by name (hidden files, other suffixes and the metadata files of
    NOT_DOCUMENTS — a `datapackage.json`, a `package.json` — ignored). `unread`: a list the names of the directory's
    other regular files are appended to (see `unread_files`).

    An entry with a document suffix that is not a regular file (a FIFO named x.txt, a device) is an error, never
    silently skipped nor opened; a single path given instead of a directory is checked the same way."""
    directory = Path(directory)
    try:
        st = os.stat(directory)
    except FileNotFoundError:
        raise InputError("no such directory", path=directory) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=directory) from None
    if not stat.S_ISDIR(st.st_mode):
        _check_regular(directory, st.st_mode)
        return [directory]
    if not os.access(directory, os.R_OK | os.X_OK):
        raise InputError("permission denied: cannot list the directory", path=directory)
    files = []
    for p in sorted(directory.iterdir()):
        if p.name.startswith("."):
            continue
        document = p.suffix.lower() in DOCUMENT_SUFFIXES
        if document and (p.name.lower() in NOT_DOCUMENTS or p.name.lower().endswith(".schema.json")):
            continue  # a tool's metadata
        if not document and unread is None:
            continue
        try:
            mode = os.stat(p).st_mode
        except OSError:
            continue  # a dangling symlink: not a document
        if stat.S_ISDIR(mode):
            continue
        if not document:
            if stat.S_ISREG(mode):
                unread.append(p.name)
            continue
        _check_regular(p, mode)
        files.append(p)
    if not files:
        raise InputError(f"no documents (*{', *'.join(DOCUMENT_SUFFIXES)}) in this directory", path=directory)
    return files


# formats a user's folder often holds that isgraph does not read, and what to do with them
_CONVERT_HINT = {".ppt": "PPTX or PDF", ".pps": "PPTX or PDF", ".rtf": "DOCX, ODT or PDF", ".pages": "DOCX or PDF",
                 ".key": "PPTX or PDF", ".numbers": "XLSX or CSV", ".wpd": "DOCX or PDF", ".odg": "PDF"}


def unread_files(directory: str | Path, limit: int = 5, names: list[str] | None = None) -> str | None:
    """One line naming the files of a directory that are no document isgraph reads ('3 files of other formats not
    read: note.rtf, photo.jpg, vieux.ppt (save .ppt as PPTX or PDF, .rtf as DOCX, ODT or PDF)'), or None. `names`:
    those files, when `list_documents(directory, unread=…)` has listed them already."""
    directory = Path(directory)
    if names is None:
        names = []
        if not directory.is_dir():
            return None
        try:
            list_documents(directory, names)
        except InputError:
            pass  # (no document at all: the other files are listed all the same)
    if not names:
        return None
    shown = ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")
    hints = sorted({(s, h) for s in (Path(n).suffix.lower() for n in names) if (h := _CONVERT_HINT.get(s))})
    advice = f" (save {', '.join(f'{s} as {h}' for s, h in hints)})" if hints else ""
    what = "file of another format" if len(names) == 1 else "files of other formats"
    return f"{directory}: {len(names)} {what} not read: {shown}{advice}"
