"""figlet: define and run multi-container applications from a compose file."""

from figlet._version import __version__

__all__ = ["__version__"]
