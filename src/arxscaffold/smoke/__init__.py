"""Smoke checks: prove that generated components build, pass their own tests and start.

`arxscaffold smoke PATH...` runs pytest over this folder with `harness/plugin.py` loaded. `harness/` is the
plumbing every check shares (runner, plugin, discovery, result cache, tool venvs, `--changed-since`);
each other folder holds the checks of one family, as `catalog/` and `templates/` split the kinds:
`service/`, `web/`, `mobile/`, `deploy/` (platform stacks), `pipelines/` (CI/CD and `ci/release.sh`) and
`system/` (`make up` of a whole system), each with its pytest module `test_<family>.py`.
"""
