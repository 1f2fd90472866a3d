"""Questions as forms: one page per stored query (queries/*.rq), its parameters chosen by label.

Each parameter named after a kind of node (territoire, theme, fonction, initiative: `PICKERS`) gets a text box with
autocompletion over the labels of the graph's nodes of that kind (an HTML `datalist`: no library, works with a
keyboard and screen readers). The answer is a table of labels linking to the node pages, with a CSV download.

Where the answer comes from:
* served by `isgraph serve` (the page finds `/status`): the stored query runs on the endpoint `/query` with the
  chosen values bound by a VALUES block (as `queries.with_values` does), so every combination works;
* on a static host: from `resultats.json`, computed at site time. A parameter that the query projects (and groups
  by, when it aggregates) is answered by splitting the unbound result by its value (one query for all values);
  other parameters are computed value by value for at most `MAX_RUNS` values (those used by most initiatives);
  literal parameters (numbers, text) and pairs of non-splittable parameters need the server, as the page says.
The SPARQL text is on the page only inside a closed "Voir la requête SPARQL" box.
"""

from __future__ import annotations

import csv
import io
import re

from rdflib import BNode, URIRef

from isgraph.query.queries import StoredQuery, check_params, stored_queries, with_values
from isgraph.site import render
from isgraph.site.pages import ISG, SKOS, Index, TERRITORY_NAMES, fold
from isgraph.site.render import Links, e

MAX_RUNS = 40  # per question: bound queries run at site time for parameters that cannot be split
PICKERS = {  # parameter name -> (label, how to list its values)
    "territoire": "Territoire", "theme": "Thème", "fonction": "Fonction d’écosystème", "initiative": "Initiative",
}
SCHEMES = {"theme": "https://w3id.org/isgraph/theme/", "fonction": "https://w3id.org/isgraph/fonction/"}


def choices(index: Index, name: str) -> list[list[str]]:
    """[[label shown, IRI]] of the nodes a picker offers, sorted; labels made unique with their kind."""
    nodes = []
    if name == "territoire":
        nodes = [(index.label(s) + f" ({TERRITORY_NAMES.get(index.territory_level(s), 'territoire')})", s)
                 for s in index.out if index.is_a(s, ISG.Territoire)]
    elif name in SCHEMES:
        scheme = URIRef(SCHEMES[name])
        nodes = [(index.label(s), s) for s in index.subjects(SKOS.inScheme, scheme)]
    elif name == "initiative":
        nodes = [(index.label(s), s) for s in index.out if index.is_a(s, ISG.Initiative)]
    seen: dict[str, int] = {}
    out = []
    for label, node in sorted(nodes, key=lambda x: (fold(x[0]), str(x[1]))):
        n = seen.get(label, 0)
        seen[label] = n + 1
        out.append([label if n == 0 else f"{label} [{n + 1}]", str(node)])
    return out


_SELECT = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)$", re.I | re.M)
_GROUP = re.compile(r"GROUP\s+BY\s+([^\n}]*)", re.I)


def splittable(query: StoredQuery, param: str) -> bool:
    """Whether the bound answer is the unbound answer's rows with that value (projected, grouped by if grouping)."""
    text = "\n".join(line.split("#", 1)[0] for line in query.text.splitlines())
    first = _SELECT.search(text)
    if not first or re.search(r"\bLIMIT\b|\bOFFSET\b", text, re.I):
        return False
    projected = re.findall(r"(?<![(\w])\?(\w+)(?!\w)", re.sub(r"\([^)]*\)", "", first.group(1)))
    if param not in projected:
        return False
    return all(re.search(rf"\?{param}\b", g) for g in _GROUP.findall(text))


class _Result:
    def __init__(self, variables, rows, cells):
        self.variables, self.rows, self.cells = variables, rows, cells


def run(store, index: Index, query: StoredQuery, bindings: dict | None = None) -> _Result:
    """A stored query on the Oxigraph store, bound by a VALUES block (`queries.with_values`, as for a remote
    endpoint); rows of raw values and of cells [label, page path, IRI]."""
    import pyoxigraph as ox

    check_params(query, bindings or {})
    solutions = store.query(with_values(query.text, bindings or {}))
    variables = solutions.variables
    rows, cells = [], []
    for sol in solutions:
        raw, out = [], []
        for v in variables:
            t = sol[v]
            if t is None:
                raw.append(None)
                out.append(["", None])
            elif isinstance(t, ox.NamedNode):
                node = URIRef(t.value)
                raw.append(t.value)
                out.append([index.label(node), index.path(node) if node in index.out else None, t.value])
            else:
                raw.append(t.value)
                out.append([t.value, None])
        rows.append(raw)
        cells.append(out)
    return _Result([v.value for v in variables], rows, cells)


def _usage(index: Index, node) -> int:
    return len(index.inc.get(node, {}).get(ISG.territoire, [])) + len(index.inc.get(node, {}).get(ISG.theme, [])) \
        + len(index.inc.get(node, {}).get(ISG.inclusDans, [])) + len(index.inc.get(node, {}).get(ISG.fonction, []))


def answers(store, index: Index, query: StoredQuery, picks: dict[str, list]) -> dict:
    """{'vars', 'rows': {key: rows}, 'groups': {key: row numbers of rows['']}, 'static': [params answered here]}
    with key '' (unbound) or 'name=IRI'."""
    base = run(store, index, query)
    out = {"vars": base.variables, "rows": {"": base.cells}, "static": []}
    for name in query.params:
        if name not in picks:
            continue
        out["static"].append(name)
        if splittable(query, name):
            col = base.variables.index(name)
            groups: dict[str, list] = {}
            for n, row in enumerate(base.rows):
                if row[col] is not None:
                    groups.setdefault(f"{name}={row[col]}", []).append(n)
            out.setdefault("groups", {}).update(sorted(groups.items()))  # row numbers of the unbound answer
            out.setdefault("split", []).append(name)
            continue
        values = sorted(picks[name], key=lambda iri: (-_usage(index, URIRef(iri)), iri))[:MAX_RUNS]
        for iri in sorted(values):
            res = run(store, index, query, {name: URIRef(iri)})
            if res.rows:
                out["rows"][f"{name}={iri}"] = res.cells
        if len(picks[name]) > MAX_RUNS:
            out.setdefault("partial", []).append(name)
    return out


def to_csv(variables: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(variables)
    for row in rows:
        w.writerow([c[2] if len(c) > 2 else c[0] for c in row])
    return buf.getvalue()


def page(links: Links, query: StoredQuery, picks: dict[str, list], result: dict, base: str) -> str:
    fields = []
    for name, desc in query.params.items():
        if name in picks:
            fields.append(f'<div><label for="p-{e(name)}">{e(PICKERS[name])}</label>'
                          f'<input id="p-{e(name)}" name="{e(name)}" list="l-{e(name)}" autocomplete="off" '
                          f'data-picker="{e(name)}" placeholder="tapez quelques lettres, laissez vide pour tout">'
                          f'<datalist id="l-{e(name)}"></datalist></div>')
        else:
            fields.append(f'<div><label for="p-{e(name)}">{e(name.capitalize())}</label>'
                          f'<input id="p-{e(name)}" name="{e(name)}" data-literal="{e(name)}">'
                          f'<p class="hint">{e(desc)} (ce critère demande le serveur : isgraph serve)</p></div>')
    form = (f'<form class="question" id="question" method="get" action="index.html">{"".join(fields)}'
            '<div class="actions"><button type="submit">Répondre</button>'
            '<a class="button" id="csv" href="resultats.csv" download>Télécharger en CSV</a></div></form>')
    n = len(result["rows"][""])
    return f"""<p class="kind">Question</p><h1>{e(query.question)}</h1>
{form}
<p id="etat" role="status" aria-live="polite">{render.count(n, "réponse", "réponses")} sans critère.</p>
<div class="scroll" id="reponses"><noscript><p>Sans JavaScript : <a href="resultats.csv">toutes les réponses
en CSV</a>.</p></noscript></div>
<details><summary>Voir la requête SPARQL</summary><pre>{e(query.text)}</pre>
<p>Elle peut aussi être lancée en ligne de commande : <code>isgraph query {e(query.name)}</code>.</p></details>
<script type="application/json" id="question-config">{{"name": "{e(query.name)}", "root": "{e(links.prefix)}", "base": "{e(base)}"}}</script>
"""


def memory_store(index: Index):
    """An in-memory Oxigraph store of the graph (the stored queries run there, as `isgraph query` does)."""
    import pyoxigraph as ox

    from isgraph.publication.publish import nt_term

    lines = [f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, preds in index.out.items()
             for p, objects in preds.items() for o in objects if not isinstance(o, BNode)]
    store = ox.Store()
    store.bulk_load("".join(sorted(lines)).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)  # same order, same answers
    return store


def write_questions(graph, index: Index, w) -> int:
    """Write questions/index.html and one page per stored query; returns the number of pages."""
    store = memory_store(index)
    queries = stored_queries()
    picks_all = {name: choices(index, name) for name in PICKERS}
    w.json("questions/choix.json", picks_all, script=True)
    items = []
    for query in queries:
        picks = {n: [iri for _, iri in picks_all[n]] for n in query.params if n in PICKERS}
        result = answers(store, index, query, picks)
        result["text"] = query.text
        result["params"] = list(query.params)
        result["question"] = query.question
        links = Links(f"questions/{query.name}")
        w.json(f"questions/{query.name}/resultats.json", result, script=True)
        w.text(f"questions/{query.name}/resultats.csv", to_csv(result["vars"], result["rows"][""]))
        w.text(f"questions/{query.name}/index.html", render.layout(
            links, query.question, page(links, query, picks, result, index.base), here=f"questions/{query.name}", twins=False,
            scripts=("data.js", "question.js")))
        items.append(f'<a href="{e(query.name)}/index.html">{e(query.question)}</a>')
    links = Links("questions")
    w.text("questions/index.html", render.layout(links, "Questions", render.listing(
        links, "Questions", "Des questions prêtes à poser au graphe : choisissez un territoire ou un thème par son "
        "nom, la réponse s’affiche en tableau et se télécharge en CSV.", items), here="questions", twins=False))
    return len(queries) + 1
