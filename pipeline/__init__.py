"""A TEI P5 digital scholarly edition pipeline."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)
