"""Smoke checks of the generated CI/CD: the offline pipeline linters and `ci/release.sh` run for real."""
