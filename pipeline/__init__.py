"""A TEI P5 digital scholarly edition pipeline."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tei-edition")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
