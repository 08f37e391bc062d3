"""newskg: news articles in, a typed, provenance-rich RDF knowledge graph out."""

__version__ = "0.1.0"
