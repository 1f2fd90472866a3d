"""The generic reader: every document that no family recognises (family code `generique`).

The text is cleaned of page chrome and split into initiative blocks (`isgraph.extract.blocks`): hand-written cards
("Porteur : …"), a palmarès or list of laureates (one initiative per laureate), the grants of a deliberation (one
per beneficiary: "attribution d'une subvention de 12 500 € à l'association X pour son atelier …"), the headed
sections of a page presenting several projects, or else the whole text as one initiative (a press article, a CCAS
page, a Parc's project page). In each block, organisations (`prose.find_organisations`: organisation-type words,
acronyms, collectivités), places (the gazetteer) and amounts are found, and roles come from sentence structure and
cue phrases (`isgraph.extract.cues`). The body that runs a call for projects or votes the grants is the funder of
each of its laureates / beneficiaries, with the amount written on the laureate's line. A page where no block names
an organisation carrying or funding something gives no initiative.

Beside it: `isgraph.extract.mentions` (a block's joined text and the organisations it names) and
`isgraph.extract.funding` (the deciding body, labelled grant amounts, funding plans, funders' names).
"""

from isgraph.extract.generique.reader import GeneriqueExtractor

__all__ = ["GeneriqueExtractor"]
