"""Querying a built graph — stored SPARQL queries, their parameters, results for people, the embedded store."""
