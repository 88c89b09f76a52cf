"""Turn safeguarding partnership annual reports (PDF) into a citable dataset.

Stages, each a pure function of its input plus rules:
ingest -> layout -> structure -> extract -> normalise -> store.

As a library (see extractor/api.py):
    extractor.extract(path_or_paths, rules=None, settings=None)  -> typed records, no files written
    extractor.open_dataset("output/")                             -> tables as DataFrames, DuckDB
"""
__version__ = "0.1.0"

# The stage package `extractor.extract` is imported first, so that the name `extract` on this
# package is the function below: Python binds a subpackage to its parent's attribute only when
# the subpackage is first imported, and `from .extract import ...` still finds it in sys.modules.
from . import extract as _extract_stage  # noqa: E402,F401
from .api import Dataset, Report, extract, frames, open_dataset  # noqa: E402,F401
from .settings import Settings  # noqa: E402,F401

__all__ = ["__version__", "extract", "open_dataset", "frames", "Report", "Dataset", "Settings"]
