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

THEME_CONTEXTS_FILE = DATA_DIR / "theme_contexts.tsv"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
LINKS_DIR = DATA_DIR / "links"
LINK_CACHE_FILE = LINKS_DIR / "wikidata.tsv"
LINK_ORGANISATIONS_FILE = LINKS_DIR / "organisations.txt"


def ontology_files() -> list[Path]:
    """Every Turtle file of the ontology folder, sorted (isgraph.ttl, themes.ttl, schemes...)."""
    return sorted(ONTOLOGY_DIR.glob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted(SHAPES_DIR.glob("*.ttl"))


def query_files() -> list[Path]:
    return sorted(QUERIES_DIR.glob("*.rq"))
