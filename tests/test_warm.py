"""The forkserver preload (extractor/warm.py) swallows its errors by design, so a wrong import there
would silently make every worker load spaCy again: check that it really loads both pipelines."""
from __future__ import annotations

import subprocess
import sys


def test_the_preload_loads_the_ner_model_and_the_metric_tagger():
    code = ("import extractor.warm; from extractor.extract import nlp; "
            "print(nlp._NLP is not None, nlp._TAGGER is not None)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
