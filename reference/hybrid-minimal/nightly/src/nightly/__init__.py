"""nightly: AI service.

Part of the plant-room system.
"""

__version__ = "0.1.0"
