"""Writers (parquet, CSV, duckdb), the manifest and the diff of two outputs."""
