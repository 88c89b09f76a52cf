"""A plain (non-editable) install works (issue 12, item 7): the built wheel carries the rules as
package data and declares every import; extracting from another folder with it exits 0.

.ci/run does the full check (fresh venv, `pip install` of the wheel with its dependencies);
this test builds the wheel from a copy of the sources and runs the CLI from the unpacked wheel
with this environment's dependencies, so it needs no network and no second venv."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, SMALL_PDF, rows_of

RUN_FROM = """
import sys
sys.path.insert(0, sys.argv[1])
import extractor
assert extractor.__file__.startswith(sys.argv[1]), extractor.__file__  # the wheel, not the checkout
from extractor.cli.main import main
sys.argv = ["extract", *sys.argv[2:]]
main()
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in ("extractor", "rules"):
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        if (REPO / name).exists():
            shutil.copyfile(REPO / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(dist)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    [whl] = dist.glob("*.whl")
    return whl


def test_wheel_ships_the_rules_and_declares_its_imports(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    shipped = {Path(n).name for n in names if n.startswith("extractor/_rules/")}
    assert shipped == {p.name for p in (REPO / "rules").glob("*.yml")}
    requires = {line.split()[1].split(">")[0].split("=")[0].split("<")[0].lower()
                for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line}
    for module in ("pydantic", "yaml", "pdfplumber", "pyarrow", "duckdb", "click", "spacy", "rapidfuzz"):
        dist = {"yaml": "pyyaml"}.get(module, module)
        assert dist in requires, (dist, sorted(requires))


def test_installed_wheel_extracts_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pdf = shutil.copyfile(SMALL_PDF, elsewhere / "report.pdf")
    proc = subprocess.run([sys.executable, "-c", RUN_FROM, str(site), "report.pdf", "-o", "out", "-q"],
                          cwd=elsewhere, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    [report] = rows_of(elsewhere / "out", "reports")
    assert report["status"] == "ok" and report["n_pages"] == 11
    assert Path(pdf).exists()
