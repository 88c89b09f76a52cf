"""Lines, running furniture, columns and reading order."""
from .records import Line, PageLayout

__all__ = ["Line", "PageLayout"]
