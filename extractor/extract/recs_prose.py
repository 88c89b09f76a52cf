"""Recommendations written in running prose rather than listed: "The Peer Diagnostic Review identified
the need for the Board to evaluate its impact ...", "Ofsted made a specific recommendation about the
need for the Board to ensure ...", "A recommendation from this audit is for the Board to receive ...".
The phrasings are regexes in rules/recommendations.yml (`prose`), each capturing the text as `rec`."""
from __future__ import annotations

import re

from .common import ws

SENT = re.compile(r"(?<=[a-z0-9)\]])[.!?]\s+(?=[A-Z0-9])")
# where a captured recommendation stops: a comment on it, or a second clause about the reviewer's view
CUT = re.compile(r",?\s+(?:as an? (?:key |first |next )*(?:next step|step|priority)|going forward|"
                 r"and (?:considered|found|noted|concluded|judged|that)\b)", re.I)


def sentences(text: str) -> list[str]:
    return [s for s in SENT.split(ws(text)) if s]


def candidates(paras, patterns, single=None):
    """(block, sentence, words before the recommendation, text) for each prose recommendation; a
    sentence naming a single agency as the recipient ("recommendation to the local authority") is skipped."""
    rxs = [re.compile(p, re.I) for p in patterns]
    out = []
    for b in paras:
        if b.kind != "para" or len(b.text) < 40:
            continue
        for sent in sentences(b.text):
            for rx in rxs:
                m = rx.search(sent)
                if not m:
                    continue
                if single is not None and single.search(sent[: m.start("rec")]):
                    break
                text = CUT.split(m.group("rec"), 1)[0].strip(" .;:,")
                if len(text.split()) >= 5:
                    out.append((b, sent, sent[: m.start("rec")], text[:1].upper() + text[1:]))
                break
    return out
