"""PDF to pages of positioned words, rules, boxes and the outline."""
from .records import Box, OutlineEntry, Page, Rule, Source, Word

__all__ = ["Box", "OutlineEntry", "Page", "Rule", "Source", "Word", "open_document"]


def __getattr__(name: str):
    # pdfplumber loads only when a PDF is opened: a re-run that reuses every file never needs it
    if name == "open_document":
        from .pdf import open_document
        return open_document
    raise AttributeError(name)
