"""isgraph: French documents about territorial social innovation -> linked-open-data knowledge graph."""

__version__ = "0.1.0"
