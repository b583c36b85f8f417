"""ctsearch's web interface: a Flask app (search page, article page, JSON API).

``create_app`` is imported lazily so that ``import ctsearch.web.server`` stays cheap until the
server actually starts.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(name)
