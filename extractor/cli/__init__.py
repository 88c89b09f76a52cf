"""The `extract` command."""
