"""Smoke checks: prove that generated components build, pass their own tests and start.

`arxscaffold smoke PATH...` runs pytest on `test_components.py` with `plugin.py` loaded; each
component kind has a module here that knows its toolchain.
"""
