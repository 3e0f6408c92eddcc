"""evaldash: evaluate social-service pilot projects (services used, progress, provider gaps)."""

__version__ = "0.1.0"
