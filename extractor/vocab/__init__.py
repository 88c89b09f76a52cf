"""Vocabularies shared by the stages that read text into values: numbers as printed, and the
partner registry (rules/partners.yml). Stage-neutral: extract and normalise both use them."""
