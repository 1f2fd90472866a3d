"""`isgraph site GRAPH --out DIR`: the site of an existing graph file, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

from isgraph.errors import InputError
from isgraph.namespaces import DEFAULT_BASE
from isgraph.site.build import SiteStats, build_site, mask_lines, published_text, site_decision


def is_previous_site(folder: Path) -> bool:
    return (folder / "index.html").is_file() and (folder / "recherche.json").is_file()


def write_site(graph_path: Path, out: Path, *, base: str | None = None, documents: Path | None = None,
               mode: str = "always", skipped=None) -> SiteStats | None:
    """The site of the graph file into `out`; with mode "auto" / "never" (see build.site_decision) a graph the
    mode leaves out writes nothing: `skipped(reason)` is called and None returned."""
    from isgraph.publication import publish
    from isgraph.rdf.graphio import load_graph

    graph_path, out = Path(graph_path), Path(out)
    if graph_path.is_dir():
        graph_path = graph_path / "isgraph.ttl"
    if not graph_path.exists():
        raise InputError("no such graph file (run `isgraph build` first)", path=graph_path)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not is_previous_site(out))):
        raise InputError("refusing to replace a folder that is not a previous isgraph site", path=out)
    graph = load_graph(graph_path)
    reason = site_decision(mode, len(graph))
    if reason is not None:
        if skipped is not None:
            skipped(reason)
        return None
    if documents is None and (graph_path.parent / "documents").is_dir():
        documents = graph_path.parent / "documents"
    texts: dict[str, list[str]] = {}
    links: dict[str, str] = {}
    if documents is not None:
        if not Path(documents).is_dir():
            raise InputError("no such folder of documents", path=documents)
        from isgraph.namespaces import ISG
        for fichier in sorted({str(o) for o in graph.objects(None, ISG.fichier)}):
            path = published_text(Path(documents), fichier)
            if path is None:
                continue
            texts[fichier] = mask_lines(path.read_text(encoding="utf-8", errors="replace").splitlines())
            links[fichier] = os.path.relpath(path.resolve(), out.resolve()).replace(os.sep, "/")
    with publish.staged_directory(out) as tmp:
        stats = build_site(graph, tmp, base=base or DEFAULT_BASE, texts=texts, text_links=links)
    return stats
