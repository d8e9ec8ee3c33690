"""thermal: Physics simulation service.

Part of the arxos system.
"""

__version__ = "0.1.0"
