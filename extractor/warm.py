"""Imported by the worker pool's forkserver only (batch._context): the pipeline's modules and the
spaCy model are loaded once there, and every worker forked from it starts with them (shared
copy-on-write) instead of paying ≈ 0.9 CPU-s of imports and model loading each.

Nothing here may raise: a failed preload would take the forkserver down, and a worker whose
model is missing reports that itself when it first needs it."""
from __future__ import annotations

try:
    from . import pipeline  # noqa: F401
    from .extract import registry  # noqa: F401  (every extractor module)
    from .extract.nlp import get_nlp, get_tagger

    get_nlp()  # the model as `entities` loads it (no registry names)

    get_tagger()  # the lemmatising pipeline the metric patterns match on
except Exception:  # pragma: no cover - the worker loads what it needs lazily, as without a preload
    pass
