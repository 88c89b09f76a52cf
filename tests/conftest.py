"""Shared test helpers: small PDFs built on the fly, the corpus, running `extract`, reading a dataset.

Generic on purpose so every test module can use them:

    make_pdf(path, pages=["line one\\nline two", ["a", "b"], None])   # None: an image-only page
    run_extract(["a.pdf", "-o", out], rules=rules_dir)              # the CLI in a child process
    read_dataset(out)                                                # {table name: pyarrow.Table}

Set EXTRACT_TEST_RULES=DIR to run the suite against another rules folder.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Sequence

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SMALL_PDF = CORPUS / "wolverhampton-wst-arrangements-2019.pdf"  # 11 pages, ~1 s to extract
SECOND_PDF = CORPUS / "wolverhampton-wscb-2016-17.pdf"          # 29 pages, ~2 s
# --timeout of the tests where one file hangs (EXTRACT_TEST_HANG_ON) and the others must finish in
# time: each of those is a tiny PDF read in well under a second on an idle machine; this leaves room
# for a machine loaded several times over (the hanging file costs this long, whatever the load)
HANG_TIMEOUT = 6.0


# ---------------------------------------------------------------------------------------------
# building PDFs

def make_pdf(path: str | Path, pages: Sequence[str | Sequence[str] | None], *, title: str | None = None,
             font_size: float = 11) -> Path:
    """A PDF with one page per item of `pages`.

    An item is the page's text (a string, lines split on newlines, or a list of lines), drawn
    top-down in Helvetica; `None` makes a page with no text layer: only a raster image
    (a "scanned" page that needs OCR)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    if title:
        c.setTitle(title)
    width, height = A4
    for item in pages:
        if item is None:
            _draw_scan(c, width, height)
        else:
            lines = item.splitlines() if isinstance(item, str) else list(item)
            c.setFont("Helvetica", font_size)
            y = height - 72
            for line in lines:
                c.drawString(72, y, line)
                y -= font_size * 1.4
        c.showPage()
    c.save()
    return path


def _draw_scan(c, width: float, height: float) -> None:
    """A page-sized raster image (grey stripes), as a scanner would produce: no text operators."""
    from reportlab.lib.utils import ImageReader
    try:
        from PIL import Image
    except ImportError:  # no Pillow: a filled rectangle is also a page without text
        c.setFillColorRGB(0.5, 0.5, 0.5)
        c.rect(72, 72, width - 144, height - 144, fill=1, stroke=0)
        return
    img = Image.new("L", (120, 170), 255)
    for y in range(10, 160, 6):
        for x in range(10, 110):
            img.putpixel((x, y), 40)
    c.drawImage(ImageReader(img), 36, 36, width - 72, height - 72)


def make_long_pdf(path: str | Path, n_pages: int) -> Path:
    """A text-light PDF of `n_pages` pages (one short line each), fast to build and to extract."""
    from reportlab.pdfgen import canvas

    path = Path(path)
    c = canvas.Canvas(str(path))
    for i in range(1, n_pages + 1):
        c.drawString(72, 780, f"Page {i}: partnership activity recorded for the year")
        c.showPage()
    c.save()
    return path


def encrypt_pdf(src: str | Path, dst: str | Path, user_password: str, owner_password: str = "owner-secret",
                algorithm: str = "AES-128") -> Path:
    """`src` encrypted with pypdf (an empty user password opens without asking)."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(src))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm=algorithm)
    with open(dst, "wb") as f:
        writer.write(f)
    return Path(dst)


def zero_page_pdf(path: str | Path) -> Path:
    """A hand-written, well-formed PDF whose page tree is empty (/Kids [] /Count 0)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    Path(path).write_bytes(bytes(out))
    return Path(path)


# ---------------------------------------------------------------------------------------------
# running the tool

def extract_command() -> list[str]:
    """The installed `extract` console script next to this interpreter, else `python -m`."""
    script = Path(sys.executable).parent / "extract"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "extractor.cli.main"]


def run_extract(args: Iterable[str | os.PathLike], *, rules: str | Path | None = None,
                cwd: str | Path | None = None, timeout: float = 300,
                env: dict | None = None) -> subprocess.CompletedProcess:
    """`extract ARGS [--rules RULES]` in a child process; text stdout/stderr captured."""
    cmd = extract_command() + [str(a) for a in args]
    if rules is not None:
        cmd += ["--rules", str(rules)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=full_env)


def read_dataset(folder: str | Path) -> dict:
    """Every `<table>.parquet` in a dataset folder: {name: pyarrow.Table}."""
    import pyarrow.parquet as pq

    return {p.stem: pq.read_table(p) for p in sorted(Path(folder).glob("*.parquet"))}


def rows_of(folder: str | Path, table: str) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(Path(folder) / f"{table}.parquet").to_pylist()


# ---------------------------------------------------------------------------------------------
# fixtures

@pytest.fixture(scope="session")
def rules_dir() -> Path:
    """The rules folder the suite runs with (the repository's, or $EXTRACT_TEST_RULES)."""
    override = os.environ.get("EXTRACT_TEST_RULES")
    return Path(override) if override else REPO / "rules"


@pytest.fixture(scope="session")
def rules(rules_dir):
    from extractor.rules import load_rules
    return load_rules(rules_dir)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def small_corpus(tmp_path) -> list[Path]:
    """Copies of two small corpus reports in tmp_path/in (safe to rename, mutate or delete)."""
    dst = tmp_path / "in"
    dst.mkdir()
    out = []
    for src in (SMALL_PDF, SECOND_PDF):
        target = dst / src.name
        shutil.copyfile(src, target)
        out.append(target)
    return out


@pytest.fixture(name="make_pdf")
def make_pdf_fixture():
    return make_pdf


@pytest.fixture(name="run_extract")
def run_extract_fixture():
    return run_extract


# the two sample corpora, extracted once per session with the real CLI (regression, quote,
# integrity and data-dictionary tests): once per session, not once per xdist worker
def _shared_dir(root: Path) -> Path:
    """../shared beside the checkout, or beside the worktrees' folder (a worktree sits one level deeper)."""
    for shared in (root.parent / "shared", root.parent.parent / "shared"):
        if shared.is_dir():
            return shared
    return root.parent / "shared"


SHARED = _shared_dir(REPO)
BROCHURE_DIR = SHARED / "corpus-styles" / "brochure"


def _extract_corpus(pdfs: list[Path], out: Path) -> Path:
    proc = subprocess.run([*extract_command(), *map(str, pdfs), "-o", str(out), "-q"],
                          capture_output=True, text=True, cwd=REPO, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder)` run once per test session, whatever the number of xdist workers: the
    first worker to ask builds under a file lock in the session's common temp folder, the others
    wait for it and reuse the folder (the pytest-xdist recipe). Callers must not modify it."""
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    target, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with FileLock(str(root / f"shared-{name}.lock")):
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)  # a build that failed in another worker
            target.mkdir(parents=True)
            build(target)
            done.touch()
    return target


class Pristine:
    """A folder built once (by a module-scoped fixture) and handed to each test as it was built:
    `fresh()` puts the built bytes back at the same absolute path (datasets name their inputs
    by absolute path), so a test may rename, overwrite or re-extract anything in it. Tests of a
    module run one after another on one worker (--dist loadfile), never two at once."""

    def __init__(self, tmp_path_factory, name: str, build):
        self.folder = tmp_path_factory.mktemp(name)
        self.value = build(self.folder)
        self._copy = tmp_path_factory.mktemp(f"{name}-pristine") / "copy"
        shutil.copytree(self.folder, self._copy, symlinks=True)  # copy2: contents and mtimes

    def fresh(self):
        shutil.rmtree(self.folder)
        shutil.copytree(self._copy, self.folder, symlinks=True)
        return self.value


@pytest.fixture(scope="session")
def word_output(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "word",
                      lambda d: _extract_corpus(sorted(CORPUS.glob("*.pdf")), d / "out")) / "out"


@pytest.fixture(scope="session")
def brochure_output(tmp_path_factory) -> Path:
    if not BROCHURE_DIR.is_dir():
        pytest.skip("../shared/corpus-styles/brochure is not beside the repo")
    return built_once(tmp_path_factory, "brochure",
                      lambda d: _extract_corpus(sorted(BROCHURE_DIR.glob("*.pdf")), d / "out")) / "out"


# ---------------------------------------------------------------------------------------------
# scheduling

def pytest_collection_modifyitems(config, items):
    """Test files holding a `slow` test run first, the longest first (`slow(seconds=N)`: its
    time on an idle machine, when one test is much longer than the others), each file's tests in
    order: under xdist (--dist loadfile) the long files start at once on the workers and the many
    short ones fill in around them, instead of one long file ending the run alone."""
    cost: dict = {}
    for item in items:
        mark = item.get_closest_marker("slow")
        if mark:
            cost[item.path] = max(cost.get(item.path, 0), mark.kwargs.get("seconds", 1))
    items.sort(key=lambda item: -cost.get(item.path, 0))  # stable: same-cost files keep their order
