"""Personal data never reaches a published file: the checks run before anything is written."""

import json
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from isgraph.publication import publish
from isgraph.errors import IsgraphError
from isgraph.extract.common import EMAIL_RE
from isgraph.namespaces import ISG
from isgraph.pipeline import BuildResult, write_outputs
from isgraph.privacy import PUBLISHED_EMAIL_RE, leaks, term_leaks
from isgraph.validate.validation import Report

EX = Namespace("https://w3id.org/isgraph/id/initiative/")


def small_graph(label: str) -> Graph:
    g = Graph()
    node = EX["doc--jardin-partage"]
    g.add((node, RDF.type, ISG.Initiative))
    g.add((node, RDFS.label, Literal(label, lang="fr")))
    g.add((node, ISG.ligneDebut, Literal(12)))
    return g


@pytest.mark.parametrize("text", [
    "écrire à marie.dupont@asso-exemple.fr pour s'inscrire",
    "contact: jean-pierre+jardin@mairie.example.org.",
    "<https://w3id.org/isgraph/id/acteur/x> a@b.c",
    "rien ici",
    "deux: a.b@c.d et x_y@z-w.fr",
])
def test_anchored_email_pattern_finds_the_same_addresses(text):
    assert PUBLISHED_EMAIL_RE.findall(text) == EMAIL_RE.findall(text)


def test_term_leaks_finds_emails_and_phones_in_terms():
    found = term_leaks(["Contact 06 12 34 56 78", "ecrire a jardin@exemple.fr", "https://w3id.org/x/2015-2018"])
    assert found == ["06 12 34 56 78", "jardin@exemple.fr"]


@pytest.mark.parametrize("term", ["2015", "250000.00", "1227", "https://w3id.org/isgraph/id/territoire/commune-59350",
                                  "Région Hauts-de-France", "http://www.w3.org/2001/XMLSchema#integer"])
def test_term_leaks_ignores_ordinary_terms(term):
    assert term_leaks([term]) == []


def test_a_term_with_an_email_stops_publication_before_any_file_is_written(tmp_path):
    g = small_graph("Jardin partagé, inscriptions: jardin@asso-exemple.fr")
    result = BuildResult(out=tmp_path)
    result.report = Report(True, [])
    with pytest.raises(IsgraphError, match="personal data"):
        write_outputs(g, tmp_path, publish.DEFAULT_BASE, set(), result, [])
    assert list(tmp_path.iterdir()) == []


def test_a_term_with_a_contact_name_stops_publication(tmp_path):
    g = small_graph("Jardin animé par Marie Dupont")
    result = BuildResult(out=tmp_path)
    result.report = Report(True, [])
    with pytest.raises(IsgraphError, match="contact names"):
        write_outputs(g, tmp_path, publish.DEFAULT_BASE, {"Marie Dupont"}, result, [])
    assert list(tmp_path.iterdir()) == []


def test_published_files_of_a_clean_graph_hold_no_personal_data(tmp_path):
    g = small_graph("Jardin partagé du quartier")
    result = BuildResult(out=tmp_path)
    result.report = Report(True, [])
    write_outputs(g, tmp_path, publish.DEFAULT_BASE, set(), result, [])
    for f in ("isgraph.ttl", "isgraph.nt", "isgraph.jsonld", "isgraph.trig"):
        text = (tmp_path / f).read_text(encoding="utf-8")
        assert leaks(text, set()) == [], f


def test_publication_outputs_are_the_same_graph(tmp_path):
    """N-Triples sorted line by line; Turtle and JSON-LD (with its context file) parse to the same graph."""
    g = small_graph("Jardin « partagé »\nsur deux lignes")
    g.add((EX["doc--jardin-partage"], ISG.theme, URIRef("https://w3id.org/isgraph/theme/alimentation")))
    g.add((EX["doc--autre"], RDF.type, ISG.Initiative))
    pub = publish.Publication(g)
    nt = pub.ntriples()
    assert nt.splitlines() == sorted(nt.splitlines())
    ttl = pub.turtle()
    prefixes = [line for line in ttl.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    assert isomorphic(Graph().parse(data=nt, format="nt"), g)
    assert isomorphic(Graph().parse(data=ttl, format="turtle"), g)
    doc = json.loads(pub.jsonld(context_ref="ctx.jsonld"))
    doc["@context"] = pub.jsonld_context()["@context"]
    assert isomorphic(Graph().parse(data=json.dumps(doc), format="json-ld"), g)
    assert re.search(r'"@graph": \[\n  \{', pub.jsonld())


def test_empty_graph_jsonld_is_valid_json():
    doc = json.loads(publish.Publication(Graph()).jsonld())
    assert doc["@graph"] == []


def test_name_matcher_finds_names_as_whole_word_sequences():
    from isgraph.privacy import NameMatcher, ascii_fold

    m = NameMatcher({"Marie-Anne Dupont", "Jean Martin", "Al Bo", "Paul"})  # too short / one word: ignored
    text = ascii_fold("Contact : MARIE ANNE DUPONT (coordinatrice), puis jean.martin ; pas jeanne martin ni jean martinez")
    assert m.findall(text) == ["marie anne dupont", "jean.martin"]
    assert m.search(text) == "marie anne dupont"
    assert m.search(ascii_fold("Jardin partagé de Saint-Martin")) is None
    assert not NameMatcher({"Paul", "Al Bo"})


def test_name_matcher_prefers_the_longest_name_and_scales_to_many_names():
    from isgraph.privacy import NameMatcher

    names = {f"Prenom{i} Nom{i}" for i in range(5000)} | {"Jean Martin", "Jean Martin Durand"}
    m = NameMatcher(names)
    assert m.findall("avec jean martin durand et prenom4999 nom4999.") == ["jean martin durand", "prenom4999 nom4999"]
    assert m.findall("prenom1 nom2 prenom3") == []


def test_a_contact_is_masked_by_civility_and_surname_too():
    """'Mme Gwenaëlle Le Goff-Prigent' is found whole (a particle and a double surname), and the published text
    masks the contacts written 'M. Le Goff', 'Mme Le Goff-Prigent', 'Madame MAUREL', not the same words alone;
    any other civility and surname ('M. Goff') is a person's name too: its surname is masked."""
    from isgraph.extract.prose import find_persons
    from isgraph.ingest.published import published_text
    from isgraph.privacy import NameMatcher

    assert find_persons("Référente : Mme Gwenaëlle Le Goff-Prigent") == ["Gwenaëlle Le Goff-Prigent"]
    assert find_persons("Contact : M. Paul de La Tour, coordinateur") == ["Paul de La Tour"]
    persons = {"Yannick LE GOFF", "Gwenaëlle Le Goff-Prigent", "MAUREL Mylène"}
    lines = ["Écrire à M. Le Goff.", "Mme Le Goff-Prigent répondra.", "Madame MAUREL assure l'accueil.",
             "Le Goff est un nom breton.", "M. Goff n'est pas un contact.", "La maison Maurel ouvre."]
    text, masked = published_text(lines, persons, NameMatcher(persons))
    assert text.splitlines() == ["Écrire à [nom].", "[nom] répondra.", "[nom] assure l'accueil.",
                                 "Le Goff est un nom breton.", "M. [nom] n'est pas un contact.", "La maison Maurel ouvre."]
    assert masked == 4


@pytest.mark.parametrize("line, name", [
    ("Contact : Maëlys Kerbrat-Tanguy, chargée de mission", "Maëlys Kerbrat-Tanguy"),
    ("Chargée de mission : Tiphaine Quéré", "Tiphaine Quéré"),
    ("Interlocutrice : Soazig Le Bihan", "Soazig Le Bihan"),
    ("Coordinatrice du projet : Nolwenn GUILLOU", "Nolwenn GUILLOU"),
    ("Contact presse : Hélène Vasseur, 04 75 00 00 00", "Hélène Vasseur"),
    ("Référente : Mme Gwenaëlle Le Goff-Prigent", "Gwenaëlle Le Goff-Prigent"),
])
def test_contact_lines_name_their_person_whatever_the_first_name(line, name):
    """First names outside data/prenoms.txt: the contact's function or civility before the name says it is one."""
    from isgraph.extract.prose import find_persons

    assert find_persons(line) == [name]


@pytest.mark.parametrize("line", ["Contact : Mairie de Vannes", "Contact : Association Les Amis du Rail",
                                  "Renseignements : Office de Tourisme du Pays de Lorient"])
def test_contact_lines_naming_an_organisation_name_no_person(line):
    from isgraph.extract.prose import find_persons

    assert find_persons(line) == []


def test_names_outside_every_initiative_are_masked_in_published_documents():
    """A signatory, a quoted official, a photographer: masked in OUT/documents/ even when no initiative's block
    holds them (the extractors only list the persons of the blocks they read)."""
    from isgraph.ingest.published import published_text

    lines = ["Le Président du Conseil départemental,", "Yann-Erwan Le Goasguen-Kerlan",
             "« Un beau projet », souligne Maëlle Fabre-Castagné, directrice régionale.",
             "*Photo : Grand Figeac / R. Delmas*", "La Fondation Rayons Solidaires soutient le projet."]
    text, masked = published_text(lines, set())
    for name in ("Goasguen", "Fabre-Castagné", "Delmas"):
        assert name not in text, name
    assert "Fondation Rayons Solidaires" in text and masked == 3


def test_an_articles_byline_author_is_masked():
    """'Publié le 3 février 2026 par Hélène Kervarec', 'Rédigé par …', 'Propos recueillis par …': the journalist's
    name is a person's; the body that publishes a page is not masked ('… par la Région Bretagne')."""
    from isgraph.ingest.published import published_text

    lines = ["Publié le 3 février 2026 par Hélène Kervarec", "Rédigé par Gwenaël Tanguy-Riou",
             "Propos recueillis par Soizic Le Gall.", "Publié le 2 mars 2026 par la Région Bretagne",
             "La Conciergerie du Trégor ouvre à Guingamp."]
    text, masked = published_text(lines, set())
    for name in ("Kervarec", "Tanguy-Riou", "Le Gall"):
        assert name not in text, name
    assert "par la Région Bretagne" in text and "Conciergerie du Trégor" in text and masked == 3


def test_a_name_after_a_sentences_first_word_is_masked():
    """'Pour Claire Bouvier, bénévole …', 'Selon Anne Roux, directrice', 'D'après Paul Girard, président': the
    sentence's first word is no part of the name, which is a person's (a function follows it)."""
    from isgraph.ingest.published import published_text

    lines = ["Le Parc a installé les arrêts. Pour Claire Bouvier, bénévole de la première heure, « c'est utile ».",
             "Selon Anne Roux, directrice du centre social, la demande a doublé.",
             "D'après Paul Girard, président du club, vingt familles sont venues.",
             "Rendez-vous rue Victor Hugo, à l'école Jean Moulin."]
    text, _ = published_text(lines, set())
    for name in ("Bouvier", "Roux", "Girard"):
        assert name not in text, name
    assert "Pour [nom]" in text and "rue Victor Hugo" in text and "école Jean Moulin" in text


def test_a_registers_names_are_masked():
    """A bulletin's register ('Naissances : Léa Martin, Hugo Bernard', 'Décès : Marcel Dufour'): every name, and
    the label opening the next line is no surname ('Hugo Bernard' / 'Décès' is not one name cut in two)."""
    from isgraph.ingest.published import published_text

    lines = ["ÉTAT CIVIL", "Naissances : Léa Martin, Hugo Bernard et Inès Roux-Delage", "Décès : Marcel Dufour",
             "Partenaires : Région Bourgogne-Franche-Comté, Fondation Rayons Solidaires"]
    text, _ = published_text(lines, set())
    for name in ("Martin", "Hugo", "Bernard", "Inès", "Roux-Delage", "Marcel", "Dufour"):
        assert name not in text, name
    assert "Décès :" in text and "Région Bourgogne-Franche-Comté, Fondation Rayons Solidaires" in text


def test_a_reports_staff_listed_by_function_is_masked():
    """An activity report's team, one person a line after a function and a colon ('Coordination : Thomas
    Leprévost'): persons' names, masked even when no function word of PERSON_CONTEXT is there. A label before a
    body's name ('Partenaire : Fondation Rayons Solidaires') is no person's."""
    from isgraph.ingest.published import published_text

    lines = ["L'ÉQUIPE", "Coordination : Thomas Leprévost", "Accueil et secrétariat : Nadia Benaïssa-Morel",
             "• Comptabilité : Gwenaëlle Le Floc'h", "Partenaire : Fondation Rayons Solidaires",
             "Lieu : Saint-Martin-de-Ré"]
    text, masked = published_text(lines, set())
    for name in ("Leprévost", "Benaïssa", "Floc"):
        assert name not in text, name
    assert "Fondation Rayons Solidaires" in text and "Saint-Martin-de-Ré" in text and masked == 3


@pytest.mark.parametrize("name, person", [("J. Sarrat", True), ("Amina et Lucas", True), ("B. Les", False),
                                          ("Fondation Mutualia", False), ("Les Amis du Moulin", False)])
def test_person_shapes(name, person):
    from isgraph.extract.common import looks_like_person

    assert looks_like_person(name) is person


def test_names_and_addresses_cut_by_line_breaks_are_masked():
    """PDF and slide text wraps anywhere: a civility at a line's end and the surname on the next, a first name and
    its surname on two lines, a hyphenated surname cut after its hyphen, an address cut inside its domain; and a
    signature's runs of spaces ('Le secrétaire, Thomas Delpeyrat          Le Maire, …')."""
    from isgraph.ingest.published import published_text

    lines = ["Présents : M. FARGEAUDOUX, Mme POURTAUD-LESCURE, M.", "DELPEYRAT, M. le Maire.",
             "Le secrétaire de séance, Thomas Delpeyrat          Le Maire, Jean-Luc", "Fargeaudoux",
             "Écrire à jb.hamelin@vivre-ensemble-", "cotentin.fr", "Marie-Claire Dupont-", "Letellier, chargée de mission",
             "**NÉO", "TERRA** pose six ambitions", "Le Parc naturel régional du", "Perche finance l'étude."]
    text, _ = published_text(lines, set())
    for part in ("FARGEAUDOUX", "POURTAUD", "DELPEYRAT", "Delpeyrat", "Jean-Luc", "Fargeaudoux", "hamelin",
                 "Dupont", "Letellier"):
        assert part not in text, part
    assert "M. le Maire" in text and "TERRA** pose" in text and "Perche finance" in text
    assert len(text.splitlines()) == len(lines)


def test_a_signature_in_a_card_never_reaches_the_graph(tmp_path):
    from isgraph.pipeline import build

    seeds = tmp_path / "docs"
    seeds.mkdir()
    (seeds / "fiche.md").write_text(
        "# Programme d'actions 2025 du Parc\n\n## Fiche 2.1 – Murets en pierre sèche\n\n"
        "- **Maître d'ouvrage :** Association Pierres du Forez\n- **Commune :** Ambert\n"
        "- **Montant :** 6 000 €\n\nChantiers participatifs de restauration de murets. Vu et approuvé en comité "
        "syndical, Le Président du Parc, Bernard Vialatte-Roux\n\n## Fiche 2.2 – Verger partagé\n\n"
        "- **Maître d'ouvrage :** Commune de Job\n- **Montant :** 4 000 €\n\nUn verger conservatoire.\n",
        encoding="utf-8")
    out = tmp_path / "out"
    result = build(seeds, out, site="never")
    assert result.published
    for f in out.rglob("*"):
        if f.is_file() and ".cache" not in f.parts and "store" not in f.parts:
            assert "Vialatte" not in f.read_text(encoding="utf-8", errors="ignore"), f


def test_names_placed_where_only_a_persons_stands_are_masked_whatever_their_first_name(tmp_path):
    """First names the list does not hold ('Chaynesse', 'Mamadou'): a signature under its function, a proposal's
    authors ('Proposé par Mamadou Diallo et Lucas Perrin'), a name before ', présidente'. Never in any published
    file; a body proposing a project ('proposé par Saint-Denis Habitat') is no person."""
    from isgraph.extract.common import signed_names
    from isgraph.pipeline import build

    assert signed_names("Le projet, proposé par Saint-Denis Habitat et la Ville.") == set()
    assert signed_names("La Grange, bénévole de l'année") == set()
    seeds = tmp_path / "docs"
    seeds.mkdir()
    (seeds / "bp.md").write_text(
        "# Budget participatif 2025 – les projets lauréats\n\nLa Ville de Rennes réalisera les projets suivants.\n\n"
        "## Des bancs sur la dalle\n\nProposé par Mamadou Diallo et Lucas Perrin. Quarante bancs installés par la "
        "Ville de Rennes le long de la dalle Kennedy, pour un coût de 60 000 €.\n\n"
        "## Un jardin de pluie\n\nProposé par Saint-Denis Habitat. Un jardin de pluie planté par l'association Les "
        "Jardins du Blosne, avec le soutien de la Ville de Rennes (12 000 €).\n\n"
        "« Un beau projet », dit Zineb Haddouche, présidente de l'association.\n\n"
        "Le Maire de Rennes,\nChaynesse Khirouni\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(seeds, out, site="never")
    assert result.published
    for f in out.rglob("*"):
        if f.is_file() and ".cache" not in f.parts and "store" not in f.parts:
            text = f.read_text(encoding="utf-8", errors="ignore")
            for name in ("Diallo", "Perrin", "Khirouni", "Haddouche", "Mamadou", "Chaynesse", "Zineb"):
                assert name not in text, (f, name)
    assert "Saint-Denis Habitat" in (out / "documents" / "bp-md.txt").read_text(encoding="utf-8")


def test_a_person_named_organisation_keeps_its_name(tmp_path):
    """'Association Jean Moulin', its 'présidente' named next to it: the actor keeps its name and label (a name a
    card's actor bears is no contact's), the build publishes, the présidente's own name is masked."""
    from isgraph.pipeline import build

    seeds = tmp_path / "docs"
    seeds.mkdir()
    (seeds / "fiches.md").write_text(
        "# Initiatives solidaires du Pays de Redon\n\n## Le Café des Voisins\n\n- **Porteur :** Association Jean "
        "Moulin\n- **Commune :** Redon\n- **Financeurs :** Région Bretagne (6 000 €)\n\nUn café associatif, "
        "« un lieu pour tous », souligne Odile Kervella-Le Roux, présidente de l'association Jean Moulin.\n\n"
        "## La Navette des Marais\n\n- **Porteur :** Association Roule Marais\n- **Commune :** Redon\n\n"
        "Une navette solidaire pour les habitants des villages.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build(seeds, out, site="never")
    assert result.published
    ttl = (out / "isgraph.ttl").read_text(encoding="utf-8")
    assert "Association Jean Moulin" in ttl and "Kervella" not in ttl
    assert "Kervella" not in (out / "documents" / "fiches-md.txt").read_text(encoding="utf-8")


def test_a_name_wrapped_in_a_table_cell_is_masked_whole():
    """A PDF table laid out with spaces: the beneficiary cell 'M. Félicien' / 'Quénéhervé' wraps over two lines,
    the other cells between its halves; a civility closing a cell ('Mme') with the surname under it. The next
    cell of a civility's line (a commune) is not a surname, and neither is an organisation's cell."""
    from isgraph.ingest.published import published_text

    lines = ["N°      Bénéficiaire       Commune        Projet                   Montant",
             "",
             "2031-   M. Félicien                       Reprise d'un",
             "ESS-    Quénéhervé         Vierzon        atelier de cycles        12 000 €",
             "0007    (entreprise                       en SCOP",
             "        individuelle)",
             "",
             "2031-   Mme                Bourges        Épicerie itinérante      8 500 €",
             "ESS-    Le Scornet-Davy                   en milieu rural",
             "",
             "2031-   Association        Nevers         Jardin partagé           4 000 €",
             "ESS-    Les Potagers de                   et compostage",
             "0011    Loire"]
    text, _ = published_text(lines, set())
    for part in ("Félicien", "Quénéhervé", "Scornet"):
        assert part not in text, part
    for kept in ("Vierzon", "Bourges", "Nevers", "Les Potagers de", "(entreprise", "Mme "):
        assert kept in text, kept
    assert len(text.splitlines()) == len(lines)


def test_a_magazines_civil_status_is_masked_whatever_the_first_names():
    """'Naissances : Timéo Chabanne, le 19 septembre' — first names outside data/prenoms.txt, no cue around them:
    every name of a civil-status line is a person's."""
    from isgraph.ingest.published import published_text

    lines = [" État civil", "", " Naissances : Lënaïg Quillévéré, le 3 janvier ; Timéo Chabanne, le 19 septembre.",
             " Mariages : Maëlys Roudil et Kylian de La Borie, le 9 mars.", " Décès : Odilon Vernhes, 91 ans.",
             "Le carnet de route du Parc : Parc naturel régional des Causses du Quercy"]
    text, _ = published_text(lines, set())
    for part in ("Quillévéré", "Chabanne", "Roudil", "Borie", "Vernhes", "Timéo"):
        assert part not in text, part
    assert "le 19 septembre" in text and "91 ans" in text and "Parc naturel régional des Causses du Quercy" in text


def test_council_minutes_surnames_with_a_particle_and_signatures_side_by_side_are_masked():
    """A council's minutes: 'Mme LE GUEN', 'M. Yannig LE ROUX' (a surname in capitals with its particle, after a
    civility, with or without the first name), two signatures on one line of a PDF-like layout. Was: 'Mme LE GUEN'
    kept (the particle read as the surname), 'M. [nom] LE ROUX', '[nom] QUINIOU' (the two signatures read as one
    name of three words). 'Madame le Maire', 'M. le Rapporteur' are kept."""
    from isgraph.ingest.published import published_text

    lines = ["Sous la présidence de Madame Gaëlle QUINIOU, Maire.",
             "Vote : 20 voix pour, 3 voix contre (M. TALEC, Mme LE GUEN, M. Le Coz).",
             "Mme PENVEN rappelle que l'association « Le Grenier du Scorff », présidée par M. Yannig LE ROUX,",
             "M. LE DUFF, membre du bureau de l'association, ne prend pas part au vote.",
             "Madame le Maire remercie M. le Rapporteur.",
             "",
             "La secrétaire de séance,                    Le Maire,",
             "Nolwenn PENVEN                              Gaëlle QUINIOU"]
    text, _ = published_text(lines, set())
    for part in ("QUINIOU", "TALEC", "GUEN", "Coz", "PENVEN", "Yannig", "ROUX", "DUFF", "Nolwenn", "Gaëlle"):
        assert part not in text, part
    for kept in ("Madame le Maire", "M. le Rapporteur", "« Le Grenier du Scorff »", "Mme [nom]", "Le Maire,"):
        assert kept in text, kept
    assert len(text.splitlines()) == len(lines)


def _titles_reference(title: str, persons: set[str]) -> str:
    """The plain form of pipeline.PersonTitles.clean: every name compared with the title, longest first."""
    import re

    from isgraph.normalize import fold

    for p in sorted((p for p in persons if p.strip()), key=lambda p: (-len(p), p)):
        if fold(p) not in fold(title):
            continue
        at = re.search(rf"(?<!\w){re.escape(p)}(?!\w)", title, re.IGNORECASE)
        if at is None and len(fold(title)) == len(title):
            at = re.search(rf"(?<!\w){re.escape(fold(p))}(?!\w)", fold(title))
        if at is None:
            continue
        head = re.sub(r"(?i)[\s,:;–—-]*(?:(?:entretien|interview|rencontre|portrait|conversation|échange|dialogue)\s*)?"
                      r"(?:(?:avec|de|du|d['’]|par|pour|à|chez)\s*)?(?:(?:M\.|Mme|Mr|Monsieur|Madame)\s*)?$", "",
                      title[:at.start()])
        rest = title[at.end():].lstrip(" ,:;–—-")
        title = (head + (" – " + rest if head and rest else rest)).strip() or title
    return title


def test_titles_lose_contact_names_as_the_plain_comparison_does():
    """The indexed name search of the build (PersonTitles) takes out the same names, in the same order, as comparing
    each title with each name: several names in one title, a name inside a longer one, accents written or not,
    names sharing their first word, a name that is only part of a word."""
    import itertools

    from isgraph.pipeline import PersonTitles

    persons = {"Maud Lefranc", "Lefranc", "Jean Quéré", "Jean Moulinier", "Anne-Sophie Rival", "Rival", "Ana Lo",
               "Éloïse Bréhat", "Marc", "…"}
    heads = ["« Un atelier vélo »", "Le jardin partagé", "Épicerie mobile", ""]
    links = [" : entretien avec ", " de Mme ", " – ", " par ", ", rencontre avec "]
    names = ["Maud Lefranc", "LEFRANC", "Jean Quere", "jean quéré", "Anne-Sophie Rival", "Eloise Brehat",
             "Jean Moulinier et Ana Lo", "Marcel", "Analogie", "Rivalité", "M. Rival"]
    tails = ["", " (Vallée de la Dordogne)", " : une saison"]
    titles = [h + l + n + t for h, l, n, t in itertools.product(heads, links, names, tails)]
    titles += ["Association Jean Moulin", "Marc et Maud Lefranc, au marché", "Le café … des familles"]
    cleaner = PersonTitles(persons)
    changed = 0
    for title in titles:
        expected = _titles_reference(title, persons)
        assert cleaner.clean(title) == expected, title
        changed += expected != title
    assert changed > len(titles) // 2  # most of these titles name someone: the comparison is not of no-ops
    assert cleaner.clean("« Un atelier vélo » : entretien avec Maud Lefranc") == "« Un atelier vélo »"


def test_a_councils_attendance_lists_are_masked():
    """'Présents : Mmes et MM. ANDRÉ-MOUREY, BAILLY, …' in a council's minutes: every councillor's surname masked in
    OUT/documents/ (was: the whole list published, the president's surname among them, masked elsewhere)."""
    from isgraph.ingest.published import published_text

    lines = ["Présidence : M. Bernard Chevassus-Marchand, Président",
             "Présents : Mmes et MM. ANDRÉ-MOUREY, BAILLY, CHEVASSUS-MARCHAND, LE GOFF, ROCHET (liste complète annexée).",
             "Absents excusés : MM. DURAND et PETIT – Pouvoirs : Mme Anne Vidal à M. Paul Roux",
             "Présents : 44 – Votants : 51",
             "Le conseil attribue 7 500 € à l'association LE GRENIER PARTAGÉ."]
    text, masked = published_text(lines, {"Bernard Chevassus-Marchand"})
    out = text.split("\n")
    for name in ("ANDRÉ-MOUREY", "BAILLY", "CHEVASSUS", "GOFF", "ROCHET", "DURAND", "PETIT", "Vidal", "Roux"):
        assert name not in text, name
    assert out[1].startswith("Présents : Mmes et MM. [nom], ") and out[1].endswith("(liste complète annexée).")
    assert out[3] == "Présents : 44 – Votants : 51"
    assert out[4] == lines[4]  # (a body's name in capitals, on a line that lists no one)


def test_a_council_attendance_list_wrapped_over_lines_is_masked_whole():
    """A PDF's attendance list wraps a councillor's surname onto the next line ('M. Yann' / 'LE BIHAN, …'): every
    line of the list is masked, up to the sentence's end; the deliberation's text after it is left as it is."""
    from isgraph.ingest.published import published_text

    lines = ["Étaient présents : Mme Anne Morvan, M. Loïc Guillou, Mme Soizic", "Le Goff, M. Yann",
             "LE BIHAN, M. Erwan Kervella, Mme Katell", "Jaffrès, M.", "PRIGENT.", "",
             "Absents excusés : M. Paul Roux, Mme Lucie", "Tanguy",
             "Le conseil municipal, après en avoir délibéré, décide d'attribuer une subvention à l'association."]
    text, masked = published_text(lines, set())
    for name in ("Morvan", "Guillou", "Soizic", "Goff", "Yann", "BIHAN", "Kervella", "Katell", "Jaffrès", "PRIGENT",
                 "Roux", "Lucie", "Tanguy"):
        assert name not in text, name
    assert text.splitlines()[-1] == lines[-1]
    assert masked == 7  # the five lines of the first list, the two of the second


def test_an_attendance_list_of_surnames_alone_is_masked():
    """'Présents : Mmes et MM. Delpech, Vayssié, Laborie, …': each surname between the list's commas is a
    councillor's (was: only the first masked); the line after the list is left as it is."""
    from isgraph.ingest.published import published_text

    lines = ["Présents : Mmes et MM. Delpech, Vayssié, Laborie, Murat, Couderc, Pélaprat.",
             "Objet : attribution de fonds de concours aux communes membres"]
    text, _ = published_text(lines, set())
    for name in ("Delpech", "Vayssié", "Laborie", "Murat", "Couderc", "Pélaprat"):
        assert name not in text, name
    assert text.splitlines()[1] == lines[1]


def test_a_contact_written_as_a_cards_porteur_is_never_an_actor(tmp_path):
    """A directory card's 'Porteuse du projet : Gwenaëlle Quéméner — 02 98 00 00 00 — mail': the name cut from
    its phone by a dash is still a person's (was published as an actor and porteur, 'Gwenaëlle Quéméner -')."""
    from click.testing import CliRunner

    from isgraph.cli import main
    from isgraph.extract.common import looks_like_person

    assert looks_like_person("Gwenaëlle Quéméner -") and looks_like_person("Gwenaëlle Quéméner —")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "annuaire.md").write_text(
        "# Annuaire des projets du réseau\n\n## Habitat partagé Ker Avel\n\nPorteur : association Ker Avel Solidaire\n"
        "Commune : Douarnenez\nFinanceurs : Département du Finistère (20 000 €)\n\nHuit logements adaptés autour "
        "d'un espace commun animé par l'association.\n\n## Contact\n\nPorteuse du projet : Gwenaëlle Quéméner — "
        "02 98 00 00 00 — contact@kerave-exemple.bzh\n", encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["build", str(docs), "--out", str(out), "--site", "never", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".nt", ".ttl", ".csv", ".jsonld", ".txt", ".trig"):
            assert "Quéméner" not in path.read_text(encoding="utf-8", errors="replace"), path.name


def test_a_column_of_names_in_a_pdfs_attendance_table_is_masked():
    """A programming committee's attendance laid out in columns ('Collège   Nom   Structure   Statut' over 'Public
    Martine ESCOFFIER   Communauté de communes …   Titulaire'): each row's cell under 'Nom' is masked, also a name
    wrapped onto the next line ('Thierry' / 'BOUCHARDEAU'); the structures and statuses stay; a 'Nom' column of a
    table of associations keeps them."""
    from isgraph.ingest.published import published_text

    lines = ["Collège            Nom                                 Structure                                Statut",
             "Public    Martine ESCOFFIER        Communauté de communes Cœur de Loire                Titulaire",
             "Privé     Thierry                  Office de tourisme Loire Vignobles et Nohain        Titulaire",
             "          BOUCHARDEAU",
             "Privé     Nadia KHELIFI            Conseil de développement du Pays                    Suppléant",
             "", "", "Le quorum est atteint."]
    text, _ = published_text(lines, set())
    for name in ("ESCOFFIER", "Martine", "Thierry", "BOUCHARDEAU", "KHELIFI"):
        assert name not in text, name
    assert "Communauté de communes Cœur de Loire" in text and "Suppléant" in text and "Le quorum est atteint." in text
    grants, _ = published_text(["Nom | Objet | Montant", "Association Les Jardins | Potager | 2 000 €"], set())
    assert "Association Les Jardins" in grants


def test_the_bodies_a_list_of_persons_names_in_brackets_stay():
    """'Excusés : Christian AUBLANC (Commune de Saint-Amand-en-Puisaye), Mme Odile Ferrand (CCI Nièvre).': the persons
    masked, the bodies they represent kept (was '[nom] ([nom])')."""
    from isgraph.ingest.published import published_text

    text, _ = published_text(["Excusés : Christian AUBLANC (Commune de Saint-Amand-en-Puisaye), Mme Odile Ferrand "
                              "(CCI Nièvre)."], set())
    assert "AUBLANC" not in text and "Ferrand" not in text
    assert "(Commune de Saint-Amand-en-Puisaye)" in text and "(CCI Nièvre)" in text
