"""`isgraph site` / the end of `isgraph build`: write the static site of a graph into a folder.

Layout of the folder (every link relative, so it works from any static host, or opened from the folder itself:
each JSON file a script reads has a .js twin read by a <script> element over file://):

    index.html                     home: search, facets, map          recherche.json / .js   its search documents
    id/{kind}/{slug}/index.html    one page per node of the graph, at the path of its IRI (see pages.node_path),
                 …/index.json      the data the page shows, …/index.ttl, index.nt, index.jsonld its description
    theme/ role/ fonction/ type-acteur/ prix/   the vocabulary concepts and schemes, same five files
    initiatives/ territoires/ financeurs/       lists (no JavaScript needed)
    questions/{name}/              one form per stored query (questions.py)
    assets/                        style.css, data.js, app.js, question.js, vendor/ (MiniSearch, its licence)
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef

from isgraph.namespaces import DEFAULT_BASE, all_prefixes
from isgraph.privacy import EMAIL_RE, PHONE_RE, PUBLISHED_EMAIL_RE, PUBLISHED_PHONE_RE, ascii_fold, person_pattern
from isgraph.site import describe, home, render
from isgraph.site.pages import ISG, TERRITORY_LEVELS, TERRITORY_NAMES, Index, fold, funder_ranking, page_data
from isgraph.site.render import Links, e

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_FILES = ["style.css", "data.js", "app.js", "question.js", "vendor/minisearch.js", "vendor/LICENSE-minisearch.txt",
               "vendor/LICENSE-svg-maps.md"]
MASKED = "[ligne masquée : coordonnées personnelles]"


@dataclass
class SiteStats:
    pages: int = 0
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return f"site: {self.pages} pages, {self.files} files, {self.bytes / 1e6:.1f} MB in {self.seconds:.2f} s"


SITE_MODES = ("auto", "always", "never")
SITE_AUTO_MAX_TRIPLES = 500_000  # --site auto: about 6,000 initiatives, 45,000 pages (a national graph: millions)


def site_decision(mode: str, triples: int) -> str | None:
    """None when the site is to be written for a graph of `triples` triples, else the reason it is not
    (`mode`: auto = up to SITE_AUTO_MAX_TRIPLES, always, never)."""
    if mode not in SITE_MODES:
        raise ValueError(f"site mode {mode!r}: expected one of {', '.join(SITE_MODES)}")
    if mode == "never":
        return "not written (--site never)"
    if mode == "auto" and triples > SITE_AUTO_MAX_TRIPLES:
        return (f"not written: {triples:,} triples is more than the {SITE_AUTO_MAX_TRIPLES:,} of --site auto "
                f"(a page per node: hundreds of thousands of files); write it with `isgraph site OUT/isgraph.ttl "
                f"--out DIR` or build with --site always, or serve the graph (`isgraph serve`: SPARQL editor at /)")
    return None


def mask_lines(lines: list[str], persons: set[str] | None = None, names=False) -> list[str]:
    """Source lines with every line holding an e-mail, a phone number or a contact name replaced by a notice.
    `names`: the person_pattern of `persons` when the caller has built it once for many documents."""
    if names is False:
        names = person_pattern(persons or set())
    out = []
    for line in lines:
        if (EMAIL_RE.search(line) or PHONE_RE.search(line) or PUBLISHED_EMAIL_RE.search(line)
                or PUBLISHED_PHONE_RE.search(line) or (names and names.search(ascii_fold(line)))):
            out.append(MASKED)
        else:
            out.append(line)
    return out


def texts_from_dir(directory: Path) -> dict[str, list[str]]:
    """{file name: lines} of the published texts OUT/documents/<name>.txt (or of source files)."""
    out = {}
    if directory and Path(directory).is_dir():
        for f in sorted(Path(directory).iterdir()):
            if f.is_file() and f.suffix.lower() in (".txt", ".md"):
                out[f.name] = f.read_text(encoding="utf-8", errors="replace").splitlines()
    return out


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def script_twin(json_text: str) -> str:
    """The .js twin of a JSON file: the same value, keyed by the script's own URL (the loader asked for it)."""
    return ("(window.isgraphData = window.isgraphData || {})[document.currentScript.src] =\n"
            + json_text + ";\n")


class _Writer:
    """Files of the site: folders made here, contents written by two threads (the system calls release the GIL,
    so writing thousands of small files overlaps with building the next pages)."""

    def __init__(self, root: Path):
        from concurrent.futures import ThreadPoolExecutor

        self.root = root
        self.files = 0
        self.bytes = 0
        self.folders: set[str] = set()
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="isgraph-site-write")
        self.pending: list = []

    def text(self, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        folder, _, _ = rel.rpartition("/")
        if folder not in self.folders:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self.folders.add(folder)
        self.pending.append(self.pool.submit(_write, os.path.join(self.root, rel), data))
        if len(self.pending) >= 512:
            self.flush()
        self.files += 1
        self.bytes += len(data)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        for f in pending:
            f.result()  # raises the first write error

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.pool.shutdown(wait=True)

    def json(self, rel: str, value, script: bool = False) -> None:
        """`rel` (a .json file); with `script`, also its .js twin for pages opened from a folder (file://), where
        browsers refuse fetch(): `loadData` in the page's script reads it by a <script> element (`script_twin`)."""
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        self.text(rel, text + "\n")
        if script:
            self.text(rel[: -len(".json")] + ".js", script_twin(text))

    def copy(self, src: Path, rel: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, path)
        self.files += 1
        self.bytes += path.stat().st_size


def _value_html(index: Index, links: Links, o) -> str:
    if isinstance(o, URIRef):
        return render.a(links, index.ref(o)) if index.path(o) and o in index.out else \
            f'<a href="{e(o)}" rel="noopener">{e(index.label(o) if o in index.out or o in index.vocab_labels else o)}</a>'
    if isinstance(o, Literal) and o.language:
        return f'{e(o)} <span class="lang">({e(o.language)})</span>'
    return e(o)


def _properties(index: Index, links: Links, node, triples) -> str:
    rows = []
    for s, p, o in triples:
        if s != node:
            continue
        rows.append((e(index.label(p)), _value_html(index, links, o)))
    return render.properties(links, rows)


def build_site(graph: Graph, out: Path, *, base: str = DEFAULT_BASE, texts: dict[str, list[str]] | None = None,
               text_links: dict[str, str] | None = None, vocabulary: Graph | None = None,
               questions: bool = True) -> SiteStats:
    """Write the site of `graph` into the folder `out` (created; files in it are overwritten).

    `texts`: {source file name: lines} (already masked) for the provenance extracts; `text_links`: {source file
    name: path of the published text file relative to the site root}."""
    t0 = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if vocabulary is None:
        from isgraph.resources import ontology_graph
        vocabulary = ontology_graph()
    index = Index(graph, base, vocabulary)
    describe.clear_cache()
    w = _Writer(out)
    try:
        return _build(index, w, out, base, texts, text_links, questions, graph, t0)
    finally:
        w.close()
        describe.clear_cache()


def _node_page(index: Index, w: "_Writer", node, pf, texts, text_links) -> None:
    path = index.path(node)
    data = page_data(index, node, texts)
    links = Links(path)
    fichier = (data.get("provenance") or {}).get("fichier") if data["kind"] == "initiative" else data.get("fichier")
    link = links.prefix + text_links[fichier] if fichier in text_links else None
    if data["kind"] == "initiative":
        if link:
            data["provenance"]["texte"] = link
        body = render.initiative(links, data, link)
    elif data["kind"] == "document":
        body = render.document(links, data, link)
    else:
        body = getattr(render, {"acteur": "actor", "territoire": "territory"}.get(data["kind"], data["kind"]))(links, data)
    triples = describe.description(index, node)
    body += _properties(index, links, node, triples)
    w.text(f"{path}/index.html", render.layout(links, data["label"], body, here=path, kind=data["kind"],
                                               iri=str(node)))
    w.json(f"{path}/index.json", data)
    w.text(f"{path}/index.ttl", describe.turtle(triples, pf))
    w.text(f"{path}/index.jsonld", describe.jsonld(triples, pf))


_SHARED: dict = {}  # what forked page writers read (inherited, never pickled)


def _node_pages(bounds: tuple[int, int]) -> tuple[int, int]:
    """In a forked process: the pages of nodes[lo:hi]; returns (files, bytes)."""
    st = _SHARED
    w = _Writer(st["out"])
    try:
        for node in st["nodes"][bounds[0]:bounds[1]]:
            _node_page(st["index"], w, node, st["pf"], st["texts"], st["text_links"])
    finally:
        w.close()
    return w.files, w.bytes


def _jobs(n_nodes: int) -> int:
    import multiprocessing

    if n_nodes < 400 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _build(index, w, out, base, texts, text_links, questions, graph, t0) -> SiteStats:
    pf = describe.Prefixes(all_prefixes(base))
    text_links = text_links or {}
    stats = SiteStats()
    nodes = index.pages()
    jobs = _jobs(len(nodes))
    pool = futures = None
    if jobs > 1:  # node pages in forked processes (they inherit the index) while this one writes the rest
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _SHARED.update(out=str(out), nodes=nodes, index=index, pf=pf, texts=texts, text_links=text_links)
        size = -(-len(nodes) // (jobs * 4))
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
        futures = [pool.submit(_node_pages, (lo, lo + size)) for lo in range(0, len(nodes), size)]
    else:
        for node in nodes:
            _node_page(index, w, node, pf, texts, text_links)
    stats.pages += len(nodes)
    try:
        _rest(index, w, stats, questions, graph)
        if futures is not None:
            for f in futures:
                files, size_ = f.result()
                w.files += files
                w.bytes += size_
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            _SHARED.clear()
    w.close()
    describe.clear_cache()
    stats.files, stats.bytes = w.files, w.bytes
    stats.seconds = time.perf_counter() - t0
    return stats


def _rest(index, w, stats, questions, graph) -> None:
    """The home page, the lists, the questions and the assets."""
    search = home.search_documents(index)
    w.json("recherche.json", search, script=True)
    counts = {
        "initiatives": len(search["docs"]),
        "acteurs": sum(1 for s in index.out if index.is_a(s, ISG.Acteur)),
        "territoires": sum(1 for s in index.out if index.is_a(s, ISG.Territoire)),
        "documents": sum(1 for s in index.out if index.is_a(s, ISG.Document)),
    }
    root = Links("")
    w.text("index.html", render.layout(root, "Recherche", home.home(root, search, counts), here="", twins=False,
                                       scripts=("vendor/minisearch.js", "data.js", "app.js")))
    stats.pages += 1

    links = Links("initiatives")
    items = [f'<a href="{e(links.to(d["u"]))}">{e(d["t"])}</a>' for d in search["docs"]]
    w.text("initiatives/index.html", render.layout(links, "Initiatives", render.listing(
        links, "Toutes les initiatives", f"{len(items)} initiatives, par ordre alphabétique.", items),
        here="initiatives", twins=False))
    stats.pages += 1

    links = Links("territoires")
    body = ["<h1>Territoires</h1><p>Les territoires nommés dans les documents, par niveau.</p>"]
    by_level: dict = {}
    for s in index.out:
        level = index.territory_level(s)
        if level and index.path(s):
            by_level.setdefault(level, []).append(s)
    for level in TERRITORY_LEVELS:
        if level in by_level:
            nodes_ = sorted(by_level[level], key=lambda t: (fold(index.label(t)), str(t)))
            body.append(render.section(f"{TERRITORY_NAMES[level].capitalize()} ({len(nodes_)})", render.ul(
                [render.a(links, index.ref(t)) for t in nodes_], "columns")))
    w.text("territoires/index.html", render.layout(links, "Territoires", "\n".join(body), here="territoires",
                                                   twins=False))
    stats.pages += 1

    links = Links("financeurs")
    ranking = funder_ranking(index)
    w.text("financeurs/index.html", render.layout(links, "Financeurs", render.funders(links, ranking),
                                                  here="financeurs", twins=False))
    w.json("financeurs/index.json", ranking)
    stats.pages += 1

    if questions:
        from isgraph.site.questions import write_questions
        stats.pages += write_questions(graph, index, w)

    for name in ASSET_FILES:
        w.copy(ASSETS / name, f"assets/{name}")


def published_text(documents: Path, fichier: str) -> Path | None:
    """The published text of a source file in OUT/documents/ (`<name>`, `<stem>.txt` or `<name>.txt`), if any."""
    stem = fichier.rsplit(".", 1)[0]
    for name in (fichier, f"{stem}.txt", f"{fichier}.txt"):
        path = documents / name
        if path.is_file():
            return path
    return None


def site_for_build(graph: Graph, out_dir: Path, base: str, persons: set[str], items) -> SiteStats:
    """The site of `isgraph build` / `publish`, at OUT/site/. Provenance extracts come from the published texts
    OUT/documents/ (each document's `isg:texte`) when they are there (linked from the pages), else from the
    documents just read (with every line holding contact data masked; no link)."""
    from isgraph.namespaces import ISG

    texts: dict[str, list[str]] = {}
    links: dict[str, str] = {}
    names = person_pattern(persons or set())  # once for every document
    for doc_node in sorted(graph.subjects(RDF.type, ISG.Document)):
        fichier, texte = graph.value(doc_node, ISG.fichier), graph.value(doc_node, ISG.texte)
        if fichier is None or texte is None:
            continue
        published = Path(out_dir) / str(texte)
        if published.is_file() and str(texte).startswith("documents/") and ".." not in str(texte):
            texts[str(fichier)] = mask_lines(published.read_text(encoding="utf-8", errors="replace").splitlines(),
                                             persons, names)
            links[str(fichier)] = f"../{texte}"
    for item in items or ():
        doc = item.document
        if doc.name not in texts:
            texts[doc.name] = mask_lines(doc.text_lines(), persons, names)
    return build_site(graph, Path(out_dir) / "site", base=base, texts=texts, text_links=links)
