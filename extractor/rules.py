"""Rules are data: every `rules/*.yml` is loaded with yaml.safe_load and validated.

Each rules file has a pydantic schema, registered by the module that uses it
(`@rules_schema("metrics.yml")`), so adding a synonym or a partner alias never
needs a code change, and a bad file fails at load with its name and key.
The fingerprint (sha256 over every file's bytes) goes into the manifest.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RulesError

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "rules"
_SCHEMAS: dict[str, type[BaseModel]] = {}


def rules_schema(filename: str) -> Callable[[type[BaseModel]], type[BaseModel]]:
    """Register the schema of one rules file (a decorator on a pydantic model)."""
    def register(model: type[BaseModel]) -> type[BaseModel]:
        _SCHEMAS[filename] = model
        return model
    return register


@dataclass(frozen=True)
class Rules:
    directory: str
    fingerprint: str
    files: dict[str, Any] = field(default_factory=dict)  # filename -> validated model

    def get(self, filename: str) -> Any:
        if filename not in self.files:
            raise RulesError(f"{self.directory}/{filename}: missing rules file")
        return self.files[filename]


def _import_users() -> None:
    """Modules that register schemas; imported here so loading sees every schema."""
    from .extract import registry  # noqa: F401
    from .structure import kinds  # noqa: F401


def _fmt_loc(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def load_rules(directory: str | Path | None = None) -> Rules:
    """Load and validate every registered rules file in `directory`."""
    _import_users()
    d = Path(directory) if directory else DEFAULT_DIR
    if not d.is_dir():
        raise RulesError(f"{d}: rules folder not found")
    h = hashlib.sha256()
    files: dict[str, Any] = {}
    for path in sorted(d.glob("*.yml")):
        raw = path.read_bytes()
        h.update(path.name.encode() + b"\0" + raw + b"\0")
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as e:
            raise RulesError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
        model = _SCHEMAS.get(path.name)
        if model is None:
            files[path.name] = data
            continue
        try:
            files[path.name] = model.model_validate(data)
        except ValidationError as e:
            err = e.errors()[0]
            raise RulesError(f"{path}: key {_fmt_loc(err['loc'])}: {err['msg']}") from None
    for name in _SCHEMAS:
        if name not in files:
            raise RulesError(f"{d / name}: missing rules file")
    return Rules(directory=str(d), fingerprint=h.hexdigest()[:16], files=files)
