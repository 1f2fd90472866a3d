"""The site inside `isgraph serve`, with content negotiation on each node's path (W3C "Cool URIs", as Pubby and
LodView do).

`GET /id/initiative/{slug}` answers, by the request's Accept header (q-values honoured):

* `text/turtle` -> the node's description (its triples and the labels of its neighbours, describe.py),
* `application/n-triples` -> the same triples, N-Triples (sorted lines),
* `application/ld+json` -> the same, JSON-LD; `application/json` -> the page's data (index.json),
* `text/html` (browsers) or anything else -> 303 See Other to the page `/id/initiative/{slug}/` (the folder
  form, so that the page's relative links resolve), which answers the HTML.

Every other path is a file of the site folder (`/documents/…` is OUT/documents/, the published texts, when the
site is OUT/site). Nothing outside those two folders is ever read: paths with `..`, `\\`, NUL or hidden parts get 404.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

MEDIA = {".html": "text/html; charset=utf-8", ".json": "application/json", ".ttl": "text/turtle; charset=utf-8",
         ".jsonld": "application/ld+json", ".nt": "application/n-triples", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8",
         ".md": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".png": "image/png"}
NEGOTIATED = {  # media type asked -> file of the node's folder (None: converted from index.ttl)
    "text/turtle": "index.ttl", "application/x-turtle": "index.ttl", "application/n-triples": None,
    "text/plain": None, "application/ld+json": "index.jsonld", "application/json": "index.json",
    "text/html": "index.html", "application/xhtml+xml": "index.html",
}
SITE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def resolve(root: Path, rel: str) -> Path | None:
    """The file or folder `rel` below `root`, or None when the path could leave it or names a hidden part."""
    if "\x00" in rel or "\\" in rel:
        return None
    parts = [p for p in rel.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    path = root.joinpath(*parts) if parts else root
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return path


def negotiate(accept: list[str]) -> str:
    """The media type answered for a node, from the Accept header's types best first."""
    for media in accept:
        if media in NEGOTIATED:
            return media
        if media in ("*/*", "text/*", "application/*"):
            return "text/html"
    return "text/html"


def ntriples_of(ttl_file: Path) -> bytes:
    from rdflib import Graph

    from isgraph.publication.publish import sorted_ntriples

    g = Graph()
    g.parse(ttl_file, format="turtle")
    return sorted_ntriples(g).encode("utf-8")


def site_app(site: Path, documents: Path | None = None, headers: dict | None = None):
    """An ASGI app serving the site folder with content negotiation (mount it at '/')."""
    from starlette.requests import Request
    from starlette.responses import FileResponse, RedirectResponse, Response

    from isgraph.serve.server import parse_accept

    site = Path(site)
    headers = dict(headers or {})

    def not_found() -> Response:
        page = site / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><html lang=\"fr\"><title>Introuvable</title>" \
                                                        b"<h1>Page introuvable</h1></html>"
        return Response(body, status_code=404, media_type="text/html; charset=utf-8", headers=headers)

    def file(path: Path, extra: dict | None = None) -> Response:
        media = MEDIA.get(path.suffix.lower(), "application/octet-stream")
        h = {**headers, **(extra or {})}
        if media.startswith("text/html"):
            h["Content-Security-Policy"] = SITE_CSP
        return FileResponse(path, media_type=media, headers=h)

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        if request.method not in ("GET", "HEAD"):
            response = Response("method not allowed\n", status_code=405, headers={**headers, "Allow": "GET, HEAD"})
            await response(scope, receive, send)
            return
        rel = request.url.path.lstrip("/")
        root = site
        if rel.startswith("documents/") and documents is not None:
            root, rel = documents, rel[len("documents/"):]
        path = resolve(root, rel)
        if path is None or not path.exists():
            response = not_found()
        elif path.is_file():
            response = file(path)
        elif not (path / "index.html").is_file():
            response = not_found()
        else:
            media = negotiate(parse_accept(request.headers.get("accept")))
            vary = {"Vary": "Accept"}
            if media in ("text/html", "application/xhtml+xml"):
                if request.url.path.endswith("/"):
                    response = file(path / "index.html", vary)
                else:
                    response = RedirectResponse(request.url.path + "/", status_code=303, headers={**headers, **vary})
            elif NEGOTIATED[media] is None:
                ttl = path / "index.ttl"
                if not ttl.is_file():
                    response = not_found()
                else:
                    response = Response(ntriples_of(ttl), media_type="application/n-triples",
                                        headers={**headers, **vary})
            else:
                target = path / NEGOTIATED[media]
                response = file(target, vary) if target.is_file() else not_found()
        await response(scope, receive, send)

    return app


def site_for_serving(graph: Path, log=print, mode: str = "auto") -> tuple[Path | None, Path | None, str | None]:
    """(site folder or None, documents folder or None, temporary folder to remove or None) for `isgraph serve
    GRAPH`: OUT/site when it was built with the graph, else a site written now into a temporary folder, unless
    `mode` leaves it out ("never", or "auto" on a graph larger than build.SITE_AUTO_MAX_TRIPLES: the SPARQL
    editor is then the page at /)."""
    from isgraph.site.cli import is_previous_site

    graph = Path(graph)
    if graph.is_dir():
        graph = graph / "isgraph.ttl"
    documents = graph.parent / "documents"
    documents = documents if documents.is_dir() else None
    site = graph.parent / "site"
    if mode == "never":
        log("isgraph: no site (--site never); the SPARQL editor is at /")
        return None, documents, None
    if is_previous_site(site) and site.stat().st_mtime >= graph.stat().st_mtime - 1:
        return site, documents, None
    from isgraph.site.build import site_decision
    from isgraph.site.cli import write_site

    nt = graph.parent / "isgraph.nt"  # a build's N-Triples beside the graph: its lines are the triples, counted
    if mode == "auto" and nt.is_file():  # without loading a national graph only to find it is too large
        with nt.open("rb") as f:
            lines = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
        why = site_decision(mode, lines)
        if why is not None:
            log(f"isgraph: site {why}; the SPARQL editor is at /")
            return None, documents, None
    tmp = tempfile.mkdtemp(prefix="isgraph-site-")
    try:
        stats = write_site(graph, Path(tmp) / "site", mode=mode,
                           skipped=lambda why: log(f"isgraph: site {why}; the SPARQL editor is at /"))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if stats is None:
        shutil.rmtree(tmp, ignore_errors=True)
        return None, documents, None
    log(f"isgraph: {stats.line()} (temporary)")
    return Path(tmp) / "site", documents, tmp
