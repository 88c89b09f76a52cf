"""Semantic extractors: report facts, priorities, recommendations, partners, people, funding,
attendance and metrics, each reading a structured `Document` with rules from `rules/`."""
