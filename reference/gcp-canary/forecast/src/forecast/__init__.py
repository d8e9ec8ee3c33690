"""forecast: AI service of the twin system."""

__version__ = "0.1.0"
