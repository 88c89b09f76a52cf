"""The dataset contract, below every stage: one row dataclass and one `DatasetTable` spec per table
(extract builds the rows, normalise locates them, store writes them)."""
