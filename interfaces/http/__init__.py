"""The HTTP API (``docs/api.md``): ``create_app(settings)``."""

from interfaces.http.app import create_app

__all__ = ["create_app"]
