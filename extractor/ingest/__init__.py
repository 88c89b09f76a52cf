"""PDF to pages of positioned words, rules, boxes and the outline."""
from .records import Box, OutlineEntry, Page, Rule, Source, Word
from .pdf import open_document

__all__ = ["Box", "OutlineEntry", "Page", "Rule", "Source", "Word", "open_document"]
