"""Smoke checks of a system's `platform/` deploy stacks (Pulumi programs rendered to Kubernetes)."""
