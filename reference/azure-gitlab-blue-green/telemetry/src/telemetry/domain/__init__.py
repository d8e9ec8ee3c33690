"""Domain layer of this IoT service.

Placeholder domain endpoint: a small, real computation that proves the skeleton end to end.
A later template version replaces it with the full IoT service domain core. Pure logic
lives in a plain module; the ``*_routes`` module is only the thin HTTP adapter.
"""

from .telemetry_routes import router

__all__ = ["router"]
