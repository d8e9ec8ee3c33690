"""Smoke check of a whole generated system: `make up` starts every component together."""
