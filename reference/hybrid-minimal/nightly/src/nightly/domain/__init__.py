"""Domain layer: one placeholder domain endpoint.

A small, real computation that proves the skeleton end to end. A later template version
replaces it with the full domain core of this service kind:
AI service.
Pure logic lives in a plain module; the ``*_routes`` module is only the thin HTTP adapter.
"""

from .models_routes import router

__all__ = ["router"]
