"""Shared extraction helpers: list splitting, generic categories, persons, contacts, organisation types."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isgraph import paths
from isgraph.extract.common import (
    PHONE_RE,
    find_persons,
    is_generic,
    join_wrapped_lines,
    looks_like_person,
    org_evidence,
    organisation_type,
    person_from_email,
    read_tsv,
    read_word_list,
    same_person,
    split_actor_items,
    split_actor_list,
    strip_contacts,
)


# ---- list splitting ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    # a comma list wrapped in a narrow column, 'et' between two categories, 'etc...' glued to the last item
    ("PNRSE, organisateurs de \nmanifestations, \nstructures accueillant \ndes PSH et associations \nlocales,etc...",
     ["PNRSE", "organisateurs de manifestations", "structures accueillant des PSH", "associations locales"]),
    # names containing 'et' stay whole
    ("Jeunesse et sports, ligue de voile, Europe, Syndicat Mixte de gestion du Parc, ENRX",
     ["Jeunesse et sports", "ligue de voile", "Europe", "Syndicat Mixte de gestion du Parc", "ENRX"]),
    ("Caisse des dépôts et consignations", ["Caisse des dépôts et consignations"]),
    ("Association Vacances et Familles 59, CAF", ["Association Vacances et Familles 59", "CAF"]),
    # 'et' between two organisations splits
    ("Fondation de France et Fondation MACIF", ["Fondation de France", "Fondation MACIF"]),
    ("Energies Pour Demain (EIE) et la SCIC L'Arban", ["Energies Pour Demain", "la SCIC L'Arban"]),
    ("Etat et Région", ["Etat", "Région"]),
    # a shared complement is not a list separator
    ("enfants des écoles et des centres de loisirs", ["enfants des écoles et des centres de loisirs"]),
    ("Les agriculteurs et associations relais du monde agricole",
     ["Les agriculteurs et associations relais du monde agricole"]),
    # bullets, sub-headings, wrapped bullet items
    ("Pour le montage du projet :\n-Association Escapade \nLiberté Mobilité\n-Les guides du Vexin français\n"
     "Pour la diffusion :\n-Médias et établissements \nspécialisés",
     ["Association Escapade Liberté Mobilité", "Les guides du Vexin français", "Médias et établissements spécialisés"]),
    # one item a line, wrapped lines marked by a trailing space or a final preposition
    ("Association ECHOBAT \nDéveloppement\nRégion des Pays de la \nLoire\nMaison de l’Emploi du \nSaumurois",
     ["Association ECHOBAT Développement", "Région des Pays de la Loire", "Maison de l'Emploi du Saumurois"]),
    # column gaps, a note in parentheses, a lost comma before 'les'
    ("ADEME     FEDER", ["ADEME", "FEDER"]),
    ("La communauté \nde communes, la \nmairie de \nChâteau Ville \nvieille les acteurs \nculturels",
     ["La communauté de communes", "la mairie de Château Ville vieille", "les acteurs culturels"]),
    # a category with its members, a shared head
    ("Collectivités (Région, Département, ville), DRAC", ["Collectivités", "Région", "Département", "ville", "DRAC"]),
    ("services du Département, de la Région, ARS", ["services du Département", "services de la Région", "ARS"]),
    # parentheses spanning lines do not break the list
    ("REFLET 31 (Association œuvrant \npour une insertion culturelle, \néconomique, professionnelle), \n"
     "Maison de l’emploi, Commune", ["REFLET 31", "Maison de l'emploi", "Commune"]),
    ("- Maison de Quartier Orgeval\n- Commune de Germaine- PNR", ["Maison de Quartier Orgeval", "Commune de Germaine", "PNR"]),
])
def test_split_actor_list(text, expected):
    assert split_actor_list(text) == expected


def test_split_keeps_notes_and_protected_names():
    items = split_actor_items("PNRs du N-PdC, CAF, (dispositif Va’CAF), EPCI")
    assert [i.name for i in items] == ["PNRs du N-PdC", "CAF", "EPCI"]
    assert items[1].note == "dispositif Va'CAF"
    items = split_actor_items("centre social du CCAS (porteur administratif et coordinateur du projet), ville")
    assert items[0].note.startswith("porteur")
    kept = split_actor_items("-PNR’s Scarpe-Escaut et Caps et \nMarais d’Opale", keep=("Caps et Marais d'Opale",))
    assert [i.name for i in kept] == ["PNR's Scarpe-Escaut", "Caps et Marais d'Opale"]


def test_split_drops_contacts_and_noise():
    assert split_actor_list("Mairie de Trifouilly, contact@trifouilly.fr, 01 23 45 67 89, etc.") == ["Mairie de Trifouilly"]
    assert split_actor_list("") == []
    assert split_actor_list(" - , ; etc...") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_split_actor_list_never_fails(text):
    for item in split_actor_list(text):
        assert item == item.strip() and len(item) > 1
        assert "\n" not in item


# ---- generic categories and organisation types ---------------------------------------------------------------------
@pytest.mark.parametrize("name", [
    "associations locales", "Les communes", "9 agriculteurs", "tous les prestataires qui gravitent autour du parc",
    "EPCI", "Office de tourisme", "La communauté de communes", "Ecole communale", "Centre de Loisirs", "habitants",
    "Des interprètes en LSF", "Médecin local",
])
def test_generic(name):
    assert is_generic(name)


@pytest.mark.parametrize("name", [
    "Office de Tourisme de Maubeuge", "Commune de Germaine", "communauté de communes de Guillestre du Queyras",
    "Association Escapade Liberté Mobilité", "CAF 36", "Conseil Régional", "Ecole maternelle Charles Peguy",
    "Fondation de France", "mairie de Château Ville vieille",
])
def test_named(name):
    assert not is_generic(name)


@pytest.mark.parametrize("name, code", [
    ("CAF 36", "caf"), ("Caisse d'allocations familiales de l'Indre", "caf"),
    ("Conseil départemental du Val d'Oise", "departement"), ("Conseil Général Isère", "departement"),
    ("Région Nord-Pas de Calais", "region"), ("Parc naturel régional de la Brenne", "parc"), ("PNR du Vexin", "parc"),
    ("CCAS de Chalons en Champagne", "ccas"), ("CIAS Val de Sevres", "ccas"),
    ("Communauté de communes du Pays de Lure", "epci"), ("Syndicat Mixte de gestion du Parc", "syndicat-mixte"),
    ("Fondation MACIF", "fondation"), ("ADEME", "etablissement-public"), ("FEDER", "europe"), ("LEADER", "europe"),
    ("Jeunesse et sports", "etat"), ("DDCSPP", "etat"), ("Association Bio Loire Océan", "association"),
    ("Ville de Maubeuge", "commune"), ("Assistantes sociales Conseil Départemental", "departement"),
])
def test_organisation_type(name, code):
    assert organisation_type(name) == code


def test_organisation_type_unknown_and_evidence():
    assert organisation_type("Les Amis des Bauges") is None
    assert organisation_type("") is None
    assert org_evidence("Conseil Régional") == 2 and org_evidence("SITURV") == 2
    assert org_evidence("Vosges Arts vivants") == 1
    assert org_evidence("Agriculture") == 0 and org_evidence("2015 de l'UNCCAS") == 0


# ---- persons and contacts ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [
    "Caroline MAIRESSE", "Irène Hedrich", "MAUREL Mylène", "N. YANASMA", "Mme LOGIE Marie-France", "Lise De Baere",
    "Florence BUSNOT-RICHARD", "Marie-Christine CHATEL", "Mélanie Huguet –Friedel",
])
def test_person(name):
    assert looks_like_person(name)


@pytest.mark.parametrize("name", [
    "Association ECHOBAT", "Groupe ECHOBAT", "France Active", "Reims habitat", "Ecole primaire Gallieni",
    "Parc Queyras", "Conseil Régional", "Les communes", "Fondation de France",
])
def test_not_person(name):
    assert not looks_like_person(name)


def test_find_persons_in_text():
    assert find_persons("Les antennes sont animées par \nLucie Thiennot et Stéphanie Saudrais. Pour") == [
        "Lucie Thiennot", "Stéphanie Saudrais"]
    assert find_persons("Contacts : Agnès Lavergne et \nMarianne Dispa") == ["Agnès Lavergne", "Marianne Dispa"]
    assert find_persons("Florence BUSNOT-\n\nRICHARD/\nEmmanuelle CREPEAU") == ["Florence BUSNOT-RICHARD",
                                                                            "Emmanuelle CREPEAU"]
    assert find_persons("Le Conseil Régional et la Fondation de France") == []


def test_person_helpers():
    assert person_from_email("Lucie.julien@pnrpc.fr") == "Lucie Julien"
    assert person_from_email("contact@parc.fr") is None
    assert same_person("Karine LEBOUVIER", "Karine Lebouvier")
    assert same_person("Lise De Baere", "Lise Debaere")
    assert not same_person("Lucie Julien", "Lucie Thiennot")


@pytest.mark.parametrize("phone", ["03 27 19 19 70", "03.26.59.44.44", "04,90,40,02,29", "0549167788",
                                   "+33 5 55 96 97 23", "Tél :03 27 77 51 60"])
def test_phones_are_removed(phone):
    assert PHONE_RE.search(phone)
    assert not any(c.isdigit() for c in strip_contacts(phone))


def test_postcode_and_amounts_are_not_phones():
    assert not PHONE_RE.search("05470 Aiguilles")
    assert not PHONE_RE.search("1 500 000 €")
    assert strip_contacts("écrire à a.b@parc.fr ou www.parc.fr") .split() == ["écrire", "à", "ou"]


def test_join_wrapped_lines():
    assert join_wrapped_lines("Parc naturel régional de la Montagne\nde Reims\nMaison de l'Enfance") == \
        "Parc naturel régional de la Montagne de Reims\nMaison de l'Enfance"
    assert join_wrapped_lines("STEMO \nLe Courtil des arômes") == "STEMO\nLe Courtil des arômes"
    assert join_wrapped_lines("Pays \nSambre-\nAvesnois, L'Avesnoise") == "Pays Sambre-Avesnois, L'Avesnoise"


# ---- data files: canonical form -----------------------------------------------------------------------------------------
def _fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


@pytest.mark.parametrize("path", [paths.GENERIC_ACTORS_FILE, paths.DATA_DIR / "generic_types.txt",
                                  paths.DATA_DIR / "prenoms.txt"])
def test_word_lists_are_canonical(path):
    words = read_word_list(path)
    assert words, path
    assert all(w == w.lower() for w in words)
    assert [_fold(w) for w in words] == sorted(_fold(w) for w in words)
    assert len({_fold(w) for w in words}) == len(words)
    assert path.read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("path, header", [(paths.ORG_TYPES_FILE, ["marker", "type"]),
                                          (paths.ACTOR_ALIASES_FILE, ["alias", "canonical"])])
def test_tsv_files_are_canonical(path, header):
    rows = read_tsv(path)
    assert rows[0] == header
    body = rows[1:]
    assert all(len(r) == 2 and all(r) for r in body)
    keys = [_fold(r[0]) for r in body]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_org_type_codes_are_in_the_scheme():
    codes = {"association", "collectivite", "ccas", "parc", "fondation", "etat", "entreprise", "epci", "departement",
             "region", "commune", "caf", "europe", "syndicat-mixte", "etablissement-public", "autre"}
    assert {r[1] for r in read_tsv(paths.ORG_TYPES_FILE)[1:]} <= codes
    assert all(r[0] == r[0].lower() for r in read_tsv(paths.ORG_TYPES_FILE)[1:])


# ---- fast equivalents of run-time patterns (extraction speed) ---------------------------------------------------
def test_simple_case_chars_match_like_lowered_text():
    """Inside SIMPLE_CASE_CHARS, re.IGNORECASE equality of two characters is equality of their str.lower()."""
    import re

    from isgraph.extract.common import SIMPLE_CASE_CHARS

    chars = [c for c in map(chr, range(0x2100)) if re.fullmatch(f"[{SIMPLE_CASE_CHARS}]", c)]
    assert len(chars) > 350
    for c in chars:
        assert len(c.lower()) == 1, c
        pattern = re.compile(re.escape(c), re.IGNORECASE)
        assert {t for t in chars if pattern.fullmatch(t)} == {t for t in chars if t.lower() == c.lower()}, c


_PHRASE_CHARS = "aAbBéÉsSſkKKiIıİÿŸ€«’ \t\n\u00a0-'.()+*?"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_PHRASE_CHARS, max_size=30), st.text(alphabet=_PHRASE_CHARS, min_size=1, max_size=8),
       st.integers(min_value=0, max_value=30))
def test_phrase_spans_are_those_of_the_regex(text, phrase, cut):
    import re

    from isgraph.extract.common import phrase_spans

    for name in (phrase, text[cut : cut + len(phrase)]):
        pattern = r"\s+".join(re.escape(w) for w in name.split())
        expected = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)] if pattern else []
        assert phrase_spans(text, name) == expected
        if name:
            expected = [m.span() for m in re.finditer(re.escape(name), text, re.IGNORECASE)]
            assert phrase_spans(text, name, any_spaces=False) == expected


@given(st.text(max_size=200))
def test_strip_contacts_prefilters_change_nothing(text):
    from isgraph.extract.common import CREDIT_RE, EMAIL_RE, URL_RE

    plain = URL_RE.sub(" ", PHONE_RE.sub(" ", EMAIL_RE.sub(" ", text)))
    assert strip_contacts(text) == CREDIT_RE.sub(lambda m: " " * len(m.group(0)), plain)


def test_closing_line_prefilter_agrees_with_the_pattern():
    from isgraph.extract.diaporama import _CLOSING, _is_closing

    lines = ["Merci de votre attention", "MERCI !", "Des questions ?", "des  Questions", "Place aux débats",
             "PLACE AUX DÉBATS", "Rendez-vous pour la suite", "mercı", "ſ", "merci\u0130", "Bilan", "", "commercial",
             "Questions", "des questionnaires", "place aux debats", "RENDEZ VOUS POUR"]
    for line in lines:
        assert _is_closing(line) == bool(_CLOSING.search(line)), line


def test_caseless_patterns_agree_with_their_ignorecase_spelling():
    """Each CaselessPattern's hand-written lower-case spelling finds what the re.IGNORECASE pattern finds."""
    import random
    import re

    from isgraph.extract import cartes_postales, neoterra, territoria
    from isgraph.extract.common import CaselessPattern

    patterns = [cartes_postales._CARTE_POSTALE, *cartes_postales._LABEL_CUES, neoterra._LAUREATE_CUE,
                territoria._PALMARES, territoria._LAUREATS, territoria._RESUMES]
    seeds = sorted((paths.PACKAGE_DIR.parent.parent / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    words = re.findall(r"\w+|\W", " ".join(p.pattern.pattern for p in patterns).replace("\\s", " "))
    rnd = random.Random(0)
    for _ in range(3000):
        texts.append("".join(rnd.choice(words + [" ", "É", "À", "é", "\n", "AMI", "Aap", "ı", "ſ"])
                             for _ in range(rnd.randint(1, 30))))
    for p in patterns:
        assert isinstance(p, CaselessPattern)
        for text in texts:
            assert bool(p.search(text)) == bool(p.pattern.search(text))
            assert p.count(text) == len(p.pattern.findall(text))


@given(st.text(alphabet=" \t,;.…etcETCab-\n", max_size=12))
def test_trailing_noise_prefilter_changes_nothing(text):
    from isgraph.extract.common import _TRAILING_NOISE, _strip_trailing_noise

    assert _strip_trailing_noise(text) == _TRAILING_NOISE.sub("", text)


def test_registry_stops_at_a_full_score_with_the_same_choice():
    """recognise() stops at a score of 1.0 in alphabetical order: the choice of the full sort, ties included."""
    from isgraph.ingest.documents import SourceDocument, read_document
    from isgraph.extract import registry

    root = paths.PACKAGE_DIR.parent.parent
    docs = [read_document(p) for p in sorted((root / "seeds").glob("*.txt"))]
    docs += [SourceDocument(name=f"t{i}.txt", path=root / f"t{i}.txt", text=text, sha256="")
             for i, text in enumerate(["", "Bonjour.", "Merci de votre attention\n\n\nPalmarès TERRITORIA",
                                       "Carte postale\n+ Le projet\nPartenaires : CAF\nBudget : 2 000 €"])]
    for doc in docs:
        scored = sorted(((cls.recognise(doc), cls.family, cls) for cls in registry.extractors()),
                        key=lambda t: (-t[0], t[1]))
        expected = scored[0][2] if scored[0][0] >= registry.MIN_SCORE else None
        assert registry.recognise(doc) is expected


@given(st.text(alphabet="ab d'’-(«,/ \\t", max_size=14))
def test_line_end_patterns_searched_from_the_end(text):
    """join_wrapped_lines searches _CONTINUES / _WORD_HYPHEN_END only in the last characters of a stripped line."""
    from isgraph.extract.common import _CONTINUES, _WORD_HYPHEN_END

    s = text.strip()
    for words in ("de", "avec", "pour", "dans", "l'", "aux"):
        for t in (s, f"{s} {words}", f"{s}{words}"):
            t = t.strip()
            assert bool(_CONTINUES.search(t, max(0, len(t) - 4))) == bool(_CONTINUES.search(t))
            assert bool(_WORD_HYPHEN_END.search(t, max(0, len(t) - 2))) == bool(_WORD_HYPHEN_END.search(t))
