"""Start-up tweaks for the short commands (``ctsearch query``, ``show``, ``stats``).

Each of those runs one lookup in a fresh process, so imports and one-time set-up are
most of what it costs. The tweaks here change no result. The command-line front end
applies them in its own process, before anything heavy is imported; a library user
or the long-running web server does not need them.
"""

from __future__ import annotations

import os
import sys
import types

__all__ = ["prepare"]


def prepare() -> None:
    """Apply every tweak; call before numpy and Whoosh are imported."""
    single_blas_thread()
    import_whoosh_compat_without_urllib()


def single_blas_thread() -> None:
    """Ask OpenBLAS for one thread.

    Searching does no linear algebra, but when numpy is imported its OpenBLAS starts
    a thread per core and allocates their buffers: tens of ms of a query, more on a
    busy machine. Only effective before numpy is imported; a value the user set wins.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _urlretrieve(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Stands in for ``urllib.request.urlretrieve`` in ``whoosh.compat``."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def import_whoosh_compat_without_urllib() -> None:
    """Import ``whoosh.compat`` without it importing ``urllib.request``.

    Whoosh 2.7 imports ``urllib.request`` (and with it http.client, email and ssl,
    about a tenth of a query's start) only to re-export ``urlretrieve``, which Whoosh
    itself never calls. While ``whoosh.compat`` is imported, a stand-in module that
    defines just that function is registered under the name; it is removed right
    after, so any later ``import urllib.request`` loads the real module. Only done
    when neither module is loaded yet, in a process with no other thread importing.
    """
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    except ImportError:
        pass   # Whoosh missing: the real import will say so
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]
