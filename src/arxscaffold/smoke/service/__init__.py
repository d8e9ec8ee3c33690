"""Smoke checks of the Python services (ai, iot, physics, analytics): install, test, serve as the pod
runs them, and exercise each kind's domain against its API contract."""
