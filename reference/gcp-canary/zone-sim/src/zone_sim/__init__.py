"""zone-sim: Physics simulation service.

Part of the twin system.
"""

__version__ = "0.1.0"
