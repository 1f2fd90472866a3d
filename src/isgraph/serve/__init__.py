"""`isgraph serve`: the read-only SPARQL endpoint and explorer, and what it refuses."""
