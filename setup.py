"""Packaging that pyproject.toml cannot say: the repository's rules/ ships as extractor/_rules.

Everything else (metadata, dependencies, the `extract` script) is in pyproject.toml.
"""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["extractor", "extractor.*"]) + ["extractor._rules"],
    package_dir={"extractor._rules": "rules"},
    package_data={"extractor": ["py.typed"], "extractor._rules": ["*.yml"]},
)
