"""The build: documents -> records -> graph -> reasoning -> validation -> publication."""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from isgraph.extract import cache as extract_cache
from isgraph import paths
from isgraph.extract import themes
from isgraph.extract.first_names import marked_first_names, name_pattern, without_sentences_naming
from isgraph.publication import publish
from isgraph.rdf import reasoning
from isgraph.ingest.documents import NoTextError, assign_keys, list_documents, read_bytes, read_document
from isgraph.errors import InputError, IsgraphError
from isgraph.extract import registry
from isgraph.rdf.graph import BuildInput, build_graph
from isgraph.rdf.graphio import add_all
from isgraph.namespaces import DEFAULT_BASE, ISG
from isgraph.privacy import graph_leaks, scrub, term_leaks
from isgraph.resources import ontology_graph, scheme_graph
from isgraph.validate.validation import Report, validate


GENERIC_READER = "generique"  # the family code of the generic reader (extract/registry.py)


@dataclass
class Skipped:
    """A document the build could not read text from (see documents.NoTextError): named, with the reason."""

    path: Path
    reason: str


@dataclass
class DocumentReport:
    """What the build read from one document: for the summary (reader, initiatives) and --verbose (spans)."""

    name: str
    media_type: str = ""
    reader: str | None = None  # the family code, "generique" for the generic reader, None when nothing read it
    initiatives: list[tuple[str, int, int, int | None, int | None]] = field(default_factory=list)  # title, lines, pages
    pages: int | None = None
    reason: str | None = None  # why nothing was found / why the document was skipped

    @property
    def kind(self) -> str:
        from isgraph.ingest import FORMATS

        names = {v[0]: k.lstrip(".").upper() for k, v in reversed(FORMATS.items())}
        kind = names.get(self.media_type, "")
        return kind + (f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages is not None else "")


class NoInitiativeError(InputError):
    """A build that found no initiative at all: nothing is published (exit 2)."""

    def __init__(self, message: str, result: "BuildResult", **kw):
        super().__init__(message, **kw)
        self.result = result


@dataclass
class BuildResult:
    out: Path
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # one line each, naming the file
    counts: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    report: Report | None = None
    timings: dict[str, float] = field(default_factory=dict)
    peak_mb: dict[str, float] = field(default_factory=dict)  # peak RSS of the process at the end of each stage
    scrubbed: int = 0
    published: bool = False
    reports: list[DocumentReport] = field(default_factory=list)  # one per document, sorted by file name
    masked_lines: int = 0  # lines of OUT/documents/*.txt where personal data was masked
    site: object = None  # site.SiteStats of OUT/site/
    cache_used: bool = False  # the build had an extraction cache (isgraph.extract.cache)
    from_cache: int = 0  # documents (kept or skipped) read from the extraction cache instead of extracted
    files: int = 0  # document files of the input
    site_skipped: str | None = None  # why OUT/site/ was not written (--site never / auto on a large graph)
    answers: int = 0  # precomputed answers in OUT/store/answers.sqlite (isgraph.query.answers)
    answers_skipped: str | None = None  # why they were not computed (--answers never / auto on a large graph)

    @property
    def conforms(self) -> bool:
        return bool(self.report and self.report.conforms)


def extract_document(path: Path, data: bytes | None = None) -> BuildInput | Skipped:
    """Read and extract one document (`data`: its bytes, when already read)."""
    try:
        doc = read_document(path, data)
    except NoTextError as exc:
        return Skipped(path, exc.message)
    family, records = registry.extract(doc)
    # persons quoted by their first name alone ('témoigne Sandrine, bénévole'): no description names them
    alone = name_pattern(marked_first_names(doc.text)) if records else None
    for rec in records:
        rec.description = without_sentences_naming(rec.description, alone)
        rec.themes = themes.classify_record(rec)
    return BuildInput(doc, family, records)


def _extract_for_cache(job: tuple[Path, str]) -> tuple[str, bytes]:
    """Worker of a cached parallel extraction: (SHA-256 of the bytes read, the cache entry of the result).

    The document is read again here (its bytes are not sent to the worker): the entry is keyed by what was read."""
    path, version = job
    data = read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    return sha, extract_cache.dump(version, sha, path.name, extract_document(path, data))


def _restored(item, path: Path, sha: str):
    """Whether a cached result is one of this document (then its path is set to where the document is now)."""
    if isinstance(item, BuildInput):
        if item.document.name != path.name or item.document.sha256 != sha:
            return False
        item.document.path = path
        return True
    if isinstance(item, Skipped):
        item.path = path
        return True
    return False


def extract_all(paths_: list[Path], jobs: int = 1, progress=None,
                cache: extract_cache.ExtractCache | None = None) -> list[BuildInput | Skipped]:
    """Extract every document (in parallel with `jobs` processes); `progress` (isgraph.progress.Progress) is told
    each document read. With a `cache` (isgraph.extract.cache), a document whose entry is there is not extracted again;
    only the others are extracted (and sent to the worker processes), and their results recorded in the cache."""
    if cache is not None:
        return _extract_cached(paths_, jobs, progress, cache)
    if jobs <= 1 or len(paths_) <= 1:
        out = []
        for i, p in enumerate(paths_, start=1):
            out.append(extract_document(p))
            if progress is not None:
                progress.documents(i, len(paths_), p.name)
        return out
    with _pool(jobs) as pool:
        out = []
        for i, item in enumerate(pool.map(extract_document, paths_, chunksize=_chunksize(len(paths_), jobs)),
                                 start=1):
            out.append(item)
            if progress is not None:
                progress.documents(i, len(paths_), _name(item))
        return out


def _name(item: BuildInput | Skipped) -> str:
    return item.path.name if isinstance(item, Skipped) else item.document.name


def _chunksize(n: int, jobs: int) -> int:
    return max(1, n // (jobs * 4))


def _pool(jobs: int) -> ProcessPoolExecutor:
    # load the shared vocabularies once here: forked workers inherit them instead of each loading its own copy
    from isgraph.resolve import territories

    territories.load_gazetteer()
    themes.thesaurus()
    registry.extractors()  # the readers' modules (and their compiled patterns), imported once, before the fork
    registry.fallback()
    return ProcessPoolExecutor(max_workers=jobs)


def _extract_cached(paths_: list[Path], jobs: int, progress, cache: extract_cache.ExtractCache) -> list:
    """extract_all with a cache: each document's bytes are read once to look it up; a miss read alone is
    extracted from these bytes, misses for the worker processes are read again there."""
    total, done = len(paths_), 0
    out: list = [None] * total
    parallel = jobs > 1 and total > 1
    misses: list[int] = []
    for i, p in enumerate(paths_):
        data = read_bytes(p)
        sha = hashlib.sha256(data).hexdigest()
        item = cache.get(sha, p.name, check=lambda item, p=p, sha=sha: _restored(item, p, sha))
        if item is None and not parallel:
            item = extract_document(p, data)
            cache.put(sha, p.name, item)
        if item is None:
            misses.append(i)
            continue
        out[i] = item
        done += 1
        if progress is not None:
            progress.documents(done, total, p.name)
    if len(misses) <= 1 or jobs <= 1:  # one document left: not worth starting processes
        results = map(_extract_for_cache, [(paths_[i], cache.version) for i in misses])
        pool = None
    else:
        pool = _pool(min(jobs, len(misses)))
        results = pool.map(_extract_for_cache, [(paths_[i], cache.version) for i in misses],
                           chunksize=_chunksize(len(misses), jobs))
    try:
        for i, (sha, entry) in zip(misses, results):
            cache.put_bytes(sha, paths_[i].name, entry)
            out[i] = extract_cache.load(entry, cache.version, sha, paths_[i].name)
            done += 1
            if progress is not None:
                progress.documents(done, total, paths_[i].name)
    finally:
        if pool is not None:
            pool.shutdown()
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (the extraction workers are not counted)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def count_classes(graph: Graph) -> dict[str, int]:
    names = ["Document", "Initiative", "Acteur", "Financeur", "Territoire", "Role"]
    return {n: len(set(graph.subjects(RDF.type, ISG[n]))) for n in names}


class PersonTitles:
    """Takes contact persons' names out of initiatives' titles (`clean`), for a whole build's set of names.

    A title is only compared with the names whose first folded word is one of its own words (an index built once):
    linear in the titles, whatever the number of names. (Comparing every title with every name was quadratic: 61 s
    of a 100x build's 90 s of graph building, for 12,700 titles and their documents' contacts.)"""

    def __init__(self, persons: set[str]):
        from isgraph.normalize import fold

        self.order = sorted((p for p in persons if p.strip()), key=lambda p: (-len(p), p))  # longest name first
        self.folded = [fold(p) for p in self.order]
        self.by_word: dict[str, list[int]] = {}
        self.wordless: list[int] = []  # names with no letter or digit: found in any title by `in`, tried on each
        for i, f in enumerate(self.folded):
            if f:
                self.by_word.setdefault(f.split(" ", 1)[0], []).append(i)
            else:
                self.wordless.append(i)

    def _candidates(self, folded_title: str, after: int) -> list[int]:
        found = {i for w in set(folded_title.split()) for i in self.by_word.get(w, ()) if i > after}
        return sorted(found.union(i for i in self.wordless if i > after))

    def clean(self, title: str) -> str:
        """The title with no contact person's name in it, so that neither its label nor its IRI holds one:
        '« Une cantine qui roule » : entretien avec Maud Lefranc' -> '« Une cantine qui roule »' (the name and the
        words that introduce it left out). Titles naming no one are returned as they are."""
        import re

        from isgraph.normalize import fold

        folded = fold(title)
        todo = self._candidates(folded, -1)
        while todo:
            i = todo.pop(0)
            p, fp = self.order[i], self.folded[i]
            if fp not in folded:
                continue
            at = re.search(rf"(?<!\w){re.escape(p)}(?!\w)", title, re.IGNORECASE)
            if at is None and len(folded) == len(title):  # ('Quéré' written 'Quere'): the folded span
                at = re.search(rf"(?<!\w){re.escape(fp)}(?!\w)", folded)
            if at is None:
                continue
            head = re.sub(r"(?i)[\s,:;–—-]*(?:(?:entretien|interview|rencontre|portrait|conversation|échange|dialogue)"
                          r"\s*)?(?:(?:avec|de|du|d['’]|par|pour|à|chez)\s*)?(?:(?:M\.|Mme|Mr|Monsieur|Madame)\s*)?$",
                          "", title[:at.start()])
            rest = title[at.end():].lstrip(" ,:;–—-")
            title = (head + (" – " + rest if head and rest else rest)).strip() or title
            folded = fold(title)
            todo = self._candidates(folded, i)
        return title


def title_without_persons(title: str, persons: set[str]) -> str:
    """`PersonTitles(persons).clean(title)`, for one title."""
    return PersonTitles(persons).clean(title)


def assemble(items: list[BuildInput], base: str = DEFAULT_BASE) -> tuple[Graph, int]:
    """Asserted graph + SKOS schemes -> reasoned graph, with personal data scrubbed. Returns (graph, scrubbed)."""
    persons = {p for item in items for rec in item.records for p in rec.personnes}
    titles = PersonTitles(persons)
    for item in items:
        for rec in item.records:
            rec.title = titles.clean(rec.title)
    asserted = build_graph(items, base)
    scrubbed = scrub(asserted, persons)
    add_all(asserted, scheme_graph())
    add_all(asserted, reasoning.infer(asserted, ontology_graph()))  # in place: no copy of the asserted graph
    return asserted, scrubbed


def check_cache_dir(directory: Path, out: Path) -> None:
    """`--cache DIR` must be a directory (or not exist yet) outside the output directory (which is replaced)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError("the cache exists and is not a directory", path=directory)
    resolved, target = publish._resolved(directory), publish._resolved(Path(out))
    if resolved == target or target in resolved.parents:
        raise InputError(f"the cache must not be inside the output directory {out} (it is replaced whole; "
                         "without --cache the cache follows the output)", path=directory)


@contextmanager
def cyclic_gc_paused():
    """The cyclic garbage collector's automatic runs off for the duration; `gc_checkpoint()` between stages.

    A build holds millions of long-lived objects (terms, triples, index dicts) that hold no reference cycles; each
    automatic full collection walks all of them again, which made the collector the largest cost of a large build:
    at 100x the seeds, loading 829k triples took 56 s with it and 32 s without, and their SHACL validation 32 s
    against 6.5 s (BENCHMARKS.md "Garbage collector"). Objects are still freed as soon as nothing refers to them;
    the few reference cycles of extraction, graph and validation are collected at each stage's end
    (gc_checkpoint), and the collector runs again during publication (which makes many) on the new objects only."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_on:
            gc.enable()
        else:
            gc.disable()


# from this size on the SHACL engine's SPARQL store is on disk. Measured at 1000x the seeds (7.2 M triples,
# BENCHMARKS.md "Giving memory back"): on disk, validation added 191 MB instead of 1.3 GB but took 96 s instead of
# 65 s, and the build's peak (publication's since malloc_trim) was 5,179 MB instead of 5,362: not worth 30 s there;
# above, the in-memory store (~190 MB a million triples) would become the peak.
SPILL_MIN_TRIPLES = 10_000_000


def gc_checkpoint() -> None:
    """Between stages of a build: collect the reference cycles made since the last checkpoint, then set every
    surviving object aside (gc.freeze), so that the next checkpoint walks only what is new; then give the freed
    memory back to the system (release_memory)."""
    gc.collect()
    gc.freeze()
    release_memory()


@functools.lru_cache(maxsize=None)
def _malloc_trim():
    """glibc's malloc_trim, or None where there is none (looked up once)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to call
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_memory() -> None:
    """glibc's malloc_trim(0): hand the free pages of the heap back to the system.

    A stage's freed memory (the SHACL engine's pyoxigraph store of the SPARQL predicates' triples, its caches, the
    records once in the graph) stays in the process otherwise, and the next stage's allocations do not all fit in
    its holes: at 100x the seeds, RSS after validation went from 711 MB to 537 MB (BENCHMARKS.md, "Giving memory
    back"). A no-op where malloc_trim does not exist."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def build(seeds: Path, out: Path, *, base: str = DEFAULT_BASE, jobs: int | None = None,
          store: bool = True, force: bool = False, progress=None, site: str = "auto", cache: bool = True,
          cache_dir: Path | None = None, answers: str = "auto") -> BuildResult:
    """`progress`: an isgraph.progress.Progress told the documents read and the stages (None: silent);
    `site`: write OUT/site/ "auto" (graphs up to site.build.SITE_AUTO_MAX_TRIPLES), "always" or "never".

    `cache` (isgraph.extract.cache): documents already extracted by the previous build into `out` are read from its
    OUT/.cache/extract/, and the entries of this build's documents are published with the new output;
    `cache_dir`: that directory instead (read and written in place, never pruned); `cache=False`: none.
    `answers`: precompute the stored queries' wide calls into OUT/store/answers.sqlite (isgraph.query.answers):
    "auto" (graphs up to ANSWERS_AUTO_MAX_TRIPLES), "always" or "never"."""
    opened: list = []  # the build's extraction cache, closed (its temporary entries removed) whatever happens
    try:
        with cyclic_gc_paused():
            return _build(seeds, out, base=base, jobs=jobs, store=store, force=force, progress=progress, site=site,
                          cache=cache, cache_dir=cache_dir, opened=opened, answers=answers)
    finally:
        for c in opened:
            c.close()


def _build(seeds: Path, out: Path, *, base: str, jobs: int | None, store: bool, force: bool, progress,
           site: str, cache: bool, cache_dir: Path | None, opened: list, answers: str = "auto") -> BuildResult:
    from isgraph.progress import Progress

    progress = progress or Progress(enabled=False)
    t0 = time.perf_counter()
    publish.check_output(out, sources=[seeds], force=force)  # before any work: never the input, a file, `/`...
    if cache and cache_dir is not None:
        check_cache_dir(cache_dir, out)
    result = BuildResult(out=Path(out))
    from isgraph.ingest.documents import unread_files

    others: list[str] = []
    files = list_documents(seeds, unread=others)
    result.files = len(files)
    unread = unread_files(seeds, names=others)
    if unread:
        result.warnings.append(unread)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    ecache = extract_cache.open_cache(out, cache_dir, enabled=cache)
    if ecache is not None:
        opened.append(ecache)
    items = extract_all(files, jobs=min(jobs, len(files)), progress=progress, cache=ecache)
    if ecache is not None:
        result.from_cache = ecache.hits
        result.cache_used = True
        result.warnings += ecache.warnings
    kept = []
    result.warnings += assign_keys([item.document for item in items if not isinstance(item, Skipped)])
    for item in items:
        if isinstance(item, Skipped):
            result.skipped.append(item.path.name)
            result.warnings.append(f"{item.path}: {item.reason}; skipped")
            result.reports.append(DocumentReport(item.path.name, reason=item.reason))
            continue
        doc = item.document
        report = DocumentReport(doc.name, doc.media_type, item.family, pages=doc.page_count)
        result.reports.append(report)
        if doc.encoding != "utf-8":
            result.warnings.append(f"{doc.path}: not UTF-8, decoded as {doc.encoding}")
        if doc.repaired_lines:
            more = f" (and {len(doc.repaired_lines) - 1} more lines)" if len(doc.repaired_lines) > 1 else ""
            result.warnings.append(f"{doc.path}:{doc.repaired_lines[0]}: invalid UTF-8 bytes read as cp1252{more}")
        if item.family is None or not item.records:
            result.skipped.append(doc.name)
            what = ("unknown kind of document" if item.family is None
                    else "the generic reader found no initiative block" if item.family == "generique"
                    else f"{item.family} document")
            report.reason = f"no initiative found ({what})"
            result.warnings.append(f"{doc.path}: no initiative found ({what}); skipped")
        else:
            report.initiatives = [(r.title, r.start, r.end, doc.page_of(r.start), doc.page_of(r.end))
                                  for r in item.records]
            kept.append(item)
    result.reports.sort(key=lambda r: r.name)
    result.documents = len(kept)
    if not kept:
        raise NoInitiativeError(f"no initiative found in any of the {len(items)} documents; nothing published "
                                f"({Path(out)} left as it was)", result, path=seeds)
    for item in kept:  # the graph reads the records, not the text: it waits for OUT/documents/ compressed
        item.document.text = ""  # (the lines hold the same text)
        item.document.pack()
    gc_checkpoint()
    t1 = time.perf_counter()
    result.timings["extract"] = t1 - t0
    result.peak_mb["extract"] = peak_rss_mb()

    progress.stage("graph and reasoning")
    graph, result.scrubbed = assemble(kept, base)
    persons = {p for item in kept for rec in item.records for p in rec.personnes}
    for item in kept:  # the records are in the graph now: their memory goes back (a tenth of a national build's)
        item.records = []
    gc_checkpoint()
    t2 = time.perf_counter()
    result.timings["graph+reasoning"] = t2 - t1
    result.peak_mb["graph+reasoning"] = peak_rss_mb()

    progress.stage("SHACL validation")
    # the SPARQL shapes of a graph above SPILL_MIN_TRIPLES read their triples from an on-disk store beside the output
    spill = Path(out).resolve().parent if len(graph) >= SPILL_MIN_TRIPLES else None
    result.report = validate(graph, spill_dir=spill)
    gc_checkpoint()
    gc.enable()  # publication makes reference cycles (json's encoders, one per node object): collected as usual,
    # the collector walking only the objects made since the checkpoint (the graph is set aside by gc.freeze)
    t3 = time.perf_counter()
    result.timings["validation"] = t3 - t2
    result.peak_mb["validation"] = peak_rss_mb()
    result.counts = count_classes(graph)
    result.triples = len(graph)

    target = Path(out)
    if not result.conforms:
        target = target.parent / f"{target.name}.rejected"
    progress.stage(f"writing {target}/")
    with publish.staged_directory(target, force=force) as tmp:
        from isgraph.query.store import STORE_DIRNAME
        write_outputs(graph, tmp, base, persons, result, kept, site=site,
                      store_dir=tmp / STORE_DIRNAME if store and result.conforms else None, parallel=jobs > 1)
        from isgraph.query.answers import answers_decision
        result.answers_skipped = answers_decision(answers, result.triples) if store and result.conforms else \
            "not precomputed (no store)"
        if result.answers_skipped is None:  # the wide calls of the stored queries, answered once on the loaded
            # store, after the graph has gone (its memory is what the queries' rows reuse)
            result.timings["publish"] = time.perf_counter() - t3
            result.peak_mb["publish"] = peak_rss_mb()
            del graph
            gc.unfreeze()
            gc.collect()
            progress.stage("precomputed answers")
            t4 = time.perf_counter()
            from isgraph.query.answers import ANSWERS_FILE, write_for_build
            result.answers = write_for_build(tmp / STORE_DIRNAME, tmp / "isgraph.ttl", tmp / STORE_DIRNAME / ANSWERS_FILE,
                                             threads=jobs)
            result.timings["answers"] = time.perf_counter() - t4
            result.peak_mb["answers"] = peak_rss_mb()
        if ecache is not None and result.conforms:  # a rejected build leaves the previous output's cache alone
            before = len(ecache.warnings)
            ecache.write_into(paths.default_extract_cache(tmp))
            result.warnings += ecache.warnings[before:]
    if store and result.conforms:
        from isgraph.query.store import STORE_DIRNAME, write_stamp
        write_stamp(target / "isgraph.ttl", target / STORE_DIRNAME)
    progress.done()
    result.published = result.conforms
    if "answers" not in result.timings:
        result.timings["publish"] = time.perf_counter() - t3
        result.peak_mb["publish"] = peak_rss_mb()
    result.timings["total"] = time.perf_counter() - t0
    return result


def write_outputs(graph: Graph, tmp: Path, base: str, persons: set[str], result: BuildResult,
                  items: list[BuildInput], site: str = "auto", store_dir: Path | None = None,
                  parallel: bool = True) -> None:
    """Every published file, written from one sorted pass over the graph (`publish.Publication`).

    Personal data: the serialisations (Turtle, N-Triples, JSON-LD, TriG) are written only from the graph's terms, so
    each distinct term is checked once for contact names, e-mails and phone numbers before anything is written;
    the derived files (CSV cells, catalogue) are checked as text by the bundle."""
    from isgraph.ingest.published import documents_writer  # OUT/documents/, in a forked process while the serialisations
    documents = documents_writer([item.document for item in items], tmp, persons, parallel=parallel)  # are written
    try:
        _write_outputs(graph, tmp, base, persons, result, items, site, store_dir, documents)
    finally:
        documents.cancel()  # after an error only: a finished writer has nothing to stop


def _write_outputs(graph: Graph, tmp: Path, base: str, persons: set[str], result: BuildResult, items, site: str,
                   store_dir: Path | None, documents) -> None:
    from isgraph.publication.bundle import write_bundle

    pub = publish.Publication(graph, base)
    terms = pub.term_texts()
    names = graph_leaks(graph, persons, terms)
    if names:
        raise IsgraphError(f"refusing to publish: contact names found in the graph ({len(names)} terms)")
    found = term_leaks(terms)
    if found:
        raise IsgraphError(f"refusing to publish: personal data (e-mails / phone numbers) in {len(found)} terms")
    ctx = json.dumps(pub.jsonld_context(), ensure_ascii=False, indent=1) + "\n"
    pub.write_turtle(tmp / "isgraph.ttl")
    pub.write_ntriples(tmp / "isgraph.nt")
    pub.write_jsonld(tmp / "isgraph.jsonld")
    publish.write_text(tmp / publish.CONTEXT_FILE, ctx)
    publish.write_text(tmp / "report.txt", result.report.text())
    for f in paths.ontology_files():
        publish.write_text(tmp / "ontology" / f.name, f.read_text(encoding="utf-8"))
    result.masked_lines = documents.wait()  # OUT/documents/ (the site reads it)
    from isgraph.site.build import site_decision, site_for_build  # OUT/site/ (before the bundle: SHA256SUMS lists it)
    result.site_skipped = site_decision(site, len(graph))
    if result.site_skipped is None:
        result.site = site_for_build(graph, tmp, base, persons, items)
    loading = None
    if store_dir is not None:  # the embedded store, bulk-loaded from isgraph.nt while the bundle is written (after
        from isgraph.query.store import BackgroundStore  # the site: its page writers are forked, never beside a thread)
        loading = BackgroundStore(tmp / "isgraph.nt", store_dir)
    try:
        # CSV + workbook + datapackage.json, TriG, initiatives.jsonld, DCAT/VoID catalog.ttl, ontology/index.html,
        # SHA256SUMS (names already checked on the graph: graph_leaks). Not in a forked process beside the
        # serialisations: at 100x that saved 7 s of 48 but the two processes held 1,296 MiB instead of 987.
        write_bundle(graph, tmp, base, set(), publication=pub)
    finally:
        if loading is not None:
            loading.wait()


def document_lines(result: BuildResult, verbose: bool = False) -> list[str]:
    """One line per document: the reader that read it and the initiatives found, or why nothing was found;
    verbose: each initiative's line span (and pages) and title under its document."""
    lines = []
    for r in result.reports:
        head = f"  {r.name}" + (f" ({r.kind})" if r.kind else "")
        if r.initiatives:
            n = len(r.initiatives)
            reader = "generic reader" if r.reader == GENERIC_READER else f"reader {r.reader}"
            lines.append(f"{head}: {reader}, {n} initiative{'s' if n != 1 else ''}")
            if verbose:
                for title, a, b, pa, pb in r.initiatives:
                    pages = (f" p.{pa}" + (f"-{pb}" if pb != pa else "")) if pa is not None else ""
                    lines.append(f"      l.{a}-{b}{pages}  {title}")
        else:
            lines.append(f"{head}: skipped: {r.reason}")
    return lines


def documents_line(result: BuildResult) -> str:
    """`documents: 50 (48 from the cache)`, `documents: 50 (2 skipped: a.pdf, b.txt; 49 of 52 files from the
    cache)`: the documents kept, those skipped, and how many of the files were read from the extraction cache."""
    notes = []
    if result.skipped:
        notes.append(f"{len(result.skipped)} skipped: {', '.join(result.skipped)}")
    if result.cache_used:
        total = result.files or result.documents
        notes.append(f"{result.from_cache} from the cache" if total == result.documents
                     else f"{result.from_cache} of {total} files from the cache")
    return f"documents: {result.documents}" + (f" ({'; '.join(notes)})" if notes else "")


def summary_lines(result: BuildResult, verbose: bool = False) -> list[str]:
    c = result.counts
    lines = [
        documents_line(result),
        *document_lines(result, verbose),
        f"initiatives: {c.get('Initiative', 0)}  actors: {c.get('Acteur', 0)}  funders: {c.get('Financeur', 0)}  "
        f"territories: {c.get('Territoire', 0)}  roles: {c.get('Role', 0)}",
        f"triples: {result.triples}",
        "SHACL: " + (f"conforms ({len(result.report.results)} warnings, see report.txt)" if result.conforms and result.report.results
                     else "conforms" if result.conforms else f"{len(result.report.results)} results (see report.txt)"),
        f"time: {result.timings.get('total', 0):.2f} s (" + ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items() if k != 'total') + ")",
        *([f"memory: peak {max(result.peak_mb.values()):,.0f} MB (after " + ", ".join(
            f"{k} {v:,.0f}" for k, v in result.peak_mb.items()) + ")"] if result.peak_mb else []),
    ]
    if result.site is not None:
        lines.append(result.site.line())
    elif result.site_skipped:
        lines.append(f"site: {result.site_skipped}")
    if result.answers:
        lines.append(f"answers: {result.answers} wide calls of the stored queries precomputed (store/answers.sqlite)")
    elif result.answers_skipped and result.published:
        lines.append(f"answers: {result.answers_skipped}")
    if result.scrubbed:
        lines.append(f"privacy: {result.scrubbed} literals with personal data removed")
    if result.masked_lines:
        lines.append(f"privacy: personal data masked on {result.masked_lines} lines of documents/*.txt")
    return lines
