"""arxscaffold: one decisions file in, working reference skeletons out (through Copier templates)."""

# The template version: release tags are v<this>, recorded as `_commit` in every answers file.
__version__ = "0.2.0"
