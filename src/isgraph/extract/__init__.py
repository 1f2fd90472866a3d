"""Stage 2b: extraction — a document's text -> records (initiatives, actors as written, roles, places, amounts,
themes), by the reader that fits its layout; the extraction cache keyed by content and extractor version."""
