"""The extraction cache: a document already read, with the same bytes, the same file name and the same extractor,
is not read again (incremental builds).

What is cached: the result of extracting one document (`pipeline.extract_document`: the `BuildInput` — text read,
family, records with their themes — or the `Skipped` of a document without text), before anything build-wide
(IRI keys, graph) is done with it. Everything after extraction runs on every build, so the outputs of a build
with the cache are byte-identical to those of a clean build.

The key of an entry:
  * the SHA-256 of the document's bytes and its file name (records name their file; the format follows the
    suffix): one file per document, `<dir>/<sha256[:2]>/<sha256>-<sha256 of the name, 16 hex>.pickle`;
  * the *extractor version* (`extractor_version()`), stored in the entry and checked when it is read: a digest,
    computed once per process, of every file of the isgraph package (code and data, the site's static assets
    excepted) and of the ontology folder, of the Python version and of the versions of the libraries that read
    the formats (pypdf, lxml, python-docx, openpyxl, xlrd) and rdflib. Conservative on purpose: any change of the code or data
    invalidates every entry.
An entry that is truncated, unreadable, of another format or extractor version, or that names another document is
ignored (the document is extracted again and the entry rewritten), never an error. Entries are written atomically
(temporary file + `os.replace`) and never modified in place, so they can be shared by hard links.

Where it lives (`isgraph build`): by default `OUT/.cache/extract/`, read from the previous output and written into
the new one as it is staged, so it follows OUT's atomic swap: it holds exactly the entries of the documents of the
last published build (pruned), and a build that fails or is rejected leaves it as it was. It is not a published
file (not in SHA256SUMS nor in the site; `isgraph serve` serves no hidden path). `--cache DIR`: DIR is read and
written in place and never pruned (shared by several outputs, or kept across `--out`); `--no-cache`: no cache.

Trust model: entries are Python pickles, and reading a pickle can run code. The cache is the user's own local
data, written by isgraph on this machine, like the output it sits in: never point `--cache` at a directory others
can write, never copy caches from elsewhere. The default location is read only from an output that carries the
isgraph marker (a foreign directory replaced with --force is never read as a cache). A wrong or stale entry cannot
change a build's outputs beyond what its key states: the name and SHA-256 stored in it are checked against the
document.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "isgraph-extract-cache-1"  # layout of an entry: (FORMAT, version, sha256, name, pickled result)
LIBRARIES = ("pypdf", "lxml", "python-docx", "olefile", "openpyxl", "xlrd", "rdflib")  # the readers of the formats, and rdflib (themes.ttl)


@functools.lru_cache(maxsize=None)
def _version() -> str:
    from importlib import metadata

    from isgraph import paths

    h = hashlib.sha256()
    h.update(f"{FORMAT}\npython {sys.version}\n{sys.implementation.cache_tag}\n".encode())
    for lib in LIBRARIES:
        try:
            version = metadata.version(lib)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{lib} {version}\n".encode())
    for root in paths.extraction_source_roots():
        for f in sorted(root.rglob("*")):
            if not f.is_file() or "__pycache__" in f.parts or f.suffix in (".pyc", ".pyo"):
                continue
            if paths.SITE_ASSETS_DIR == f or paths.SITE_ASSETS_DIR in f.parents:
                continue
            data = f.read_bytes()
            h.update(f"{root.name}/{f.relative_to(root).as_posix()} {len(data)}\n".encode())
            h.update(data)
    return h.hexdigest()


def extractor_version() -> str:
    """The digest of what extraction depends on (see the module docstring), computed once per process."""
    return _version()


def entry_path(sha256: str, name: str) -> Path:
    """The path of a document's entry, relative to the cache directory."""
    name_hash = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(sha256[:2]) / f"{sha256}-{name_hash}.pickle"


def dump(version: str, sha256: str, name: str, result) -> bytes:
    """The bytes of an entry: a small header checked before the result itself is unpickled."""
    blob = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    return pickle.dumps((FORMAT, version, sha256, name, blob), protocol=pickle.HIGHEST_PROTOCOL)


def load(raw: bytes, version: str, sha256: str, name: str):
    """The result stored in an entry, or None when it is not a valid entry of this document and version."""
    try:
        head = pickle.loads(raw)
        if not (isinstance(head, tuple) and len(head) == 5 and head[:4] == (FORMAT, version, sha256, name)
                and isinstance(head[4], bytes)):
            return None
        return pickle.loads(head[4])
    except Exception:  # truncated, garbage, a class that no longer exists...: a miss
        return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a temporary file beside it, then os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


@dataclass
class ExtractCache:
    """The cache of one build.

    `source`: the directory entries are read from (None: nothing to read). `in_place`: entries of documents
    extracted are written into `source` at once (`--cache DIR`); otherwise they are kept and written, with links
    to the entries reused, into the staged output by `write_into` (the default: OUT/.cache/extract)."""

    source: Path | None
    in_place: bool = False
    hits: int = 0
    misses: int = 0
    warnings: list[str] = field(default_factory=list)
    version: str = ""
    _used: dict = field(default_factory=dict)  # relative entry path -> Path of the entry reused, or bytes to write
    _spill: Path | None = None  # temporary folder holding the new entries until write_into
    # where that folder is made: beside the output (`spill_folder`), so that a build killed with SIGKILL leaves
    # nothing in /tmp that no one removes (the next build into the same output removes it); None: the system's
    spill_beside: Path | None = None

    def __post_init__(self) -> None:
        self.version = self.version or extractor_version()

    def get(self, sha256: str, name: str, check=None):
        """The cached result of the document (name, bytes' SHA-256), or None (then `put` its result); `check`:
        a test the result must pass too (else it is a miss)."""
        rel = entry_path(sha256, name)
        if self.source is not None:
            path = self.source / rel
            try:
                raw = path.read_bytes()
            except OSError:
                raw = None
            if raw is not None:
                result = load(raw, self.version, sha256, name)
                if result is not None and (check is None or check(result)):
                    self.hits += 1
                    self._used[rel] = path
                    return result
        return None

    def put(self, sha256: str, name: str, result) -> None:
        """Record the result of a document just extracted (pickled now: later stages may change the objects)."""
        self.put_bytes(sha256, name, dump(self.version, sha256, name, result))

    def put_bytes(self, sha256: str, name: str, entry: bytes) -> None:
        self.misses += 1
        rel = entry_path(sha256, name)
        if self.in_place and self.source is not None:
            self._write(self.source / rel, entry)
            return
        # kept on disk until the output is staged, not in memory (a first national build: every document's records)
        spill = self._spill_dir()
        if spill is None:
            self._used[rel] = entry
            return
        try:
            write_atomic(spill / rel, entry)
            self._used[rel] = spill / rel
        except OSError:
            self._used[rel] = entry

    def _spill_dir(self) -> Path | None:
        if self._spill is None:
            if self.spill_beside is not None:
                out = self.spill_beside  # (open_cache removed the folders of dead builds beside it)
                try:
                    out.parent.mkdir(parents=True, exist_ok=True)
                    self._spill = Path(tempfile.mkdtemp(prefix=f"{_spill_prefix(out)}{os.getpid()}-", dir=out.parent))
                    return self._spill
                except OSError:
                    pass  # a read-only parent: the system's temporary folder
            try:
                self._spill = Path(tempfile.mkdtemp(prefix="isgraph-cache-"))
            except OSError:
                return None
        return self._spill

    def close(self) -> None:
        """Remove the temporary copies of new entries (after `write_into`)."""
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None

    def write_into(self, directory: Path) -> None:
        """Write the entries this build used into `directory` (the staged output's cache): hard links to the
        entries reused (a copy where links are not possible), the new entries written."""
        if self.in_place:
            return
        for rel, what in sorted(self._used.items()):
            dest = directory / rel
            if isinstance(what, Path):
                try:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.link(what, dest)
                    continue
                except OSError:
                    pass
                try:
                    shutil.copyfile(what, dest)
                    continue
                except OSError:
                    pass
            else:
                self._write(dest, what)

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomic(path, data)
        except OSError as exc:
            if not self.warnings:
                self.warnings.append(f"{path.parent.parent}: cannot write the extraction cache "
                                     f"({exc.strerror or exc}); the next build will read these documents again")


def _spill_prefix(out: Path) -> str:
    return f".{out.name}.cache-"


def remove_stale_spills(out: Path) -> None:
    """Remove the temporary cache folders beside `out` whose build is gone (its process id in the name is no
    running process): what a build killed with SIGKILL left. A running build's folder is never touched."""
    prefix = _spill_prefix(out)
    try:
        found = [p for p in out.parent.iterdir() if p.name.startswith(prefix) and p.is_dir() and not p.is_symlink()]
    except OSError:
        return
    for path in found:
        pid = path.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def open_cache(out: Path, directory: Path | None = None, enabled: bool = True) -> ExtractCache | None:
    """The cache of a build into `out`: `directory` (read and written in place) when given, else
    OUT/.cache/extract of the previous output (read only if `out` is an isgraph output), None when disabled."""
    from isgraph import paths
    from isgraph.publication.publish import MARKER

    if not enabled:
        return None
    if directory is not None:
        return ExtractCache(Path(directory), in_place=True)
    out = Path(out)
    beside = out.resolve() if out.name else None
    if beside is not None:
        remove_stale_spills(beside)
    source = paths.default_extract_cache(out)
    return ExtractCache(source if (out / MARKER).is_file() and source.is_dir() else None, spill_beside=beside)
