"""The static explorer site of a graph: a page per node at the path of its IRI, search, facets, map, questions.

`build_site(graph, out)` writes it (see build.py for the folder layout); `serve.site_routes(folder)` serves it with
content negotiation (the same path answers HTML, Turtle, N-Triples or JSON-LD).
"""

from isgraph.site.build import SiteStats, build_site
from isgraph.site.pages import node_path

__all__ = ["SiteStats", "build_site", "node_path"]
