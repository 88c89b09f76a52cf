"""People named in running prose with their role beside them, in any case:

  "John Harris, the previous independent chair, left in August"   (name, [the] [modifiers] role)
  "the deputy chair, Claire Parker, covered the post"             ([the] [modifiers] role, name)
  "The Independent Chair of the Board is Audrey Williamson"       (role [of X] is/was name)

A role phrase is the rules' role vocabulary matched case-insensitively, after optional modifiers
("previous", "interim", "then"), and must hold a role head noun ("chair", "director", ...). Every
candidate name must also read as a name to the people rules and be a PERSON to spaCy's NER, so
capitalised organisation or topic pairs next to a role word are not taken for people.
"""
from __future__ import annotations

import re

from .common import ws
from .nlp import entities

# the name pattern of people.py without its case-insensitive pieces (spaCy decides what is a person)
NAME = (r"(?-i:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?(?:\s+[A-Z]\.?)?\s+"
        r"(?:Mc|Mac|O')?[A-Z][a-zA-Z'’]+(?:-\s?[A-Z][a-zA-Z'’]+)?)")


def _alt(xs) -> str:
    return "|".join(re.escape(x) for x in sorted(set(xs), key=lambda x: (-len(x), x)))


class ProsePatterns:
    def __init__(self, role_words, modifiers, heads, hon: str):
        mods = rf"(?:(?:{_alt(modifiers)})\s+)*" if modifiers else ""
        role_core = rf"(?:{_alt(role_words)})"
        # a role phrase: modifiers, role words and a few more words, holding a head noun, up to punctuation
        self.head_re = re.compile(rf"\b(?:{_alt(heads)})s?\b", re.I)
        role = rf"(?:the\s+)?{mods}{role_core}\b[^.;,()]{{0,80}}"
        name = rf"(?:(?:{hon})\.?\s+)?{NAME}"
        # an apposition: "X, an independent consultant," as well as "X, the previous chair"
        self.after = re.compile(rf"(?P<name>{name})\s*,\s+(?P<role>(?:an?\s+)?{role})", re.I)
        # an appointment: "appointed X as (the) Y", "X was appointed (as) Y", "the appointment of X as Y"
        arole = rf"(?:the\s+|our\s+|an?\s+|its\s+)?{mods}{role_core}\b[^.;,()]{{0,80}}"
        self.appointed = re.compile(rf"(?:appointed|appointment of|welcomed)\s+(?P<name>{name})"
                                    rf"\s+as\s+(?P<role>{arole})"
                                    rf"|(?P<name2>{name})\s+(?:was|has been|had been|is)\s+(?:newly\s+)?appointed\s+"
                                    rf"(?:as\s+)?(?P<role2>{arole})", re.I)
        self.before = re.compile(rf"(?<![\w])(?P<role>(?:the\s+)?{mods}{role_core}\b[^.;,()]{{0,60}}?)\s*,\s+"
                                 rf"(?P<name>{name})\s*(?=[,.;)]|\s+(?:who|and|has|had|was|is|left|took)\b)", re.I)
        self.copula = re.compile(rf"(?<![\w])(?P<role>(?:the\s+)?{mods}{role_core}\b[^.;,()]{{0,60}}?)\s+"
                                 rf"(?:is|was|has been)\s+(?P<name>{name})(?![\w'’])", re.I)

    def role_ok(self, role: str) -> bool:
        words = role.split()
        return bool(self.head_re.search(" ".join(words[:7])))


def _trim_role(role: str, heads_re) -> str:
    """The role phrase up to its last head noun within the first words ("previous independent chair")."""
    words = ws(role).split()[:10]
    last = max((i for i, w in enumerate(words) if heads_re.fullmatch(w.strip(",.'’s"))
                or heads_re.fullmatch(w.strip(",.'’"))), default=len(words) - 1)
    words = words[: last + 1]
    first = min((i for i, w in enumerate(words) if heads_re.fullmatch(w.strip(",.'’s"))
                 or heads_re.fullmatch(w.strip(",.'’"))), default=len(words))
    the = [i for i, w in enumerate(words[:min(4, first)]) if w.lower() in ("the", "a", "an")]
    return " ".join(words[the[-1] + 1:] if the else words)  # "interim the deputy chair" -> "deputy chair"


def candidates(blocks, pats: ProsePatterns):
    """(block, name, role, quote, text read) for each role-and-name pattern in prose."""
    out = []
    for b in blocks:
        if b.kind != "para" or len(b.text) < 25:
            continue
        text = _title_case(b.text) if b.text.isupper() else b.text  # an upper-case title-page line
        for rx in (pats.after, pats.before, pats.copula, pats.appointed):
            for m in rx.finditer(text):
                gd = m.groupdict()
                name, role = gd.get("name") or gd.get("name2"), gd.get("role") or gd.get("role2")
                if not name or not role or not pats.role_ok(role):
                    continue
                out.append((b, name, _trim_role(role, pats.head_re), m.group(0), text))
    return out


def _title_case(text: str) -> str:
    small = {"of", "and", "the", "for", "in", "to", "a", "an"}
    return " ".join(w.lower() if w.lower() in small and i else w.capitalize() for i, w in enumerate(text.split()))


def persons(cands) -> list[bool]:
    """Whether spaCy reads each candidate's name as (part of) a PERSON entity in its sentence."""
    texts = sorted({c[4] for c in cands})
    by_text = dict(zip(texts, entities(texts, labels=("PERSON",))))
    ents = [by_text[c[4]] for c in cands]
    ok = []
    for (_b, name, *_), es in zip(cands, ents):
        core = ws(name)
        ok.append(any(lab == "PERSON" and (core in t or t in core) and len(t.split()) >= 2 for lab, t in es))
    return ok
