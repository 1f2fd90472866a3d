"""Stage 3: resolution — names as written -> canonical actors, official territories, generic mentions, and links
to Wikidata."""
