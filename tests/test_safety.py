"""Safety: nothing is written outside -o whatever the input names; nothing read is ever executed;
a broken rules file stops the run with its name and key."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pyarrow.csv as pacsv
import pytest
from conftest import REPO, make_pdf, rows_of, run_extract

TEXT = ["Safeguarding Children Partnership Annual Report 2020/21", "Introduction",
        "The partnership met four times this year."]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# --- paths ----------------------------------------------------------------------------------

WEIRD_NAMES = [
    'quote"double.pdf', "quote'single.pdf", "new\nline.pdf", "tab\tand space.pdf", "semi;colon $(touch pwned).pdf",
    "-dash-first.pdf", "..pdf", "ünïcödé – report £.pdf", "back\\slash.pdf", "comma,separated.pdf",
]


def test_weird_input_names_stay_inside_output(tmp_path, rules_dir):
    """Inputs with quotes, newlines, shell syntax and `../..` paths: the dataset lands in -o only,
    nothing else appears anywhere in the tree, and every name is kept verbatim in the rows."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    home, tmpdir = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    tmpdir.mkdir()
    src = work / "in"
    inputs = [make_pdf(src / name, [TEXT]) for name in WEIRD_NAMES]
    evil = make_pdf(tmp_path / "evil.pdf", [TEXT])  # reached as ../../evil.pdf from the working folder
    before = _tree(tmp_path)

    args = [os.path.relpath(p, work) for p in inputs] + ["../../evil.pdf"]
    # TMPDIR is tmpdir reached through a short link: the worker pool's AF_UNIX socket lives under
    # TMPDIR and its path must fit in 107 bytes, which a deep tmp_path (pytest-xdist) can exceed
    link = Path(tempfile.mkdtemp(prefix="t-")) / "tmp"
    link.symlink_to(tmpdir)
    try:
        proc = run_extract(["-o", "out", "-q", "-w", "1", "--rules", rules_dir, "--", *args],
                           cwd=work, env={"HOME": str(home), "TMPDIR": str(link)})
    finally:
        shutil.rmtree(link.parent)
    assert proc.returncode == 0, proc.stderr
    out = work / "out"
    created = _tree(tmp_path) - before
    outside = sorted(c for c in created if not (c == "a/b/out" or c.startswith("a/b/out/")))
    assert outside == [], outside  # no file beside the inputs, in the parents, in HOME or TMPDIR
    assert not (work / "pwned").exists() and not (src / "pwned").exists()
    # inside -o: only the dataset's own files, none named after an input
    names = {p.name for p in out.iterdir()}
    assert all(re.fullmatch(r"[a-z_]+\.(parquet|csv)|dataset\.duckdb|(manifest|datapackage)\.json", n) for n in names), names
    assert evil.exists() and (tmp_path / "evil.pdf").read_bytes()[:5] == b"%PDF-"

    # every name verbatim in `reports`, in parquet and through a CSV round trip
    reports = rows_of(out, "reports")
    assert sorted(r["source_path"] for r in reports) == sorted(args)
    assert all(r["status"] == "ok" for r in reports)
    csv = pacsv.read_csv(out / "reports.csv").to_pylist()
    assert sorted(r["source_path"] for r in csv) == sorted(args)


def test_output_folder_can_be_an_odd_name(tmp_path, rules_dir):
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    out = tmp_path / "data set \"v1\"; $(touch pwned)"
    proc = run_extract([pdf, "-o", out, "-q"], rules=rules_dir, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (out / "reports.parquet").exists()
    assert not (tmp_path / "pwned").exists()
    assert _tree(tmp_path) - {"r.pdf"} == {out.name} | {f"{out.name}/{p.name}" for p in out.iterdir()}


def test_output_that_is_a_file_is_refused_untouched(tmp_path, rules_dir):
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    target = tmp_path / "notes.txt"
    target.write_text("keep me\n")
    proc = run_extract([pdf, "-o", target, "-q"], rules=rules_dir)
    assert proc.returncode == 4, proc.stderr
    assert str(target) in proc.stderr or target.name in proc.stderr
    assert target.read_text() == "keep me\n"


def test_refused_output_leaves_no_staging_folder(tmp_path, rules_dir):
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    target = tmp_path / "notes.txt"
    target.write_text("keep me\n")
    run_extract([pdf, "-o", target, "-q"], rules=rules_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "r.pdf"]


def test_output_folder_that_is_not_a_dataset_is_not_wiped(tmp_path, rules_dir):
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work\n")
    proc = run_extract([pdf, "-o", precious, "-q"], rules=rules_dir)
    assert (precious / "thesis.docx").exists()
    assert proc.returncode == 4


# --- nothing read is executed ---------------------------------------------------------------

DANGEROUS = {
    "pickle load": re.compile(r"\b(c?pickle|dill|cloudpickle|joblib)\.loads?\b"),
    "marshal load": re.compile(r"\bmarshal\.loads?\b"),
    "shelve": re.compile(r"\bshelve\.open\b"),
    "eval": re.compile(r"(?<![\w.])eval\s*\(|\.eval\s*\("),
    "exec": re.compile(r"(?<![\w.])exec\s*\("),
    "compile of text": re.compile(r"(?<![\w.])compile\s*\("),
    "yaml.load without SafeLoader": re.compile(r"\byaml\.(load|load_all)\s*\((?![^)]*SafeLoader)"),
    "yaml unsafe": re.compile(r"\byaml\.(unsafe_load|unsafe_load_all|full_load|full_load_all)\b|"
                              r"\byaml\.(Unsafe|Full|C|CUnsafe|CFull)?Loader\b"),
    "shell=True": re.compile(r"shell\s*=\s*True"),
    "os.system": re.compile(r"\bos\.(system|popen)\s*\("),
    "pandas.read_pickle": re.compile(r"\bread_pickle\s*\("),
    "numpy allow_pickle": re.compile(r"allow_pickle\s*=\s*True"),
    "__import__": re.compile(r"\b__import__\s*\("),
}


def _code_lines(path: Path):
    """(line number, code) of a Python file, comments dropped (strings kept: a pattern in a
    string is suspicious enough to look at)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        code = line.split("#", 1)[0] if "#" in line and not re.search(r"['\"].*#.*['\"]", line) else line
        yield n, code


def scan(root: Path) -> list[str]:
    hits = []
    for path in sorted(root.rglob("*.py")):
        for n, code in _code_lines(path):
            for what, rx in DANGEROUS.items():
                if rx.search(code):
                    hits.append(f"{path.relative_to(root.parent)}:{n}: {what}: {code.strip()}")
    return hits


def test_scanner_catches_what_it_should(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "bad.py").write_text(
        "import pickle, yaml\n"
        "x = pickle.load(f)\n"
        "y = pickle.loads(b)\n"
        "z = eval(text)\n"
        "exec(code)\n"
        "w = yaml.load(raw)\n"
        "v = yaml.load(raw, Loader=yaml.Loader)\n"
        "u = df.eval('a + b')\n"
        "subprocess.run(cmd, shell=True)\n")
    (pkg / "good.py").write_text(
        "import ast, yaml\n"
        "a = ast.literal_eval(s)\n"
        "b = yaml.safe_load(raw)\n"
        "c = yaml.load(raw, Loader=yaml.SafeLoader)\n"
        "model.evaluate(x)  # eval( in a comment\n"
        "retrieval(x)\n")
    hits = scan(pkg)
    assert all("bad.py" in h for h in hits), hits
    assert {int(h.split(":")[1]) for h in hits} == {2, 3, 4, 5, 6, 7, 8, 9}


def test_no_unsafe_deserialisation_or_eval_in_extractor():
    hits = scan(REPO / "extractor")
    assert hits == [], "\n".join(hits)


# --- rules files ----------------------------------------------------------------------------

@pytest.fixture
def rules_copy(tmp_path, rules_dir) -> Path:
    d = tmp_path / "rules"
    shutil.copytree(rules_dir, d)
    return d


def _run_with_rules(tmp_path, rules: Path):
    pdf = make_pdf(tmp_path / "r.pdf", [TEXT])
    out = tmp_path / "out"
    proc = run_extract([pdf, "-o", out, "-q"], rules=rules)
    return proc, out


def test_rules_copy_is_valid(tmp_path, rules_copy):
    proc, out = _run_with_rules(tmp_path, rules_copy)
    assert proc.returncode == 0, proc.stderr  # the copy itself works: the breakage below is the cause


def test_unknown_section_kind_names_file_and_key(tmp_path, rules_copy):
    f = rules_copy / "section_kinds.yml"
    text = f.read_text()
    assert re.search(r"^  finance:", text, flags=re.M)
    f.write_text(re.sub(r"^  finance:", "  finanse:", text, count=1, flags=re.M))
    proc, out = _run_with_rules(tmp_path, rules_copy)
    assert proc.returncode == 4, proc.stderr
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1, err  # one clear line
    assert str(f) in err and "kinds" in err and "finanse" in err, err
    assert "Traceback" not in err
    assert not out.exists()  # nothing written


def test_wrong_type_names_file_and_key(tmp_path, rules_copy):
    f = rules_copy / "section_kinds.yml"
    f.write_text("kinds:\n  finance: 42\n")
    proc, out = _run_with_rules(tmp_path, rules_copy)
    assert proc.returncode == 4, proc.stderr
    assert str(f) in proc.stderr and "kinds.finance" in proc.stderr, proc.stderr
    assert not out.exists()


def test_missing_key_names_file_and_key(tmp_path, rules_copy):
    f = rules_copy / "section_kinds.yml"
    f.write_text("kind:\n  finance: [finance]\n")  # misspelt top-level key
    proc, out = _run_with_rules(tmp_path, rules_copy)
    assert proc.returncode == 4, proc.stderr
    assert str(f) in proc.stderr and "kinds" in proc.stderr, proc.stderr


def test_invalid_yaml_names_file(tmp_path, rules_copy):
    f = rules_copy / "section_kinds.yml"
    f.write_text("kinds:\n  finance: [finance\n  other: ]]\n")
    proc, out = _run_with_rules(tmp_path, rules_copy)
    assert proc.returncode == 4, proc.stderr
    assert str(f) in proc.stderr and "YAML" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_yaml_python_tags_are_never_executed(tmp_path, rules_copy):
    marker = tmp_path / "pwned"
    f = rules_copy / "section_kinds.yml"
    f.write_text(f"kinds: !!python/object/apply:os.system [\"touch {marker}\"]\n")
    proc, out = _run_with_rules(tmp_path, rules_copy)
    assert proc.returncode == 4, proc.stderr
    assert not marker.exists()
    assert str(f) in proc.stderr
