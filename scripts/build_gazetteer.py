#!/usr/bin/env python3
"""Build the compact French gazetteer shipped in ``src/isgraph/data/gazetteer/``.

The official geography (communes, arrondissements municipaux, départements, régions, EPCI, EPT) comes from the
npm package ``@etalab/decoupage-administratif`` (data: INSEE Code officiel géographique and DGCL BANATIC,
Licence Ouverte / Etalab 2.0).  The pre-2016 régions and the Parcs naturels régionaux are curated here by hand
(public facts) and written next to it.  The package never needs the network at run time: only this script reads
the npm data, and its output files are committed.

How to refresh (e.g. for a new millésime)::

    tmp=$(mktemp -d) && cd "$tmp"
    npm pack @etalab/decoupage-administratif          # or @etalab/decoupage-administratif@6.0.0
    tar xzf etalab-decoupage-administratif-*.tgz      # gives package/data/*.json and package/package.json
    cd /path/to/checkout
    python scripts/build_gazetteer.py "$tmp/package"  # rewrites src/isgraph/data/gazetteer/*
    PYTHONPATH=src python -m pytest tests/test_territories.py -q

Options: ``--out DIR`` (default: the package's gazetteer folder), ``--date YYYY-MM-DD`` (written to SOURCE.md,
default: today), ``--stopword-dict FILE`` (a lower-case word list such as Debian's ``wfrench``
``/usr/share/dict/french``: re-seeds ``place_stopwords.txt`` from the commune names that are ordinary words;
without it the curated stop list already in OUT is kept and only re-sorted).

Files written (all UTF-8, tab-separated with a header line, sorted by their first column, no duplicate keys):

- ``communes.tsv.gz``     code, nom, type (COM commune actuelle | ARM arrondissement municipal), departement,
                          region, epci (SIREN of the EPCI à fiscalité propre), ept (SIREN of the Grand Paris EPT),
                          commune (parent commune of an ARM), siren, population (municipale)
- ``communes_deleguees.tsv``  code, nom, type (COMD déléguée | COMA associée), commune (current commune)
                          — former communes kept as names that still appear in documents
- ``epci.tsv``            siren, nom, nature (CC, CA, CU, METRO, MET69, EPT), population
- ``departements.tsv``    code, nom, region, chef_lieu, type_liaison
- ``regions.tsv``         code, nom, chef_lieu, type_liaison, alias ("|"-separated curated aliases)
- ``anciennes_regions.tsv``  code (pre-2016 INSEE code), nom, region (current région), departements
                          (","-separated), identique (1 when the territory equals the current région), alias
- ``pnr.tsv``             cle (slug), nom, alias, regions, departements, communes (empty: see SOURCE.md)
- ``place_stopwords.txt`` folded commune names that are ordinary French words (one a line, "#" comments)
- ``SOURCE.md``           provenance, version, licence, date, refresh command

Only communes of the metropolis and the five DROM are kept (the collectivités d'outre-mer — Saint-Pierre-et-
Miquelon, Polynésie, Nouvelle-Calédonie... — have no région and are left out).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from isgraph.normalize import fold, slugify  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "isgraph" / "data" / "gazetteer"

# --------------------------------------------------------------------------------------------------------------
# Curated reference data (public facts)
# --------------------------------------------------------------------------------------------------------------

#: aliases of the current régions (2016 provisional names, acronyms, usual short forms)
REGION_ALIASES: dict[str, list[str]] = {
    "11": ["IDF", "Ile de France", "Région parisienne"],
    "24": ["Centre", "Région Centre", "CVL", "Centre Val de Loire"],
    "27": ["BFC", "Bourgogne Franche-Comté"],
    "28": ["Région Normandie"],
    "32": ["HDF", "Nord-Pas-de-Calais-Picardie", "Nord-Pas de Calais-Picardie", "NPDCP"],
    "44": ["ACAL", "ALCA", "Alsace-Champagne-Ardenne-Lorraine", "Alsace-Lorraine-Champagne-Ardenne"],
    "52": ["PDL"],
    "53": ["Région Bretagne"],
    "75": ["ALPC", "Aquitaine-Limousin-Poitou-Charentes", "NAQ"],
    "76": ["LRMP", "Languedoc-Roussillon-Midi-Pyrénées", "Occitanie Pyrénées-Méditerranée"],
    "84": ["AURA", "ARA", "Auvergne Rhône Alpes"],
    "93": ["PACA", "Région Sud", "Région Provence-Alpes-Côte d'Azur"],
    "94": ["Collectivité de Corse"],
}

#: pre-2016 régions: (INSEE code before 2016, name, current région, départements, aliases)
ANCIENNES_REGIONS: list[tuple[str, str, str, list[str], list[str]]] = [
    ("11", "Île-de-France", "11", ["75", "77", "78", "91", "92", "93", "94", "95"], []),
    ("21", "Champagne-Ardenne", "44", ["08", "10", "51", "52"], []),
    ("22", "Picardie", "32", ["02", "60", "80"], []),
    ("23", "Haute-Normandie", "28", ["27", "76"], []),
    ("24", "Centre", "24", ["18", "28", "36", "37", "41", "45"], []),
    ("25", "Basse-Normandie", "28", ["14", "50", "61"], []),
    ("26", "Bourgogne", "27", ["21", "58", "71", "89"], []),
    ("31", "Nord-Pas-de-Calais", "32", ["59", "62"], ["NPDC", "Nord Pas de Calais"]),
    ("41", "Lorraine", "44", ["54", "55", "57", "88"], []),
    ("42", "Alsace", "44", ["67", "68"], []),
    ("43", "Franche-Comté", "27", ["25", "39", "70", "90"], []),
    ("52", "Pays de la Loire", "52", ["44", "49", "53", "72", "85"], []),
    ("53", "Bretagne", "53", ["22", "29", "35", "56"], []),
    ("54", "Poitou-Charentes", "75", ["16", "17", "79", "86"], []),
    ("72", "Aquitaine", "75", ["24", "33", "40", "47", "64"], []),
    ("73", "Midi-Pyrénées", "76", ["09", "12", "31", "32", "46", "65", "81", "82"], []),
    ("74", "Limousin", "75", ["19", "23", "87"], []),
    ("82", "Rhône-Alpes", "84", ["01", "07", "26", "38", "42", "69", "73", "74"], []),
    ("83", "Auvergne", "84", ["03", "15", "43", "63"], []),
    ("91", "Languedoc-Roussillon", "76", ["11", "30", "34", "48", "66"], []),
    ("93", "Provence-Alpes-Côte d'Azur", "93", ["04", "05", "06", "13", "83", "84"], []),
    ("94", "Corse", "94", ["2A", "2B"], []),
]

#: Parcs naturels régionaux (list of the Fédération des PNR, 59 parks): (official name, aliases, départements).
#: The slug key is slugify(first alias) — the usual short name.  Régions are derived from the départements.
PNR: list[tuple[str, list[str], list[str]]] = [
    ("Parc naturel régional de l'Avesnois", ["Avesnois"], ["59"]),
    ("Parc naturel régional des Alpilles", ["Alpilles"], ["13"]),
    ("Parc naturel régional des Ardennes", ["Ardennes"], ["08"]),
    ("Parc naturel régional d'Armorique", ["Armorique"], ["29"]),
    ("Parc naturel régional de l'Aubrac", ["Aubrac"], ["12", "15", "48"]),
    ("Parc naturel régional Baie de Somme Picardie maritime", ["Baie de Somme Picardie maritime", "Baie de Somme"],
     ["80"]),
    ("Parc naturel régional des Ballons des Vosges", ["Ballons des Vosges"], ["68", "70", "88", "90"]),
    ("Parc naturel régional des Baronnies provençales", ["Baronnies provençales", "Baronnies"], ["05", "26"]),
    ("Parc naturel régional du Massif des Bauges", ["Massif des Bauges", "Bauges"], ["73", "74"]),
    ("Parc naturel régional des Boucles de la Seine normande", ["Boucles de la Seine normande"], ["27", "76"]),
    ("Parc naturel régional de la Brenne", ["Brenne"], ["36"]),
    ("Parc naturel régional de Brière", ["Brière"], ["44"]),
    ("Parc naturel régional de Camargue", ["Camargue"], ["13"]),
    ("Parc naturel régional des Caps et Marais d'Opale", ["Caps et Marais d'Opale", "PNRCMO"], ["62"]),
    ("Parc naturel régional des Causses du Quercy", ["Causses du Quercy"], ["46"]),
    ("Parc naturel régional de Chartreuse", ["Chartreuse"], ["38", "73"]),
    ("Parc naturel régional Corbières-Fenouillèdes", ["Corbières-Fenouillèdes"], ["11", "66"]),
    ("Parc naturel régional de Corse", ["Corse"], ["2A", "2B"]),
    ("Parc naturel régional du Doubs Horloger", ["Doubs Horloger"], ["25"]),
    ("Parc naturel régional de la Forêt d'Orient", ["Forêt d'Orient"], ["10"]),
    ("Parc naturel régional du Gâtinais français", ["Gâtinais français", "Gâtinais"], ["77", "91"]),
    ("Parc naturel régional du Golfe du Morbihan", ["Golfe du Morbihan"], ["56"]),
    ("Parc naturel régional des Grands Causses", ["Grands Causses"], ["12"]),
    ("Parc naturel régional de la Guyane", ["Guyane"], ["973"]),
    ("Parc naturel régional du Haut-Jura", ["Haut-Jura"], ["01", "25", "39"]),
    ("Parc naturel régional du Haut-Languedoc", ["Haut-Languedoc"], ["34", "81"]),
    ("Parc naturel régional de la Haute Vallée de Chevreuse", ["Haute Vallée de Chevreuse", "Chevreuse"],
     ["78", "91"]),
    ("Parc naturel régional des Landes de Gascogne", ["Landes de Gascogne"], ["33", "40"]),
    ("Parc naturel régional Livradois-Forez", ["Livradois-Forez", "PNRLF"], ["42", "43", "63"]),
    ("Parc naturel régional Loire-Anjou-Touraine", ["Loire-Anjou-Touraine"], ["37", "49"]),
    ("Parc naturel régional de Lorraine", ["Lorraine"], ["54", "55", "57"]),
    ("Parc naturel régional du Luberon", ["Luberon"], ["04", "84"]),
    ("Parc naturel régional du Marais poitevin", ["Marais poitevin"], ["17", "79", "85"]),
    ("Parc naturel régional des Marais du Cotentin et du Bessin", ["Marais du Cotentin et du Bessin"],
     ["14", "50"]),
    ("Parc naturel régional de la Martinique", ["Martinique"], ["972"]),
    ("Parc naturel régional du Médoc", ["Médoc"], ["33"]),
    ("Parc naturel régional de Millevaches en Limousin", ["Millevaches en Limousin", "Millevaches", "PNML"],
     ["19", "23", "87"]),
    ("Parc naturel régional du Mont-Ventoux", ["Mont-Ventoux", "Ventoux"], ["84"]),
    ("Parc naturel régional de la Montagne de Reims", ["Montagne de Reims"], ["51"]),
    ("Parc naturel régional des Monts d'Ardèche", ["Monts d'Ardèche"], ["07"]),
    ("Parc naturel régional du Morvan", ["Morvan"], ["21", "58", "71", "89"]),
    ("Parc naturel régional de la Narbonnaise en Méditerranée", ["Narbonnaise en Méditerranée", "Narbonnaise"],
     ["11"]),
    ("Parc naturel régional Normandie-Maine", ["Normandie-Maine"], ["50", "53", "61", "72"]),
    ("Parc naturel régional Oise-Pays de France", ["Oise-Pays de France"], ["60", "95"]),
    ("Parc naturel régional du Perche", ["Perche"], ["28", "61"]),
    ("Parc naturel régional Périgord-Limousin", ["Périgord-Limousin"], ["24", "87"]),
    ("Parc naturel régional du Pilat", ["Pilat"], ["42", "69"]),
    ("Parc naturel régional des Préalpes d'Azur", ["Préalpes d'Azur"], ["06"]),
    ("Parc naturel régional des Pyrénées ariégeoises", ["Pyrénées ariégeoises"], ["09"]),
    ("Parc naturel régional des Pyrénées catalanes", ["Pyrénées catalanes"], ["66"]),
    ("Parc naturel régional du Queyras", ["Queyras"], ["05"]),
    ("Parc naturel régional de la Sainte-Baume", ["Sainte-Baume"], ["13", "83"]),
    ("Parc naturel régional Scarpe-Escaut", ["Scarpe-Escaut", "PNRSE"], ["59"]),
    ("Parc naturel régional Vallée de la Rance-Côte d'Émeraude",
     ["Vallée de la Rance-Côte d'Émeraude", "Rance-Côte d'Émeraude", "Rance-Émeraude"], ["22", "35"]),
    ("Parc naturel régional du Vercors", ["Vercors"], ["26", "38"]),
    ("Parc naturel régional du Verdon", ["Verdon"], ["04", "83"]),
    ("Parc naturel régional du Vexin français", ["Vexin français", "PNRVF", "Vexin"], ["78", "95"]),
    ("Parc naturel régional des Volcans d'Auvergne", ["Volcans d'Auvergne"], ["15", "63"]),
    ("Parc naturel régional des Vosges du Nord", ["Vosges du Nord"], ["57", "67"]),
]

#: commune names that are ordinary words but mostly used as the name of a well-known town: never stop-listed
STOPWORD_KEEP = {
    w.strip()
    for w in """
    paris, bordeaux, rennes, tours, limoges, pau, cannes, calais, valence, quimper, pantin, sarcelles, meaux, vannes,
    grasse, ales, valenciennes, anglet, castres, gap, douai, macon, trappes, houilles, cambrai, menton, perigueux,
    etampes, muret, cavaillon, saintes, vichy, frontignan, rodez, dole, sevres, dax, montmorency, sceaux, fougeres,
    pertuis, sorgues, cognac, cluses, lattes, colombes, coulommiers, landerneau, fontainebleau, elbeuf, gex,
    argentan, genas, tulle, gueret, chateaubriant, sassenage, provins, tarare, chantilly, pithiviers, privas,
    venelles, sorbiers, loches, cancale, houdan, vouvray, seltz, mirepoix, barcelonnette, chablis, sancerre,
    meursault, laguiole, maroilles, sauternes, richelieu, grimaud, langeais, millas, aramon, begard, boucau, moulins,
    saint pierre, pont l eveque, saint bernard, saint pere, saint honore, saint nectaire, saint crepin, orgelet,
    sablons, lourdes, marennes, munster, roquefort, camembert, sarrancolin, comblanchien, premontre, captieux
    """.split(",")
}

#: ordinary words and first names that the word list may miss, always stop-listed when they are commune names
STOPWORD_EXTRA = set(
    """
    y eu bu oo ville plus sport mer bois centre nord sud est ouest france europe marie albert florence laurent
    martin vincent saint sainte grand petit haut bas belle beau bon bonne vieux neuf mont val port pont
    manche somme lot cher allier aube var loire marne orne landes creuse jura
    alban alix anais eloise francois gael gilles leon nicole paule raymond remy suzanne valentine yves
    """.split()
)


# --------------------------------------------------------------------------------------------------------------


def _read(pkg: Path, name: str) -> list[dict]:
    path = pkg / "data" / f"{name}.json"
    if not path.is_file():
        path = pkg / f"{name}.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def _tsv(header: list[str], rows: list[list[str]]) -> str:
    rows = sorted(rows, key=lambda r: r[0])
    keys = [r[0] for r in rows]
    if len(keys) != len(set(keys)):
        dup = sorted({k for k in keys if keys.count(k) > 1})
        raise SystemExit(f"duplicate keys in {header[0]}: {dup[:10]}")
    out = io.StringIO()
    out.write("\t".join(header) + "\n")
    for r in rows:
        cells = ["" if c is None else str(c) for c in r]
        if any("\t" in c or "\n" in c for c in cells):
            raise SystemExit(f"tab or newline in row {cells}")
        out.write("\t".join(cells) + "\n")
    return out.getvalue()


def _write(path: Path, text: str) -> None:
    if path.suffix == ".gz":
        buf = io.BytesIO()
        # mtime=0 and no file name: byte-identical output for identical input
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
            gz.write(text.encode("utf-8"))
        path.write_bytes(buf.getvalue())
    else:
        path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def build(pkg: Path, out: Path, date: str, stopword_dict: Path | None) -> None:
    meta = json.loads((pkg / "package.json").read_text(encoding="utf-8")) if (pkg / "package.json").is_file() else {}
    version = meta.get("version", "unknown")
    communes = _read(pkg, "communes")
    departements = _read(pkg, "departements")
    regions = _read(pkg, "regions")
    epcis = _read(pkg, "epci")
    try:
        epts = _read(pkg, "ept")
    except FileNotFoundError:
        epts = []

    keep_zone = {"metro", "drom"}
    dep_rows = [
        [d["code"], d["nom"], d["region"], d.get("chefLieu", ""), d.get("typeLiaison", "")]
        for d in departements
        if d.get("zone") in keep_zone
    ]
    dep_region = {r[0]: r[2] for r in dep_rows}
    reg_rows = [
        [r["code"], r["nom"], r.get("chefLieu", ""), r.get("typeLiaison", ""), "|".join(REGION_ALIASES.get(r["code"], []))]
        for r in regions
        if r.get("zone") in keep_zone
    ]
    region_codes = {r[0] for r in reg_rows}

    epci_of: dict[str, str] = {}
    ept_of: dict[str, str] = {}
    epci_rows = []
    for e in epcis:
        epci_rows.append([e["code"], e["nom"], e["type"], e.get("populationMunicipale", "")])
        for m in e.get("membres", []):
            if m["code"] in epci_of:
                raise SystemExit(f"commune {m['code']} in two EPCI")
            epci_of[m["code"]] = e["code"]
    for e in epts:
        pop = sum(m.get("populationMunicipale", 0) for m in e.get("membres", []))
        epci_rows.append([e["code"], e["nom"], "EPT", pop])
        for m in e.get("membres", []):
            ept_of[m["code"]] = e["code"]

    com_rows = []
    current: dict[str, dict] = {}
    for c in communes:
        if c.get("zone") not in keep_zone:
            continue
        if c["type"] == "commune-actuelle":
            current[c["code"]] = c
    for c in communes:
        if c.get("zone") not in keep_zone:
            continue
        if c["type"] == "commune-actuelle":
            com_rows.append([c["code"], c["nom"], "COM", c["departement"], c["region"], epci_of.get(c["code"], ""),
                             ept_of.get(c["code"], ""), "", c.get("siren", ""), c.get("population", "")])
        elif c["type"] == "arrondissement-municipal":
            parent = c["commune"]
            com_rows.append([c["code"], c["nom"], "ARM", c["departement"], c["region"], epci_of.get(parent, ""),
                             ept_of.get(parent, ""), parent, "", c.get("population", "")])
    for r in com_rows:
        if r[3] not in dep_region or r[4] not in region_codes:
            raise SystemExit(f"commune {r[0]} has unknown département/région {r[3]}/{r[4]}")

    del_rows = []
    for c in communes:
        if c.get("zone") in keep_zone and c["type"] in ("commune-deleguee", "commune-associee"):
            parent = c.get("chefLieu", "")
            if parent not in current:
                continue
            kind = "COMD" if c["type"] == "commune-deleguee" else "COMA"
            del_rows.append([c["code"], c["nom"], kind, parent])

    anc_rows = []
    for code, nom, reg, deps, aliases in ANCIENNES_REGIONS:
        for d in deps:
            if dep_region.get(d) != reg:
                raise SystemExit(f"ancienne région {nom}: département {d} is not in région {reg}")
        identique = int(sorted(deps) == sorted(k for k, v in dep_region.items() if v == reg))
        anc_rows.append([code, nom, reg, ",".join(sorted(deps)), identique, "|".join(aliases)])

    pnr_rows = []
    for nom, aliases, deps in PNR:
        for d in deps:
            if d not in dep_region:
                raise SystemExit(f"PNR {nom}: unknown département {d}")
        regs = sorted({dep_region[d] for d in deps})
        pnr_rows.append([slugify(aliases[0]), nom, "|".join(aliases), ",".join(regs), ",".join(sorted(deps)), ""])

    out.mkdir(parents=True, exist_ok=True)
    _write(out / "communes.tsv.gz", _tsv(
        ["code", "nom", "type", "departement", "region", "epci", "ept", "commune", "siren", "population"], com_rows))
    _write(out / "communes_deleguees.tsv", _tsv_multi(["code", "nom", "type", "commune"], del_rows))
    _write(out / "epci.tsv", _tsv(["siren", "nom", "nature", "population"], epci_rows))
    _write(out / "departements.tsv", _tsv(["code", "nom", "region", "chef_lieu", "type_liaison"], dep_rows))
    _write(out / "regions.tsv", _tsv(["code", "nom", "chef_lieu", "type_liaison", "alias"], reg_rows))
    _write(out / "anciennes_regions.tsv", _tsv(
        ["code", "nom", "region", "departements", "identique", "alias"], anc_rows))
    _write(out / "pnr.tsv", _tsv(["cle", "nom", "alias", "regions", "departements", "communes"], pnr_rows))
    _write_stopwords(out / "place_stopwords.txt", com_rows, stopword_dict)
    _write(out / "SOURCE.md", _source_md(version, date, len(com_rows), len(del_rows), len(epci_rows), len(pnr_rows)))


def _tsv_multi(header: list[str], rows: list[list[str]]) -> str:
    """Like _tsv but the key is (code, type): a code may appear once per type."""
    keys = [(r[0], r[2]) for r in rows]
    if len(keys) != len(set(keys)):
        raise SystemExit("duplicate (code, type) in communes_deleguees")
    rows = sorted(rows, key=lambda r: (r[0], r[2]))
    return "\t".join(header) + "\n" + "".join("\t".join(str(c) for c in r) + "\n" for r in rows)


def _write_stopwords(path: Path, com_rows: list[list[str]], word_list: Path | None) -> None:
    header = [
        "# Commune names (folded: lower case, no accents, punctuation -> space) that are ordinary French words,",
        "# first names or too short to be found safely in free text.  isgraph.resolve.territories.find_places only accepts",
        "# them after a strong cue (\"à X\", \"commune de X\", \"ville de X\") written with a capital initial, and",
        "# resolve() needs a département hint or a context for them.  Curated; seeded by",
        "# scripts/build_gazetteer.py --stopword-dict /usr/share/dict/french (Debian package wfrench).",
    ]
    words: set[str] = set()
    if word_list is not None:
        vocab = {fold(w) for w in word_list.read_text(encoding="utf-8").split() if w.islower()}
        for r in com_rows:
            if r[2] != "COM":
                continue
            key = fold(r[1])
            if (key in vocab or len(key.replace(" ", "")) <= 3) and key not in STOPWORD_KEEP:
                words.add(key)
        words |= STOPWORD_EXTRA
    elif path.is_file():
        words = {ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")}
    else:
        words = set(STOPWORD_EXTRA)
    words = {fold(w) for w in words} - {""}
    _write(path, "\n".join(header) + "\n" + "".join(w + "\n" for w in sorted(words)))


def _source_md(version: str, date: str, n_com: int, n_del: int, n_epci: int, n_pnr: int) -> str:
    return f"""# Gazetteer sources

Generated by `scripts/build_gazetteer.py` on {date}. Do not edit the generated files by hand: change the script
(curated tables) and re-run it.

## Official geography

- Source: npm package `@etalab/decoupage-administratif` version **{version}** (Etalab / data.gouv.fr), files
  `data/communes.json`, `data/departements.json`, `data/regions.json`, `data/epci.json`, `data/ept.json`.
- Underlying data: INSEE Code officiel géographique (communes, arrondissements municipaux, départements, régions,
  populations municipales) and DGCL BANATIC (EPCI à fiscalité propre and their members; EPT of the Métropole du
  Grand Paris).
- Licence of the data: Licence Ouverte / Open Licence Etalab 2.0 (the npm package's own code is MIT).
- Kept: {n_com} communes actuelles and arrondissements municipaux (metropolis + DROM), {n_del} communes
  déléguées / associées (as former names of current communes), {n_epci} EPCI and EPT. Left out: collectivités
  d'outre-mer (no région).

## Curated data (written by hand in the script, public facts)

- `anciennes_regions.tsv`: the 22 metropolitan régions before the 2016 reform, their INSEE codes, départements
  and the current région that contains them (loi n° 2015-29 du 16 janvier 2015).
- `regions.tsv` column `alias`: usual short forms and the 2016 provisional names.
- `pnr.tsv`: the {n_pnr} Parcs naturels régionaux listed by the Fédération des Parcs naturels régionaux de France,
  with usual short names and their départements (régions derived). Member communes are **not** included: no
  offline source was available when the file was built (the INPN/Fédération perimeters are published as geodata
  only), so the `communes` column is empty and no commune ⊂ PNR link is asserted.
- `place_stopwords.txt`: commune names that are ordinary words, seeded from Debian `wfrench` and reviewed.

## Refresh

```sh
tmp=$(mktemp -d) && (cd "$tmp" && npm pack @etalab/decoupage-administratif && tar xzf etalab-decoupage-administratif-*.tgz)
python scripts/build_gazetteer.py "$tmp/package"
PYTHONPATH=src python -m pytest tests/test_territories.py -q
```
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("package", type=Path, help="extracted npm package folder (holding data/*.json)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--date", default=_dt.date.today().isoformat())
    parser.add_argument("--stopword-dict", type=Path, default=None)
    args = parser.parse_args(argv)
    build(args.package, args.out, args.date, args.stopword_dict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
