"""Turn safeguarding partnership annual reports (PDF) into a citable dataset.

Stages, each a pure function of its input plus rules:
ingest -> layout -> structure -> extract -> normalise -> store.
"""
__version__ = "0.1.0"
