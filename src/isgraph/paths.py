"""One module owns every path the package reads.

Ontology, shapes and stored queries live at the top of the repository (`ontology/`, `shapes/`, `queries/`) and
are force-included into the wheel as `isgraph/ontology`, `isgraph/shapes`, `isgraph/queries`.  An installed
package reads its own copy; an editable install falls back to the checkout.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _resource_dir(name: str) -> Path:
    packaged = PACKAGE_DIR / name
    if packaged.is_dir():
        return packaged
    checkout = PACKAGE_DIR.parent.parent / name  # src/isgraph -> repo root
    if checkout.is_dir():
        return checkout
    return packaged  # missing: callers raise a ResourceError naming this path


ONTOLOGY_DIR = _resource_dir("ontology")
SHAPES_DIR = _resource_dir("shapes")
QUERIES_DIR = _resource_dir("queries")

ONTOLOGY_FILE = ONTOLOGY_DIR / "isgraph.ttl"
THEMES_FILE = ONTOLOGY_DIR / "themes.ttl"
THEME_CONTEXTS_FILE = DATA_DIR / "theme_contexts.tsv"  # keywords of themes.ttl that count only in context

# curated vocabularies (data files next to the code, canonical form checked by tests/test_data_files.py)
ORG_TYPES_FILE = DATA_DIR / "org_types.tsv"
ACTOR_ALIASES_FILE = DATA_DIR / "actor_aliases.tsv"
ACTOR_COLLECTIVITIES_FILE = DATA_DIR / "actor_collectivities.tsv"
ACTOR_BODIES_FILE = DATA_DIR / "actor_bodies.tsv"
GENERIC_ACTORS_FILE = DATA_DIR / "generic_actors.txt"
GENERIC_TYPES_FILE = DATA_DIR / "generic_types.txt"
PRENOMS_FILE = DATA_DIR / "prenoms.txt"
# the generic reader (isgraph.extract.generique): role cues, page chrome, card field labels, palmarès labels
CUES_FILE = DATA_DIR / "cues.tsv"
PAGE_CHROME_FILE = DATA_DIR / "page_chrome.tsv"
CARD_LABELS_FILE = DATA_DIR / "card_labels.tsv"
PRIZE_LABELS_FILE = DATA_DIR / "prize_labels.tsv"
NON_ACTORS_FILE = DATA_DIR / "non_actors.txt"
DOCUMENT_WORDS_FILE = DATA_DIR / "document_words.txt"
FUNCTION_WORDS_FILE = DATA_DIR / "mots_outils.txt"  # articles, prepositions, pronouns (review, person names)

THEME_CONTEXTS_FILE = DATA_DIR / "theme_contexts.tsv"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
LINKS_DIR = DATA_DIR / "links"
LINK_CACHE_FILE = LINKS_DIR / "wikidata.tsv"
LINK_ORGANISATIONS_FILE = LINKS_DIR / "organisations.txt"

# the extraction cache (isgraph.extract.cache): by default inside the output directory, beside the published files
OUTPUT_CACHE_DIRNAME = ".cache"  # OUT/.cache/: not published (not in SHA256SUMS, not served, not in the site)
EXTRACT_CACHE_SUBDIR = "extract"  # OUT/.cache/extract/<sha256[:2]>/<sha256>-<hash of the name>.pickle
SITE_ASSETS_DIR = PACKAGE_DIR / "site" / "assets"  # static files of the explorer (no part of extraction)


def default_extract_cache(out: Path) -> Path:
    """Where a build into `out` keeps its extraction cache by default."""
    return Path(out) / OUTPUT_CACHE_DIRNAME / EXTRACT_CACHE_SUBDIR


def extraction_source_roots() -> list[Path]:
    """The folders whose files extraction may read: the package (code and data) and the ontology (themes.ttl).

    An installed package holds its own ontology folder; an editable install reads the checkout's."""
    roots = [PACKAGE_DIR]
    if PACKAGE_DIR not in ONTOLOGY_DIR.parents:
        roots.append(ONTOLOGY_DIR)
    return roots


def ontology_files() -> list[Path]:
    """Every Turtle file of the ontology folder, sorted (isgraph.ttl, themes.ttl, schemes...)."""
    return sorted(ONTOLOGY_DIR.glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(SHAPES_DIR.glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(QUERIES_DIR.glob("*.rq"))
