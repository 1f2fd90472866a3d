"""HTML of the site's pages: plain Python string building with `html.escape` on every value.

No template engine: the pages are a handful of fixed layouts filled from the dicts of `pages.py`, and a string
join keeps the seeds' site well under a second. Every link is relative (the site works from any folder of any
static host); every page is in French (`lang="fr"`), has one `h1`, a skip link, labelled landmarks, and reads
without JavaScript (only the home page's search and the question forms need it).
"""

from __future__ import annotations

from html import escape

SITE_NAME = "isgraph — innovations sociales dans les territoires"
CURRENT = ' aria-current="page"'
NAMED = ' class="named"'


_ESCAPED: dict[str, str] = {}


def e(value) -> str:
    """HTML-escaped text (labels repeat across thousands of pages: each distinct string is escaped once)."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    found = _ESCAPED.get(text)
    if found is None:
        found = escape(text, quote=True)
        if len(_ESCAPED) < 500_000:
            _ESCAPED[text] = found
    return found


class Links:
    """Relative links from one page (at folder `here`, '' for the site root) to other site paths."""

    def __init__(self, here: str):
        depth = len([p for p in here.split("/") if p]) if here else 0
        self.prefix = "../" * depth

    def to(self, path: str | None, file: str = "index.html") -> str:
        if path is None:
            return ""
        path = path.strip("/")
        return self.prefix + (path + "/" if path else "") + file

    def asset(self, name: str) -> str:
        return self.prefix + "assets/" + name


def a(links: Links, ref: dict | None, text: str | None = None) -> str:
    """A link to a node's page (plain text when it has none)."""
    if not ref:
        return ""
    label = e(text if text is not None else ref.get("label"))
    if ref.get("path"):
        return f'<a href="{e(links.to(ref["path"]))}">{label}</a>'
    iri = ref.get("iri", "")
    if iri.startswith("http"):
        return f'<a href="{e(iri)}" rel="noopener">{label}</a>'
    return label


NAV = [("", "Recherche"), ("initiatives", "Initiatives"), ("theme", "Thèmes"), ("territoires", "Territoires"),
       ("financeurs", "Financeurs"), ("questions", "Questions")]


def layout(links: Links, title: str, body: str, *, here: str, twins: bool = True, scripts: tuple = (),
           kind: str | None = None, iri: str | None = None) -> str:
    alt = ""
    foot = ""
    if twins:
        alt = ('<link rel="alternate" type="text/turtle" href="index.ttl">\n'
               '<link rel="alternate" type="application/ld+json" href="index.jsonld">\n'
               '<link rel="alternate" type="application/json" href="index.json">\n')
        foot = ('<p class="twins">Cette page en données : <a href="index.ttl" type="text/turtle">Turtle</a> · '
                '<a href="index.jsonld" type="application/ld+json">JSON-LD</a> · '
                '<a href="index.json" type="application/json">JSON</a></p>')
    if iri:
        foot = f'<p class="iri">Identifiant (IRI) : <code>{e(iri)}</code></p>' + foot
    nav = "".join(
        f'<li><a href="{e(links.to(p))}"{CURRENT if p == here else ""}>{e(t)}</a></li>'
        for p, t in NAV)
    js = "".join(f'<script src="{e(links.asset(s))}" defer></script>\n' for s in scripts)
    kind_attr = f' data-kind="{e(kind)}"' if kind else ""
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} — isgraph</title>
<link rel="stylesheet" href="{e(links.asset('style.css'))}">
{alt}{js}</head>
<body{kind_attr} data-root="{e(links.prefix or './')}">
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site"><p class="brand"><a href="{e(links.to(''))}">{e(SITE_NAME)}</a></p>
<nav aria-label="Navigation principale"><ul>{nav}</ul></nav></header>
<main id="contenu" tabindex="-1">
{body}
</main>
<footer class="site">{foot}<p>Données extraites automatiquement de documents publics ; chaque fait renvoie à sa source.
Licence Ouverte 2.0.</p></footer>
</body>
</html>
"""


def section(title: str, content: str, *, hid: str | None = None) -> str:
    if not content:
        return ""
    ident = f' id="{e(hid)}"' if hid else ""
    return f'<section{ident}><h2>{e(title)}</h2>\n{content}\n</section>\n'


def ul(items: list[str], cls: str | None = None) -> str:
    if not items:
        return ""
    c = f' class="{cls}"' if cls else ""
    return f"<ul{c}>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


ROLE_TITLES = {"porteur": "Porteurs", "partenaire": "Partenaires", "financeur": "Financeurs"}


def initiative(links: Links, d: dict, text_link: str | None) -> str:
    parts = [f'<p class="kind">Initiative</p><h1>{e(d["label"])}</h1>']
    if d["description"]:
        parts.append('<div class="description">' + "".join(f"<p>{e(t)}</p>" for t in d["description"]) + "</div>")
    facts = []
    if d["themes"]:
        facts.append(("Thèmes", ", ".join(a(links, t) for t in d["themes"])))
    if d["fonctions"]:
        facts.append(("Fonctions d'écosystème", ", ".join(a(links, t) for t in d["fonctions"])))
    if d["prix"]:
        facts.append(("Prix", ", ".join(a(links, t) for t in d["prix"])))
    if d["budget"]:
        b = d["budget"]
        facts.append(("Budget", e(b["texte"]) + (f' <span class="quote">« {e(b["libelle"])} »</span>' if b["libelle"] else "")))
    if d["annee"]:
        facts.append(("Année", e(d["annee"])))
    if d["motsCles"]:
        facts.append(("Mots-clés du document", e(", ".join(d["motsCles"]))))
    if facts:
        parts.append('<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    for kind, actors in d["roles"].items():
        title = ROLE_TITLES.get(kind, kind.capitalize())
        if kind == "financeur":
            rows = "".join(
                f'<tr><td>{a(links, x)}</td><td class="num">{e(x.get("montantTexte", "non précisé"))}</td>'
                f'<td class="num">{e(x.get("ligne") or "")}</td></tr>' for x in actors)
            parts.append(section(title, '<table><caption class="sr">Financeurs et montants</caption><thead><tr>'
                                 '<th scope="col">Financeur</th><th scope="col">Montant</th>'
                                 '<th scope="col">Ligne</th></tr></thead><tbody>' + rows + "</tbody></table>",
                                 hid="financeurs"))
        else:
            parts.append(section(title, ul([a(links, x) + (f' <span class="line">(ligne {x["ligne"]})</span>'
                                                          if x.get("ligne") else "") for x in actors])))
    if d["territoires"]:
        items = []
        for t in d["territoires"]:
            within = ", ".join(f'{a(links, p)} ({e(p["type"])})' for p in t["dans"])
            items.append(f'{a(links, t)} <span class="type">({e(t["type"])})</span>'
                         + (f" — dans {within}" if within else ""))
        parts.append(section("Territoires", ul(items)))
    p = d["provenance"]
    if p:
        doc = a(links, p["document"], p["fichier"] or p["document"]["label"])
        span = (f'lignes {p["ligneDebut"]} à {p["ligneFin"]}' if p["ligneFin"] and p["ligneFin"] != p["ligneDebut"]
                else f'ligne {p["ligneDebut"]}') if p["ligneDebut"] else ""
        body = f"<p>Source : {doc}{', ' + e(span) if span else ''}"
        if text_link:
            body += f' — <a href="{e(text_link)}">texte lu (fichier texte)</a>'
        body += ".</p>"
        named = {x.get("ligne") for xs in d["roles"].values() for x in xs if x.get("ligne")}
        if p["lignes"]:
            body += (f'<ol class="source" start="{p["lignes"][0]["n"]}" aria-label="Lignes du document source">'
                     + "".join(f'<li{NAMED if ln["n"] in named else ""}>{e(ln["texte"]) or "&nbsp;"}</li>'
                               for ln in p["lignes"]) + "</ol>")
            if named:
                body += '<p class="hint">Les lignes surlignées nomment un porteur, un partenaire ou un financeur.</p>'
        parts.append(section("Provenance", body, hid="provenance"))
    return "\n".join(parts)


def actor(links: Links, d: dict) -> str:
    parts = [f'<p class="kind">Acteur{" · financeur" if d["financeur"] else ""}</p><h1>{e(d["label"])}</h1>']
    facts = []
    if d["types"]:
        facts.append(("Type", ", ".join(a(links, t) for t in d["types"])))
    if d["territoire"]:
        facts.append(("Collectivité de", ", ".join(f'{a(links, t)} ({e(t["type"])})' for t in d["territoire"])))
    if d["autresNoms"]:
        facts.append(("Autres graphies", e(" · ".join(d["autresNoms"]))))
    if d["memeQue"]:
        facts.append(("Wikidata / autres bases", ", ".join(
            f'<a href="{e(x)}" rel="noopener">{e(x.rsplit("/", 1)[-1] if "wikidata" in x else x)}</a>'
            for x in d["memeQue"])))
    if d.get("siren"):  # the public directory of French companies and associations (a link, never fetched)
        facts.append(("SIREN", f'<a href="https://annuaire-entreprises.data.gouv.fr/entreprise/{e(d["siren"])}" '
                               f'rel="noopener">{e(d["siren"])}</a>'))
    if d["montantTotal"]:
        facts.append(("Montants connus versés", e(d["montantTotal"]["texte"])))
    if facts:
        parts.append('<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    titles = {"porteur": "Initiatives portées", "partenaire": "Partenaire de", "financeur": "Initiatives financées"}
    for kind, items in d["roles"].items():
        parts.append(section(f'{titles.get(kind, kind)} ({len(items)})', ul(
            [a(links, x) + (f' — {e(x["montantTexte"])}' if x.get("montantTexte") else "") for x in items])))
    return "\n".join(parts)


def territory(links: Links, d: dict) -> str:
    parts = [f'<p class="kind">Territoire · {e(d["type"])}</p><h1>{e(d["label"])}</h1>']
    facts = []
    if d["code"]:
        facts.append(("Code INSEE", e(d["code"])))
    if d["siren"]:
        facts.append(("SIREN", e(d["siren"])))
    if d["population"]:
        pop = d["population"]
        facts.append(("Population", e(f"{int(pop):,}".replace(",", "\u202f") if pop.isdigit() else pop)))
    if d["parents"]:
        facts.append(("Dans", ", ".join(f'{a(links, p)} ({e(p["type"])})' for p in d["parents"])))
    if d["collectivites"]:
        facts.append(("Collectivité", ", ".join(a(links, c) for c in d["collectivites"])))
    if d["memeQue"]:
        facts.append(("Wikidata", ", ".join(f'<a href="{e(x)}" rel="noopener">{e(x)}</a>' for x in d["memeQue"])))
    parts.append('<dl class="facts">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    parts.append(search_link(links, d))
    parts.append(section(f'Initiatives ici et dans les territoires inclus ({len(d["initiatives"])})', ul(
        [a(links, x) + f' <span class="type">— {e(", ".join(x["lieux"]))}</span>' for x in d["initiatives"]])))
    if d["financeurs"]:
        rows = "".join(f'<tr><td>{a(links, x)}</td><td class="num">{x["initiatives"]}</td></tr>' for x in d["financeurs"])
        parts.append(section("Financeurs", '<table><thead><tr><th scope="col">Financeur</th>'
                             '<th scope="col">Initiatives financées ici</th></tr></thead><tbody>' + rows + "</tbody></table>"))
    parts.append(section(f'Acteurs ({len(d["acteurs"])})', ul(
        [a(links, x) + f' <span class="type">({e(", ".join(x["roles"]))})</span>' for x in d["acteurs"]])))
    parts.append(section("Territoires inclus", ul([f'{a(links, c)} <span class="type">({e(c["type"])})</span>'
                                                   for c in d["enfants"]])))
    return "\n".join(parts)


def search_link(links: Links, d: dict) -> str:
    """A link to the home page's search with this theme / région / département as facet (filter further there)."""
    if not d.get("recherche"):
        return ""
    query = "&".join(f"{k}={e(v)}" for k, v in d["recherche"].items())
    return (f'<p><a href="{e(links.to(""))}?{query}">Explorer ces initiatives avec la recherche, les filtres et la '
            'carte</a></p>')


def concept(links: Links, d: dict) -> str:
    scheme = ", ".join(a(links, s) for s in d["vocabulaire"])
    parts = [f'<p class="kind">{scheme or "Concept"}</p><h1>{e(d["label"])}</h1>']
    for t in d["definition"]:
        parts.append(f'<p class="definition">{e(t)}</p>')
    if d["notation"]:
        parts.append(f'<p>Code : <code>{e(d["notation"])}</code></p>')
    parts.append(search_link(links, d))
    parts.append(section(f'Initiatives ({len(d["initiatives"])})', ul([a(links, x) for x in d["initiatives"]])))
    if d["financeurs"]:
        rows = "".join(f'<tr><td>{a(links, x)}</td><td class="num">{x["initiatives"]}</td></tr>' for x in d["financeurs"])
        parts.append(section("Financeurs de ces initiatives", '<table><thead><tr><th scope="col">Financeur</th>'
                             '<th scope="col">Initiatives financées</th></tr></thead><tbody>' + rows + "</tbody></table>"))
    parts.append(section(f'Acteurs ({len(d["acteurs"])})', ul([a(links, x) for x in d["acteurs"]])))
    if d["roles"]:
        parts.append(f'<p>{count(d["roles"], "participation", "participations")} de ce type.</p>')
    return "\n".join(parts)


def scheme(links: Links, d: dict) -> str:
    parts = [f'<p class="kind">Vocabulaire</p><h1>{e(d["label"])}</h1>']
    parts += [f'<p class="definition">{e(t)}</p>' for t in d["definition"]]
    parts.append(section("Concepts", ul([a(links, c) + (f' <span class="type">({c["utilisations"]})</span>'
                                                        if c["utilisations"] else "") for c in d["concepts"]])))
    return "\n".join(parts)


def document(links: Links, d: dict, text_link: str | None) -> str:
    parts = [f'<p class="kind">Document source</p><h1>{e(d["fichier"] or d["label"])}</h1>']
    facts = [("Famille de document", e(d["famille"])), ("Lignes", e(d["lignes"])), ("SHA-256", f'<code>{e(d["sha256"])}</code>')]
    if text_link:
        facts.append(("Texte lu", f'<a href="{e(text_link)}">{e(d["fichier"])}</a>'))
    parts.append('<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if d is not None) + "</dl>")
    parts.append(section(f'Initiatives lues dans ce document ({len(d["initiatives"])})', ul(
        [a(links, x) + (f' <span class="line">(lignes {x["ligneDebut"]}–{x["ligneFin"]})</span>' if x["ligneDebut"] else "")
         for x in d["initiatives"]])))
    if d["roles"]:
        parts.append(f'<p>{count(d["roles"], "participation d’acteur lue", "participations d’acteurs lues")} dans ce document.</p>')
    return "\n".join(parts)


def role(links: Links, d: dict) -> str:
    kind = d["typeRole"]["label"] if d["typeRole"] else "rôle"
    parts = [f'<p class="kind">Participation</p><h1>{e(d["acteur"]["label"] if d["acteur"] else "?")} — {e(kind)}</h1>']
    facts = [("Initiative", a(links, d["initiative"])), ("Acteur", a(links, d["acteur"])), ("Rôle", a(links, d["typeRole"]))]
    if d["montant"]:
        facts.append(("Montant", e(d["montant"]["texte"])))
    if d["document"]:
        facts.append(("Source", a(links, d["document"]) + (f", ligne {d['ligne']}" if d["ligne"] else "")))
    parts.append('<dl class="facts">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts if v) + "</dl>")
    return "\n".join(parts)


def resource(links: Links, d: dict) -> str:
    return f'<h1>{e(d["label"])}</h1>'


def properties(links: Links, rows: list[tuple[str, str]]) -> str:
    """The node's whole description as a table (every triple of the page's Turtle, labels instead of IRIs)."""
    if not rows:
        return ""
    body = "".join(f"<tr><th scope=\"row\">{p}</th><td>{v}</td></tr>" for p, v in rows)
    return ('<details class="all"><summary>Toutes les propriétés</summary><table><thead><tr><th scope="col">Propriété'
            '</th><th scope="col">Valeur</th></tr></thead><tbody>' + body + "</tbody></table></details>")


def listing(links: Links, title: str, intro: str, items: list[str]) -> str:
    return f"<h1>{e(title)}</h1>\n<p>{intro}</p>\n" + ul(items, "columns")


def funders(links: Links, rows: list[dict]) -> str:
    body = "".join(f'<tr><td class="num">{n}</td><td>{a(links, r)}</td><td class="num">{r["initiatives"]}</td>'
                   f'<td class="num">{e(r["totalTexte"] or "—")}</td><td class="num">{r["montants"]}</td></tr>'
                   for n, r in enumerate(rows, 1))
    return ('<h1>Classement des financeurs</h1><p>Les financeurs nommés dans les documents, par nombre d’initiatives '
            'financées. Le total ne compte que les montants écrits dans les documents.</p>'
            '<div class="scroll"><table><thead><tr><th scope="col">Rang</th><th scope="col">Financeur</th>'
            '<th scope="col">Initiatives</th><th scope="col">Total connu</th><th scope="col">Montants connus</th>'
            '</tr></thead><tbody>' + body + "</tbody></table></div>")
