"""telemetry: IoT service.

Part of the campus system.
"""

__version__ = "0.1.0"
