"""Domain layer of this Analytics service.

Placeholder domain endpoint: a small, real computation that proves the skeleton end to end.
A later template version replaces it with the full Analytics service domain core. Pure logic
lives in a plain module; the ``*_routes`` module is only the thin HTTP adapter.
"""

from .kpis_routes import router

__all__ = ["router"]
