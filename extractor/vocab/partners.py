"""The partner registry: canonical organisations, their spellings, and a stable slug id.

`rules/partners.yml` lists named organisations (canonical name, aliases, abbreviations,
category) and name shapes ("<Place> Clinical Commissioning Group") that generalise to
any area. `Registry.find(text)` returns every organisation named in a text; `resolve`
folds spelling variants of one report into one partner (rapidfuzz on the distinctive
words of the names), so "WMP", "West Midlands Police Service" and "West Midlands Police"
become one partner.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..anchors import Prefilter
from ..rules_schemas import PartnerEntry, PartnersRules, PatternEntry  # noqa: F401  (re-exported)

CATEGORIES = ("local_authority", "police", "health", "education", "probation", "voluntary", "other")
CAP = r"[A-Z][A-Za-z'’\-]*"
PLACE = rf"{CAP}(?:\s+(?:(?:and|of|&|upon|on|under|the|in)\s+)?{CAP}){{0,5}}"
# capitalised words that start a sentence or a role, not a place name




def slug(name: str) -> str:
    t = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    t = t.replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def _fold(s: str) -> str:
    """Whitespace-normalised (spans of the folded text stay verbatim quotes)."""
    return " ".join(s.split())


@dataclass(frozen=True)
class OrgMatch:
    """One organisation named in a text."""
    start: int
    end: int
    surface: str  # verbatim text
    canonical: str
    category: str
    in_registry: bool  # a named registry entry (else a pattern or a list item)
    anywhere: bool  # counts as a partner wherever it is mentioned
    context_only: bool = False
    specificity: int = 0


@dataclass
class Registry:
    rules: PartnersRules
    named: list[tuple[re.Pattern, PartnerEntry]] = field(default_factory=list)
    shapes: list[tuple[re.Pattern, PatternEntry]] = field(default_factory=list)
    excluded: re.Pattern | None = None
    board_re: re.Pattern = re.compile(r"(?!x)x")
    generic: frozenset = frozenset()
    place_keep: frozenset = frozenset()
    lead: frozenset = frozenset()
    tails: frozenset = frozenset()
    _ids: dict | None = None
    _prefilter: Prefilter | None = None

    @classmethod
    def from_rules(cls, rules: PartnersRules) -> "Registry":
        reg = cls(rules)
        for e in rules.partners:
            if e.category not in CATEGORIES:
                raise ValueError(f"partners.yml: {e.name}: unknown category {e.category}")
            forms = sorted({e.name, *e.aliases}, key=len, reverse=True)
            alts = []
            for f in forms:
                esc = re.escape(_fold(f)).replace(r"\ ", r"\s+").replace("'", "['’]")
                # short all-capital abbreviations match case-sensitively only
                alts.append(esc)
                if not f.isupper():
                    alts.append(re.escape(_fold(f).upper()).replace(r"\ ", r"\s+").replace("'", "['’]"))
            reg.named.append((re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])"), e))
        for p in rules.patterns:
            rx = p.regex.replace("{place}", f"(?P<place>{PLACE})", 1).replace("{place}", f"(?:{PLACE})")
            reg.shapes.append((re.compile(r"(?<![\w])" + rx + r"(?![\w])"), p))
        ex = sorted(rules.not_partners, key=len, reverse=True)
        ex_alts = "|".join(re.escape(x.lower()) for x in ex)
        reg.excluded = re.compile(r"^(?:the\s+)?(?:" + ex_alts + r")$") if ex else None
        reg.board_re = re.compile(rules.board_name_regex + "|" + rules.exclude_regex)
        reg.generic = frozenset(w.lower() for w in rules.generic_words)
        reg.place_keep = frozenset(w.lower() for w in rules.place_keep_before)
        reg.lead = frozenset(w.lower() for w in rules.lead_words)
        reg.tails = frozenset(rules.org_tails)
        return reg

    def type_of(self, name: str) -> str:
        """What kind of body a name is, from its last type word ("CCG" = "Clinical Commissioning Group")."""
        t = " " + _fold(name).lower() + " "
        for ab, full in self.rules.type_abbreviations.items():
            t = t.replace(f" {ab.lower()} ", f" {full} ")
        return next((k for k in self.rules.type_kinds if t.rstrip().endswith(k)), "")

    # ------------------------------------------------------------------ finding
    def find(self, text: str, include_context_only: bool = True) -> list[OrgMatch]:
        """Organisations named in `text`, longest first where spans overlap, in text order."""
        text = _fold(text)
        if self._prefilter is None:
            self._prefilter = Prefilter([rx for rx, _ in self.named] + [rx for rx, _ in self.shapes])
        # the literal anchors of each pattern rule most of them out before the regex runs (same matches)
        possible = self._prefilter.possible(text)
        found: list[OrgMatch] = []
        for (rx, e), may in zip(self.named, possible):
            if not may:
                continue
            for m in rx.finditer(text):
                found.append(OrgMatch(m.start(), m.end(), m.group(0), e.name, e.category, True, not e.context_only,
                                      e.context_only))
        for (rx, p), may in zip(self.shapes, possible[len(self.named):]):
            if not may:
                continue
            spans = [(0, len(text))]
            while spans:  # a match trimmed to a later name leaves the text before it to search again
                lo, hi = spans.pop()
                for m in rx.finditer(text, lo, hi):
                    om = self._shape_match(m, p, text)
                    if om is not None:
                        found.append(om)
                        if om.start > m.start() + 3:
                            spans.append((m.start(), om.start - 1))
        # keep the longest of overlapping spans; registry entries win ties
        found.sort(key=lambda o: (-(o.end - o.start), not o.in_registry, o.start, -o.specificity))
        kept: list[OrgMatch] = []
        for o in found:
            if all(o.end <= k.start or o.start >= k.end for k in kept):
                kept.append(o)
        kept.sort(key=lambda o: o.start)
        if not include_context_only:
            kept = [o for o in kept if not o.context_only]
        return kept

    def _shape_match(self, m: re.Match, p: PatternEntry, text: str) -> OrgMatch | None:
        start, surface = m.start(), m.group(0)
        place = m.groupdict().get("place")
        if place is not None:
            # "Authority and Wolverhampton CCG", "CCG and West Midlands Police": two names, keep the last
            parts = re.split(r"\s+(?:and|&)\s+", place)
            for k in range(len(parts) - 1, 0, -1):
                left = parts[k - 1].split()
                if left and left[-1] in self.tails:
                    keep = " and ".join(parts[k:]) if "and" in place else " & ".join(parts[k:])
                    cut = m.start("place") + place.rfind(keep)
                    start, surface, place = cut, text[cut:m.end()], keep
                    break
            # "Bromsgrove CCG Wyre Forest CCG": a name ends inside the place; the place starts after it
            inner = [i for i, w in enumerate(place.split()[:-1]) if w in self.tails
                     and self._distinctive(" ".join(place.split()[i + 1:]))]
            if inner:
                keep = " ".join(place.split()[inner[-1] + 1:])
                cut = m.start("place") + place.rfind(keep)
                start, surface, place = cut, text[cut:m.end()], keep
            # a phrase before the name ("Development of West Mercia Police", "Conference the SWB CCG"):
            # the place starts after its last lower-case joiner, unless that joins a place ("Isle of Wight")
            joins = list(re.finditer(r"\s+(?:of|in|the)\s+", place))
            if joins:
                j = joins[-1]
                before = place[: j.start()].split()
                if before and before[-1].lower() not in self.place_keep:
                    keep = place[j.end():]
                    cut = start + surface.find(keep, m.start("place") - start + j.start())
                    start, surface, place = cut, text[cut:m.end()], keep
            # logo text before the name ("COUNCIL NHS Black Country ...")
            words = place.split()
            up = next((i for i, w in enumerate(words) if not w.isupper()), 0)
            if up < len(words) and words[up] in ("and", "&") and all(w.isupper() for w in words[up + 1:]):
                up = 0  # "BC and WB": an abbreviated place, not logo text
            if up and words[up - 1] == "NHS":
                up -= 1
            if up:
                keep = " ".join(words[up:])
                cut = start + surface.find(keep)
                start, surface, place = cut, text[cut:m.end()], keep
            words = place.split()
            drop = 0
            while drop < len(words) - 1 and words[drop].lower().strip("'’") in self.lead:
                drop += 1
            if words[drop].lower() in self.lead or words[drop].lower() in ("and", "of", "&"):
                if p.require_place or drop == len(words) - 1:
                    return None
            if drop:
                keep = " ".join(words[drop:])
                cut = start + surface.find(keep)
                surface, start, place = text[cut:m.end()], cut, keep
            if p.require_place and place.lower() in self.lead:
                return None
        if place is not None and not [w for w in re.findall(r"[A-Za-z]+", place.lower())
                                      if w not in self.lead and w not in self.generic]:
            return None
        if p.require and not re.search(rf"\b(?:{p.require})\b", surface):
            return None
        if self.board_re.search(surface) or self.is_excluded(surface):
            return None
        canonical = p.canonical or surface
        if p.strip_prefix and canonical.startswith(p.strip_prefix):
            canonical = canonical[len(p.strip_prefix):]
        if p.canonical_suffix and place:
            canonical = place + p.canonical_suffix
        if canonical.lower().startswith("the ") and not canonical.lower().startswith("the royal"):
            canonical = canonical[4:]
        return OrgMatch(start, m.end(), surface, canonical, self.category_of(canonical, p.category), bool(p.canonical),
                        p.anywhere, specificity=len(p.regex))

    def category_of(self, name: str, default: str) -> str:
        """The category a name's own words give (rules' category_overrides), else the shape's; a name of
        no category ("other") takes the one its kind words give (rules' kind_categories: "NHS Trust",
        "Ambulance Service" = health)."""
        for cat, pats in self.rules.category_overrides.items():
            if any(re.search(x, name, re.I) for x in pats):
                return cat
        if default == "other":
            for cat, pats in self.rules.kind_categories.items():
                if any(re.search(x, name) for x in pats):
                    return cat
        return default

    def _distinctive(self, words: str) -> bool:
        """The words hold one that is neither a lead word nor a generic one (a place, a name)."""
        return any(w not in self.lead and w not in self.generic for w in re.findall(r"[a-z']+", words.lower()))

    def is_excluded(self, name: str) -> bool:
        n = _fold(name).lower().strip(" .,;:")
        return bool(self.excluded and self.excluded.match(n)) or bool(self.board_re.search(name))

    # ------------------------------------------------------------------ identity
    def identity(self, name: str, area: str | None = None) -> str:
        """A report-independent id for an organisation the registry lacks: its words lower-cased,
        type abbreviations written out, word spellings unified, words that never distinguish two
        bodies dropped, in their printed order; kind words (police, fire, council, trust) are kept, so
        two kinds never share an id. A local service named without its place takes the report's area."""
        t = " " + re.sub(r"[^a-z0-9]+", " ", _fold(name).lower().replace("&", " and ").replace("'s", "")
                         .replace("’s", "")) + " "
        for ab, full in self.rules.type_abbreviations.items():
            t = t.replace(f" {ab.lower()} ", f" {full} ")
        for a, b in sorted(self.rules.identity_synonyms.items(), key=lambda kv: -len(kv[0])):
            t = t.replace(f" {a.lower()} ", f" {b.lower()} ")
        drop = {w.lower() for w in self.rules.identity_drop}
        words = [w for w in t.split() if w not in drop]
        if area and any(re.fullmatch(p, " ".join(words)) for p in self.rules.placeless_services):
            words = slug(area).split("-") + words
        key = slug(" ".join(words)) or slug(name)
        return self.identities().get(key, key)

    def identities(self) -> dict[str, str]:
        """identity of every registry name and alias -> the registry id (slug of its name), so that a
        spelling the registry does not list still joins the registry's organisation."""
        if self._ids is None:
            self._ids = {}
            for _, e in self.named:
                for f in (e.name, *e.aliases):
                    if not f.isupper():
                        self._ids.setdefault(self._identity_key(f), slug(e.name))
        return self._ids

    def _identity_key(self, name: str) -> str:
        saved, self._ids = self._ids, {}
        try:
            return self.identity(name)
        finally:
            self._ids = saved

    # ------------------------------------------------------------------ folding
    def key_words(self, name: str) -> str:
        toks = re.findall(r"[a-z0-9]+", _fold(name).lower().replace("'s", ""))
        return " ".join(sorted(t for t in toks if t not in self.generic)) or " ".join(sorted(toks))

    def same_org(self, a: str, b: str) -> bool:
        ka, kb = self.key_words(a), self.key_words(b)
        return ka == kb or fuzz.ratio(ka, kb) >= 92 or self.same_acronym(a, b)

    def acronym(self, name: str) -> tuple[str, bool]:
        """(initials of the distinctive words, whether the name is written with them): "SWB CCG" ->
        ("SWB", True); "Sandwell and West Birmingham CCG" -> ("SWB", False)."""
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", _fold(name))
                 if w.lower() not in self.generic and w not in self.rules.type_abbreviations
                 and w.lower() not in self.rules.type_words]
        if words and all(w.isupper() and len(w) >= 2 for w in words):
            return "".join(words), True
        if any(w.isupper() and len(w) >= 2 for w in words):
            return "", False
        return "".join(w[0].upper() for w in words if w[0].isupper()), False

    def same_acronym(self, a: str, b: str) -> bool:
        """One name is the other's place written as initials ("BC and WB CCG" = "Black Country and West
        Birmingham Clinical Commissioning Group"); the type words must agree."""
        (xa, ab_a), (xb, ab_b) = self.acronym(a), self.acronym(b)
        if ab_a == ab_b or len(xa) < 2 or xa != xb:
            return False
        ta, tb = self.type_of(a), self.type_of(b)
        return ta == tb and ta != ""


_BUILT: dict[int, tuple[PartnersRules, Registry]] = {}


def registry_from(rules) -> Registry:
    """The registry of a loaded `Rules` (built once per process and rules object)."""
    model = rules.get("partners.yml")
    hit = _BUILT.get(id(model))
    if hit is None or hit[0] is not model:
        hit = _BUILT[id(model)] = (model, Registry.from_rules(model))
    return hit[1]
