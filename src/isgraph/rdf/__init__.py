"""Stage 4: the RDF graph — records -> asserted triples in the compact working store, reasoning, graph files."""
