"""Sections and tables of a report, built from the layout."""
