"""unknot: guided self-care for shoulder pain, with safety screening and honest self-measurement."""

__version__ = "0.1.0"
