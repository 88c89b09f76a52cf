"""Canonical rows, the partner registry, number parsing."""
