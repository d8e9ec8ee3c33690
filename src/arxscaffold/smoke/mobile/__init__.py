"""Smoke checks of the generated mobile apps (React Native; the pure-Kotlin core of the Android app)."""
