"""Smoke checks of the generated web apps (React, Vue, Angular, htmx)."""
