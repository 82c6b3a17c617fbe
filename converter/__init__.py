"""Column Digest: scraped article pages -> clean Markdown -> a searchable static site."""

__version__ = "0.2.0"
