"""Harness of the smoke checks: runner, pytest plugin, discovery, result cache, tool venvs, processes,
`--changed-since` selection. A change here can change every check, so it re-runs all of them."""
