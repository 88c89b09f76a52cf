"""One `Settings` for a run: each stage's tunable thresholds (the settings dataclasses the stages
declare beside their code) plus how the run is carried out. Created by the CLI or the API,
passed down through the batch and the worker to every stage (stages.py hands each its own part).

`extract --set tables.cell_gap=1.5` overrides one field; `Settings.with_overrides` checks the
section and field names and converts the value to the field's type. The fingerprint of the
stage settings (not of `run`: workers and timeouts do not change what is extracted) goes in the
manifest beside the rules fingerprint, and an output made with other settings is not reused.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Iterable

from .ingest import BACKENDS, backend_name
from .layout.columns import ColumnSettings
from .layout.furniture import FurnitureSettings
from .layout.lines import LineSettings
from .structure.contents import ContentsSettings
from .structure.headings import HeadingSettings
from .structure.tables.settings import TableSettings


@dataclass(frozen=True)
class IngestSettings:
    backend: str | None = None  # pdfium | pdfplumber; None: $EXTRACT_BACKEND, else pdfium


@dataclass(frozen=True)
class RunSettings:
    """How the batch runs (not what it extracts)."""
    workers: int | None = None  # processes; None: the machine's cores
    timeout: float = 300.0  # seconds one file may take before its worker is killed
    max_memory: int | None = None  # MB ceiling of one worker; None: an equal share of the machine's


@dataclass(frozen=True)
class Settings:
    ingest: IngestSettings = field(default_factory=IngestSettings)
    lines: LineSettings = field(default_factory=LineSettings)
    tables: TableSettings = field(default_factory=TableSettings)
    furniture: FurnitureSettings = field(default_factory=FurnitureSettings)
    columns: ColumnSettings = field(default_factory=ColumnSettings)
    headings: HeadingSettings = field(default_factory=HeadingSettings)
    contents: ContentsSettings = field(default_factory=ContentsSettings)
    run: RunSettings = field(default_factory=RunSettings)

    def fingerprint(self) -> str:
        """Hash of every stage setting (what shapes the output; `run` does not)."""
        data = {f.name: dataclasses.asdict(getattr(self, f.name)) for f in dataclasses.fields(self) if f.name != "run"}
        # the reader actually used, so $EXTRACT_BACKEND changes the fingerprint as --backend does
        data["ingest"]["backend"] = backend_name(self.ingest.backend)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def with_overrides(self, assignments: Iterable[str]) -> Settings:
        """These settings with each `section.field=value` applied (ValueError naming the bad one)."""
        out = self
        for a in assignments:
            key, sep, raw = a.partition("=")
            section, dot, name = key.strip().partition(".")
            if not sep or not dot:
                raise ValueError(f"{a!r}: expected section.field=value")
            part = getattr(out, section, None) if section in _names(out) else None
            if part is None:
                raise ValueError(f"{a!r}: no settings section {section!r} (one of: {', '.join(_names(out))})")
            if name not in _names(part):
                raise ValueError(f"{a!r}: {section} has no field {name!r} (one of: {', '.join(_names(part))})")
            value = _convert(raw.strip(), _field_type(type(part), name), a)
            out = dataclasses.replace(out, **{section: dataclasses.replace(part, **{name: value})})
        return out


# the default reader: what an output made before the fingerprint existed was read with
DEFAULT_FINGERPRINT = Settings(ingest=IngestSettings(backend=BACKENDS[0])).fingerprint()


def _names(obj: Any) -> list[str]:
    return [f.name for f in dataclasses.fields(obj)]


def _field_type(cls: type, name: str) -> Any:
    return typing.get_type_hints(cls)[name]


def _convert(raw: str, kind: Any, what: str) -> Any:
    """`raw` as a value of type `kind` (int, float, bool, str, or one of them | None)."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        if raw.lower() in ("none", "null", ""):
            if type(None) in args:
                return None
        kind = next(a for a in args if a is not type(None))
    try:
        if kind is bool:
            if raw.lower() not in ("true", "false", "1", "0", "yes", "no"):
                raise ValueError(raw)
            return raw.lower() in ("true", "1", "yes")
        if kind in (int, float, str):
            return kind(raw)
    except ValueError:
        raise ValueError(f"{what!r}: {raw!r} is not a valid {kind.__name__}") from None
    raise ValueError(f"{what!r}: a {kind} setting cannot be set from the command line")
