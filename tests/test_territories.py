"""Territories: the shipped gazetteer (form of the data files) and the resolver (names as written -> INSEE)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from isgraph import paths
from isgraph.resolve.territories import (
    KIND_CLASS,
    Gazetteer,
    ResolveContext,
    Territory,
    _bulk_keys,
    ancestors,
    find_places,
    get,
    name_key,
    resolve,
)

GAZ = paths.GAZETTEER_DIR
REGENERATE = (
    "regenerate with: python scripts/build_gazetteer.py <extracted npm package @etalab/decoupage-administratif> "
    "(see the script's docstring and src/isgraph/data/gazetteer/SOURCE.md)"
)


def slug(name: str, context: ResolveContext | None = None) -> str | None:
    t = resolve(name, context)
    return t.iri_slug if t else None


def code(name: str, context: ResolveContext | None = None) -> str | None:
    t = resolve(name, context)
    return t.code_insee if t else None


# ------------------------------------------------------------------------------------------------ communes


@pytest.mark.parametrize(
    ("name", "insee"),
    [
        ("Béthune", "62119"),
        ("BÉTHUNE", "62119"),
        ("SAINT-PARGOIRE (34)", "34281"),
        ("Saint-Pargoire", "34281"),
        ("La Rochelle", "17300"),
        ("la Rochelle", "17300"),
        ("Paris", "75056"),
        ("Bordeaux", "33063"),
        ("Limoges", "87085"),
        ("Périgueux", "24322"),
        ("Perigueux", "24322"),
        ("Chalons en Champagne", "51108"),
        ("Marcq-en-Barœul", "59378"),
        ("Marcq en Baroeul", "59378"),
        ("Château Ville vieille", "05038"),
        ("Saint-Nazaire", "44184"),
        ("St Nazaire", "44184"),
        ("Flayat", "23081"),
        ("Nontron", "24311"),
        ("Ville de Beauvais", "60057"),
        ("Commune de Vertou", "44215"),
        ("Mairie de La Rochelle", "17300"),
        ("Vienne (38)", "38544"),
        ("Bordeaux (Gironde)", "33063"),
        ("Château-Chinon", "58062"),  # 'Château-Chinon (Ville)', not its neighbour '… (Campagne)'
        ("Château-Chinon (Campagne)", "58063"),
    ],
)
def test_communes(name: str, insee: str) -> None:
    t = resolve(name)
    assert t is not None, name
    assert t.kind == "commune"
    assert t.code_insee == insee
    assert t.iri_slug == f"commune-{insee.lower()}"
    assert t.class_name == "Commune"


def test_commune_carries_population_siren_and_parents() -> None:
    bethune = resolve("Béthune")
    assert bethune is not None
    assert bethune.label == "Béthune"
    assert bethune.population and bethune.population > 20000
    assert bethune.siren and len(bethune.siren) == 9
    assert "departement-62" in bethune.parents
    epci = [p for p in bethune.parents if p.startswith("epci-")]
    assert len(epci) == 1 and get(epci[0]).kind == "epci"  # type: ignore[union-attr]


def test_arrondissements_municipaux() -> None:
    t = resolve("Paris 5e arrondissement")
    assert t is not None and t.code_insee == "75105" and t.kind == "arrondissement-municipal"
    assert t.parents == ("commune-75056",)
    assert code("5e arrondissement de Paris") == "75105"
    assert code("Marseille 1er") == "13201"
    assert code("Lyon 3e arrondissement") == "69383"
    assert "commune-75056" in [a.iri_slug for a in ancestors(t)]


def test_homonyms_need_a_hint_or_a_much_larger_commune() -> None:
    # Saint-Denis (Réunion) and Saint-Denis (Seine-Saint-Denis) are both large: no guess
    assert resolve("Saint-Denis") is None
    assert code("Saint-Denis (93)") == "93066"
    assert code("Saint-Denis", ResolveContext(departements=("974",))) == "97411"
    assert code("Saint-Denis", ResolveContext(regions=("11",))) == "93066"
    # many Beaumont, none much larger than the next one
    assert len(Gazetteer.load().communes_named("Beaumont")) > 3
    assert resolve("Beaumont") is None
    assert code("Beaumont", ResolveContext(departements=("63",))) == "63032"
    # Montreuil (93) is far larger than the other Montreuil: it wins without a context
    assert code("Montreuil") == "93048"
    # a context singles out the small homonym
    assert code("Orgeval", ResolveContext(departements=("02",))) == "02573"
    # an ambiguous commune name never degrades into a made-up lieu
    assert resolve("Saint-Martin") is None


def test_former_communes_resolve_to_the_current_one() -> None:
    t = resolve("Les Essarts", ResolveContext(departements=("85",)))
    assert t is not None and t.code_insee == "85084" and t.label == "Essarts-en-Bocage"
    # a village merged into a commune does not capture a famous homonym without context
    assert resolve("Boulogne") is None


# ------------------------------------------------------------------------------------------------ départements


@pytest.mark.parametrize(
    ("name", "dep"),
    [
        ("Creuse", "23"),
        ("CD HAUTE-SAONE", "70"),
        ("Haute-Saône", "70"),
        ("Val d'Oise", "95"),
        ("Val-d'Oise", "95"),
        ("Val d’Oise", "95"),
        ("Deux Sèvres", "79"),
        ("Deux-Sèvres", "79"),
        ("Corrèze", "19"),
        ("Gironde", "33"),
        ("Dordogne", "24"),
        ("département du Nord", "59"),
        ("Département de la Creuse", "23"),
        ("Conseil départemental du Val d'Oise", "95"),
        ("Conseil Général de la Gironde", "33"),
        ("Hauts-de-Seine", "92"),
        ("Isère", "38"),
        ("Corse-du-Sud", "2A"),
        ("Département de La Réunion", "974"),
        ("Seine St Denis", "93"),
        ("Vienne", "86"),
        ("CD33", "33"),
        ("Département 23", "23"),
        ("CG 2A", "2A"),
    ],
)
def test_departements(name: str, dep: str) -> None:
    t = resolve(name)
    assert t is not None, name
    assert (t.kind, t.code_insee) == ("departement", dep)
    assert t.iri_slug == f"departement-{dep.lower()}"


# ------------------------------------------------------------------------------------------------ régions


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Région Nouvelle Aquitaine", "region-75"),
        ("Nouvelle-Aquitaine", "region-75"),
        ("Hauts-de-France", "region-32"),
        ("Grand Est", "region-44"),
        ("Région Grand Est", "region-44"),
        ("PACA", "region-93"),
        ("Région Sud", "region-93"),
        ("Provence-Alpes-Côte d'Azur", "region-93"),
        ("Auvergne-Rhône-Alpes", "region-84"),
        ("Bretagne", "region-53"),
        ("Région Centre", "region-24"),
        ("Pays de la Loire", "region-52"),
        ("Conseil régional d'Occitanie", "region-76"),
        ("Région Rhône Alpes", "ancienne-region-rhone-alpes"),
        ("Région Nord-Pas de Calais", "ancienne-region-nord-pas-de-calais"),
        ("Nord-Pas-de-Calais", "ancienne-region-nord-pas-de-calais"),
        ("Région Limousin", "ancienne-region-limousin"),
        ("Champagne Ardenne", "ancienne-region-champagne-ardenne"),
        ("Région Poitou-Charentes", "ancienne-region-poitou-charentes"),
    ],
)
def test_regions(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_anciennes_regions_carry_code_and_current_region() -> None:
    limousin = resolve("Limousin")
    assert limousin is not None
    assert (limousin.kind, limousin.code_insee, limousin.class_name) == ("ancienne-region", "74", "AncienneRegion")
    assert limousin.parents == ("region-75",)
    assert set(limousin.departements) == {"19", "23", "87"}
    rhone_alpes = resolve("Rhône-Alpes")
    assert rhone_alpes is not None and rhone_alpes.code_insee == "82" and rhone_alpes.parents == ("region-84",)


# ------------------------------------------------------------------------------------------------ EPCI


@pytest.mark.parametrize(
    ("name", "siren"),
    [
        ("CC Mad et Moselle", "200070738"),
        ("Communauté de communes Mad et Moselle", "200070738"),
        ("Mad et Moselle", "200070738"),
        ("CA LE GRAND CHALON", "247100589"),
        ("Le Grand Chalon", "247100589"),
        ("Communauté d'Agglomération de Valenciennes Métropole", "245901160"),
        ("CDA de La Rochelle", "241700434"),
        ("Communauté d'agglomération de La Rochelle", "241700434"),
        ("Bordeaux Métropole", "243300316"),
        ("Métropole de Bordeaux", "243300316"),
        ("Métropole de Lyon", "200046977"),
        ("Paris-Saclay", "200056232"),
        ("Plaine Commune", "200057867"),
    ],
)
def test_epci(name: str, siren: str) -> None:
    t = resolve(name)
    assert t is not None, name
    assert (t.kind, t.siren, t.iri_slug) == ("epci", siren, f"epci-{siren}")
    assert t.code_insee is None


def test_epci_inclusion_is_only_claimed_when_whole() -> None:
    chalon = resolve("CA Le Grand Chalon")
    assert chalon is not None and chalon.parents == ("departement-71",)
    # Mad et Moselle spans Meurthe-et-Moselle and Moselle: included in the région only
    mad = resolve("CC Mad et Moselle")
    assert mad is not None and set(mad.departements) == {"54", "57"} and mad.parents == ("region-44",)
    # a commune is in its EPCI, and an EPT in the Métropole du Grand Paris
    orly = resolve("Orly")
    assert orly is not None and "epci-200054781" in orly.parents
    plaine = resolve("Plaine Commune")
    assert plaine is not None and "epci-200054781" in plaine.parents


# ------------------------------------------------------------------------------------------------ PNR


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Parc Scarpe-Escaut", "pnr-scarpe-escaut"),
        ("PNRSE", "pnr-scarpe-escaut"),
        ("Parc naturel régional Scarpe-Escaut", "pnr-scarpe-escaut"),
        ("Parc Scarpe-Escout", "pnr-scarpe-escaut"),  # typo: near-miss
        ("PNR du Vexin français", "pnr-vexin-francais"),
        ("Parc Naturel Régional du Massif des Bauges", "pnr-massif-des-bauges"),
        ("Bauges", "pnr-massif-des-bauges"),
        ("Parc des Marais du Cotentin et du Bessin", "pnr-marais-du-cotentin-et-du-bessin"),
        ("Millevaches", "pnr-millevaches-en-limousin"),
        ("Parc naturel régional de Millevaches en Limousin", "pnr-millevaches-en-limousin"),
        ("PNR de Chartreuse", "pnr-chartreuse"),
        ("Parc Queyras", "pnr-queyras"),
        ("Queyras", "pnr-queyras"),
        ("Parc des Pyrénées Catalanes", "pnr-pyrenees-catalanes"),
        ("Parc du Luberon", "pnr-luberon"),
        ("Parc naturel régional de la Montagne de Reims", "pnr-montagne-de-reims"),
        ("PNR des Caps et Marais d’Opale", "pnr-caps-et-marais-d-opale"),
    ],
)
def test_parcs_naturels_regionaux(name: str, expected: str) -> None:
    t = resolve(name)
    assert t is not None, name
    assert (t.iri_slug, t.kind, t.class_name) == (expected, "pnr", "ParcNaturelRegional")
    assert t.label.startswith("Parc naturel régional")


def test_pnr_inclusion() -> None:
    scarpe = resolve("PNRSE")
    assert scarpe is not None and scarpe.parents == ("departement-59",)
    assert [a.iri_slug for a in ancestors(scarpe)][:2] == ["departement-59", "region-32"]
    vexin = resolve("Vexin français")
    assert vexin is not None and vexin.parents == ("region-11",)  # Val-d'Oise and Yvelines
    # a park across two régions is included in neither (isg:inclusDans is transitive: no false inclusion)
    haut_jura = resolve("PNR du Haut-Jura")
    assert haut_jura is not None and set(haut_jura.regions) == {"27", "84"} and haut_jura.parents == ()


# ------------------------------------------------------------------------------------------------ quartiers, pays, lieux


def test_quartiers() -> None:
    st_georges = resolve("quartier Saint Georges (Périgueux)")
    assert st_georges is not None
    assert st_georges.kind == "quartier" and st_georges.class_name == "Quartier"
    assert st_georges.parents == ("commune-24322",)
    assert st_georges.iri_slug.startswith("lieu-")
    assert "region-75" in [a.iri_slug for a in ancestors(st_georges)]

    qpv = resolve("quartiers QPV de la Rochelle")
    assert qpv is not None and qpv.kind == "quartier" and qpv.parents == ("commune-17300",)
    assert qpv.iri_slug.startswith("lieu-")

    grenoble = resolve("quartier en rénovation urbaine de Grenoble")
    assert grenoble is not None and grenoble.parents == ("commune-38185",)

    # the quartier keeps its name; the commune comes from the context
    orgeval = resolve("quartier d’Orgeval", ResolveContext(communes=("51454",)))
    assert orgeval is not None and orgeval.parents == ("commune-51454",) and "Orgeval" in orgeval.label
    assert resolve("quartier Orgeval", ResolveContext(communes=("51454",))).iri_slug == orgeval.iri_slug  # type: ignore[union-attr]

    # generic QPV without a commune: nothing to link
    assert resolve("Quartier Politique de la Ville") is None
    with_commune = resolve("Quartier Politique de la Ville", ResolveContext(communes=("17300",)))
    assert with_commune is not None and with_commune.iri_slug == qpv.iri_slug


def test_pays_and_lieux_take_the_context_departement() -> None:
    st_emilionnais = resolve("Saint Emilionnais", ResolveContext(departements=("33",)))
    assert st_emilionnais is not None
    assert st_emilionnais.kind in ("lieu", "pays") and st_emilionnais.iri_slug == "lieu-saint-emilionnais"
    assert st_emilionnais.parents == ("departement-33",)
    bare = resolve("Saint Emilionnais")
    assert bare is not None and bare.parents == ()
    guiers = resolve("Pays du Guiers")
    assert guiers is not None and guiers.kind == "pays" and guiers.class_name == "Pays"
    assert resolve("Saint Emilionnais", allow_lieu=False) is None
    # generic words are not places
    for generic in ("territoire rural", "communes", "Ville", "le département", ""):
        assert resolve(generic) is None, generic


# ------------------------------------------------------------------------------------------------ inclusion


def test_inclusion_chains() -> None:
    bethune = resolve("Béthune")
    assert bethune is not None
    chain = [a.iri_slug for a in ancestors(bethune)]
    assert "departement-62" in chain and "region-32" in chain
    assert chain.index("departement-62") < chain.index("region-32")
    pas_de_calais = get("departement-62")
    assert pas_de_calais is not None and "region-32" in pas_de_calais.parents
    # pre-2016 région: Limousin ⊂ Nouvelle-Aquitaine, and the Creuse is in both
    limousin = resolve("Limousin")
    assert limousin is not None and [a.iri_slug for a in ancestors(limousin)] == ["region-75"]
    creuse = resolve("Creuse")
    assert creuse is not None
    assert {a.iri_slug for a in ancestors(creuse)} == {"region-75", "ancienne-region-limousin"}
    # ancestors stop at the région and never repeat
    limoges = resolve("Limoges")
    assert limoges is not None
    slugs = [a.iri_slug for a in ancestors(limoges)]
    assert len(slugs) == len(set(slugs))
    assert "region-75" in slugs and "departement-87" in slugs
    assert ancestors(get("region-75")) == []  # type: ignore[arg-type]


def test_get_by_slug_round_trips() -> None:
    gaz = Gazetteer.load()
    for s in ("commune-62119", "commune-2a004", "departement-2a", "departement-33", "region-32", "epci-200070738",
              "pnr-scarpe-escaut", "ancienne-region-limousin"):
        t = get(s)
        assert t is not None and t.iri_slug == s, s
        assert t.kind in KIND_CLASS
    assert gaz.commune("2A004") is get("commune-2a004")
    assert get("commune-00000") is None and get("nonsense") is None


def test_context_from_territories() -> None:
    ctx = ResolveContext.from_territories([resolve("Hérault"), resolve("Béthune"), None])
    assert "34" in ctx.departements and "62" in ctx.departements and "76" in ctx.regions
    assert ctx.communes == ("62119",)
    assert not ResolveContext()


# ------------------------------------------------------------------------------------------------ free text


def found(text: str, context: ResolveContext | None = None) -> list[tuple[str, str]]:
    return [(m.territory.iri_slug, m.text) for m in find_places(text, context)]


def test_find_places_examples() -> None:
    assert found("Le projet est né à Bordeaux en 2015.") == [("commune-33063", "Bordeaux")]
    assert found("A Flayat, un café associatif.") == [("commune-23081", "Flayat")]
    assert found("Une action en Corrèze et dans les Deux Sèvres, en Gironde.") == [
        ("departement-19", "Corrèze"), ("departement-79", "Deux Sèvres"), ("departement-33", "Gironde")]
    assert found("A Nontron, en Dordogne, les habitants") == [
        ("commune-24311", "Nontron"), ("departement-24", "Dordogne")]
    assert found("Les jeunes de Limoges participent.") == [("commune-87085", "Limoges")]
    assert found("Basée à Périgueux, l'association agit en région Grand Est.") == [
        ("commune-24322", "Périgueux"), ("region-44", "Grand Est")]
    assert found("le Conseil départemental de la Creuse") == [("departement-23", "Creuse")]
    assert found("les quartiers de la Rochelle") == [("commune-17300", "la Rochelle")]


def test_find_places_offsets_and_structured_names() -> None:
    text = "Le Parc naturel régional Scarpe-Escaut et la Communauté de communes Mad et Moselle, Région Hauts-de-France"
    mentions = find_places(text)
    assert [m.territory.iri_slug for m in mentions] == ["pnr-scarpe-escaut", "epci-200070738", "region-32"]
    for m in mentions:
        assert text[m.start:m.end] == m.text
    assert mentions[0].text == "Parc naturel régional Scarpe-Escaut"
    # upper case and abbreviations
    assert found("CCAS DE ST-POL DE LEON") == [("commune-29259", "ST-POL DE LEON")]


def test_find_places_small_communes_need_a_strong_cue() -> None:
    # Flayat (about 300 inhabitants) only after "à" / "commune de" / a département number
    assert found("Flayat organise") == []
    assert found("la commune de Flayat") == [("commune-23081", "Flayat")]
    assert found("Flayat (23) organise") == [("commune-23081", "Flayat")]
    # large towns need no cue
    assert found("Limoges et Poitiers") == [("commune-87085", "Limoges"), ("commune-86194", "Poitiers")]


def test_find_places_ignores_person_and_organisation_names() -> None:
    assert found("Jean Moulin et Marie Curie ont visité Paris.") == [("commune-75056", "Paris")]
    assert found("Orange Bleue est une association. Orange soutient le projet.") == []
    assert found("Mme Laval habite à Laval.") == [("commune-53130", "Laval")]
    assert found("Lucie Aubrac") == []
    assert found("rue de Paris, quartier Orgeval") == []


def test_stop_list_blocks_common_words() -> None:
    gaz = Gazetteer.load()
    for word in ("Y", "Eu", "Bû", "Ville", "Mer", "Bois", "Plaisir", "Sens", "Orange", "Nord", "Manche"):
        assert gaz.is_stopword(word), word
    assert found("Y a-t-il Plus de Sport et de Mer ? Ville, Bois, Eu, Bû. Sens unique. Plaisir d'offrir.") == []
    assert found("La Manche est froide. Nord. Centre social.") == []
    # the same names with a strong cue are places
    assert found("à Sens") == [("commune-89387", "Sens")]
    assert found("dans le Nord") == [("departement-59", "Nord")]
    assert found("la commune de Mer") == [("commune-41136", "Mer")]
    # resolve needs a hint for them
    assert resolve("Plaisir") is None
    assert code("Plaisir (78)") == "78490"
    assert code("Plaisir", ResolveContext(departements=("78",))) == "78490"


def test_find_places_uses_the_context_for_homonyms() -> None:
    assert found("à Saint-Denis") == []
    assert found("à Saint-Denis", ResolveContext(departements=("974",))) == [("commune-97411", "Saint-Denis")]


# ------------------------------------------------------------------------------------------------ keys and speed


def test_bulk_keys_equal_name_key() -> None:
    gaz = Gazetteer.load()
    names = [row[0] for row in gaz._communes.values()]
    names += ["St-Gildas-des-Bois", "CC Faucigny - Glières", " L’Île-d’Yeu ", "Ste Marie", "St"]
    assert _bulk_keys(names) == [name_key(n) for n in names]
    assert name_key("Saint-Étienne") == name_key("St Etienne") == "saint etienne"


def test_fresh_load_answers_like_the_cached_one() -> None:
    """A fresh gazetteer (not the cached one) resolves and finds places as the shared one does (its load time is
    measured by `make bench`, not here)."""
    gaz = Gazetteer(GAZ)
    assert gaz.resolve("Béthune") == resolve("Béthune")
    assert [m.territory for m in gaz.find_places("à Bordeaux")] == [m.territory for m in find_places("à Bordeaux")]


def test_territory_is_hashable_and_frozen() -> None:
    t = resolve("Béthune")
    assert isinstance(t, Territory)
    assert {t, resolve("Béthune")} == {t}
    with pytest.raises(AttributeError):
        t.label = "x"  # type: ignore[misc]


# ------------------------------------------------------------------------------------------------ data files


def _tsv(name: str) -> tuple[list[str], list[list[str]]]:
    path = GAZ / name
    assert path.is_file(), f"{path} missing; {REGENERATE}"
    raw = gzip.decompress(path.read_bytes()).decode("utf-8") if name.endswith(".gz") else path.read_text("utf-8")
    assert raw.endswith("\n"), f"{name}: no final newline; {REGENERATE}"
    lines = raw.split("\n")[:-1]
    header = lines[0].split("\t")
    rows = [ln.split("\t") for ln in lines[1:]]
    for i, row in enumerate(rows, start=2):
        assert len(row) == len(header), f"{name}:{i}: {len(row)} columns, expected {len(header)}; {REGENERATE}"
    return header, rows


EXPECTED_COLUMNS = {
    "communes.tsv.gz": ["code", "nom", "type", "departement", "region", "epci", "ept", "commune", "siren", "population"],
    "communes_deleguees.tsv": ["code", "nom", "type", "commune"],
    "epci.tsv": ["siren", "nom", "nature", "population"],
    "departements.tsv": ["code", "nom", "region", "chef_lieu", "type_liaison"],
    "regions.tsv": ["code", "nom", "chef_lieu", "type_liaison", "alias"],
    "anciennes_regions.tsv": ["code", "nom", "region", "departements", "identique", "alias"],
    "pnr.tsv": ["cle", "nom", "alias", "regions", "departements", "communes"],
}
KEY_COLUMNS = {"communes_deleguees.tsv": (0, 2)}


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_data_file_form(name: str) -> None:
    header, rows = _tsv(name)
    assert header == EXPECTED_COLUMNS[name], f"{name}: columns {header}; {REGENERATE}"
    key_cols = KEY_COLUMNS.get(name, (0,))
    keys = [tuple(r[c] for c in key_cols) for r in rows]
    assert keys == sorted(keys), f"{name}: rows not sorted by {[header[c] for c in key_cols]}; {REGENERATE}"
    dup = sorted({k for k in keys if keys.count(k) > 1}) if len(set(keys)) != len(keys) else []
    assert not dup, f"{name}: duplicate keys {dup[:5]}; {REGENERATE}"
    for i, row in enumerate(rows, start=2):
        assert all(c == c.strip() for c in row), f"{name}:{i}: cell with surrounding blanks; {REGENERATE}"
        assert row[0] and row[1], f"{name}:{i}: empty key or name; {REGENERATE}"


def test_data_files_are_consistent() -> None:
    _, deps = _tsv("departements.tsv")
    _, regs = _tsv("regions.tsv")
    _, coms = _tsv("communes.tsv.gz")
    _, epcis = _tsv("epci.tsv")
    _, ancs = _tsv("anciennes_regions.tsv")
    _, pnrs = _tsv("pnr.tsv")
    dep_region = {d[0]: d[2] for d in deps}
    region_codes = {r[0] for r in regs}
    epci_sirens = {e[0] for e in epcis}
    assert len(deps) == 101 and len(regs) == 18, REGENERATE
    assert set(dep_region.values()) == region_codes, REGENERATE
    assert 34000 < sum(1 for c in coms if c[2] == "COM") < 36000, REGENERATE
    assert sum(1 for c in coms if c[2] == "ARM") == 45, REGENERATE
    com_codes = {c[0] for c in coms}
    for c in coms:
        assert dep_region[c[3]] == c[4], f"commune {c[0]}: région {c[4]} is not that of département {c[3]}"
        assert not c[5] or c[5] in epci_sirens, f"commune {c[0]}: unknown EPCI {c[5]}; {REGENERATE}"
        assert not c[6] or c[6] in epci_sirens, f"commune {c[0]}: unknown EPT {c[6]}; {REGENERATE}"
        assert c[2] == "COM" or c[7] in com_codes, f"arrondissement {c[0]}: unknown commune {c[7]}"
        assert c[9].isdigit(), f"commune {c[0]}: population {c[9]!r}"
    # pre-2016 régions: 22 metropolitan régions that partition the 96 metropolitan départements
    assert len(ancs) == 22
    anc_deps = [d for a in ancs for d in a[3].split(",")]
    metro = {d for d in dep_region if not d.startswith("97")}
    assert len(anc_deps) == len(set(anc_deps)) and set(anc_deps) == metro
    for a in ancs:
        assert all(dep_region[d] == a[2] for d in a[3].split(",")), f"ancienne région {a[1]}"
    # parks: the ~58 PNR of the Fédération, each with départements and the régions they imply
    assert len(pnrs) >= 58
    for p in pnrs:
        p_deps = p[4].split(",")
        assert p_deps and all(d in dep_region for d in p_deps), p[1]
        assert p[3].split(",") == sorted({dep_region[d] for d in p_deps}), p[1]
        assert not p[5] or all(c in com_codes for c in p[5].split(",")), p[1]


def test_stopword_file_and_source() -> None:
    path = GAZ / "place_stopwords.txt"
    words = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    assert words == sorted(set(words)), f"place_stopwords.txt not sorted / duplicated; {REGENERATE}"
    assert all(w == name_key(w) for w in words), "place_stopwords.txt holds unfolded words"
    for famous in ("paris", "bordeaux", "limoges", "perigueux", "tours", "rennes"):
        assert famous not in words
    source = (GAZ / "SOURCE.md").read_text("utf-8")
    for needle in ("@etalab/decoupage-administratif", "Licence Ouverte", "scripts/build_gazetteer.py"):
        assert needle in source, f"SOURCE.md lacks {needle!r}; {REGENERATE}"
    total = sum(p.stat().st_size for p in Path(GAZ).iterdir() if p.is_file())
    assert total < 3_000_000, f"gazetteer data is {total} bytes (budget 3 MB)"


def test_departement_context_does_not_widen_to_a_homonym_elsewhere_in_the_region():
    from isgraph.resolve.territories import ResolveContext, resolve

    ctx = ResolveContext(departements=("26",), regions=("84",))  # Drôme, Auvergne-Rhône-Alpes
    found = resolve("Romans", ctx, allow_lieu=False)
    assert found is None or found.code_insee != "01328"  # never Romans in the Ain
    assert resolve("Romans-sur-Isère", ctx).code_insee == "26281"


def test_an_institution_s_name_is_no_place():
    """'l'Union européenne' funds a programme: not the commune L'Union (Haute-Garonne), which stays a place when
    named as one."""
    from isgraph.resolve.territories import find_places

    assert [p.territory.label for p in find_places("financé par l'Union européenne et la Région Occitanie")] == [
        "Occitanie"]
    assert [p.territory.label for p in find_places("La Ville de L'Union (Haute-Garonne) ouvre")][0] == "L'Union"


@pytest.mark.parametrize("text, expected", [
    ("Local associatif, 12 rue de la Paix, Lens", ["Lens"]),
    ("au 4 boulevard de Verdun à Saint-Affrique", ["Saint-Affrique"]),
    ("dans un local de la rue de Pont-Aven à Quimperlé", ["Quimperlé"]),
    ("Porté par l'association Atelier du Réemploi Artésien (ARA), à Lens", ["Lens"]),
])
def test_street_names_and_a_body_s_acronym_are_no_places(text, expected):
    from isgraph.resolve.territories import find_places

    assert [p.text for p in find_places(text)] == expected


def test_a_region_s_acronym_after_a_place_still_reads():
    from isgraph.resolve.territories import find_places

    assert [p.text for p in find_places("à Lyon (ARA) et à Grenoble")] == ["Lyon", "ARA", "Grenoble"]


@pytest.mark.parametrize("text, expected", [
    ("Les Rousses : la Crèche des Quatre Vents, un multi-accueil", []),  # a name opened by 'la', no commune
    ("Le port de la Rochelle accueille les plaisanciers", ["La Rochelle"]),
    ("Il part vers la Crèche, dans les Deux-Sèvres", ["La Crèche", "Deux-Sèvres"]),
])
def test_a_lower_case_article_opening_a_longer_name_is_no_commune(text, expected):
    from isgraph.resolve.territories import find_places

    assert [p.territory.label for p in find_places(text)] == expected


def test_a_shared_commune_name_is_read_in_the_documents_region():
    """'Saint-Aignan' (a commune of that name in six départements) on a page naming Bourges, Blois and Vierzon (the
    Cher and the Loir-et-Cher, one région): the Loir-et-Cher's; on a page naming places of two régions, left as
    written; a page naming one département still decides alone."""
    from isgraph.extract.places import qualified_commune

    assert qualified_commune("Saint-Aignan", ("Bourges", "Blois", "Vierzon")) == "Saint-Aignan (Loir-et-Cher)"
    assert qualified_commune("Saint-Aignan", ("Blois", "Bordeaux")) == "Saint-Aignan"
    assert qualified_commune("Saint-Aignan", ("Vannes",)) == "Saint-Aignan (Morbihan)"
    assert qualified_commune("Blois", ("Bourges",)) == "Blois"  # a name read alone stays as written


def test_a_commune_name_ending_another_hyphenated_name_is_no_place():
    """'le quartier du Chemin-Bas-d'Avignon à Nîmes': a district of Nîmes, not Avignon; a compound commune name is
    still read whole ('Saint-Martin-d'Hères')."""
    from isgraph.resolve.territories import find_places

    assert [p.text for p in find_places("dans le quartier du Chemin-Bas-d'Avignon à Nîmes")] == ["Nîmes"]
    assert [p.text for p in find_places("à Saint-Martin-d'Hères et à Grenoble")] == ["Saint-Martin-d'Hères", "Grenoble"]


@pytest.mark.parametrize("text, expected", [
    ("Les Jardins Partagés - Besançon (25)", ["Besançon"]),  # a dash typed as a hyphen between blanks separates
    ("Les Jardins Partagés – Besançon (25)", ["Besançon"]),
    ("Le Comptoir Solidaire-Besançon", []),  # a hyphen with no blanks still glues the names into one
    ("la recyclerie du Val de Saône à Auxonne", ["Auxonne"]),  # a valley named after a river: no commune Saône
    ("sur le Plateau de Millevaches et en Corrèze", ["Corrèze"]),
    ("à Saône (Doubs)", ["Saône", "Doubs"]),
    ("dans la vallée de la Drôme", ["Drôme"]),  # a valley lower-case, the département it lies in
])
def test_a_spaced_hyphen_separates_and_a_natural_area_is_no_commune(text, expected):
    from isgraph.resolve.territories import find_places

    assert [p.text for p in find_places(text)] == expected


def test_a_small_commune_after_a_natural_area_word_is_no_place():
    """The block reader's small communes after 'de' (in a département the text names) skip 'Val de Saône'."""
    from isgraph.extract.places import block_places

    assert [n for n, _ in block_places("La ressourcerie du Val de Saône, dans le Doubs, à Auxonne", [])] == [
        "Doubs", "Auxonne"]
