"""Domain layer of this Physics simulation service.

Placeholder domain endpoint: a small, real computation that proves the skeleton end to end.
A later template version replaces it with the full Physics simulation service domain core. Pure logic
lives in a plain module; the ``*_routes`` module is only the thin HTTP adapter.
"""

from .thermal_routes import router

__all__ = ["router"]
