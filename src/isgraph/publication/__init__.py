"""Stage 6: publication — deterministic serialisations, the open-data bundle (CSV, workbook, TriG, framed JSON-LD,
catalogue) and pushing a graph to a SPARQL store."""
