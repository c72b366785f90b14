"""One pydantic TypeAdapter per parameter type for all the apps a test process builds.

FastAPI (0.16x) builds each app's routes on the app's first request: for every parameter of
every route it makes a new ``TypeAdapter`` (a pydantic schema build), about 420 of them and
0.1-0.2 s of CPU per app. The suite builds an app for nearly every web test (each on its own
database), so this was a large part of its time. A TypeAdapter only validates and serializes
values of its type and keeps no state between calls: two made from the same type and config
behave the same, so here the second app gets the first one's. The routes, dependencies,
request handling and everything else are still built for every app, as ``sitecare serve``
does.

Two types count as the same when they pickle to the same bytes (classes and functions pickle
by their importable name, so an object that is not importable, such as a lambda or a class
made in a function, cannot be pickled and gets a new adapter as before). ``install()`` is
called once, by tests/conftest.py.
"""

from __future__ import annotations

import pickle
from typing import Any

_made: dict[bytes, Any] = {}


def install() -> None:
    """Make FastAPI's ModelField reuse TypeAdapters (once per process)."""
    try:
        from fastapi._compat import v2
    except ImportError:  # another FastAPI: nothing is shared, nothing changes
        return
    made_by = getattr(v2, "TypeAdapter", None)
    if made_by is None or getattr(made_by, "sitecare_shared", False):
        return

    def shared(tp: Any, *, config: Any = None, **rest: Any) -> Any:
        if rest:
            return made_by(tp, config=config, **rest)
        try:
            key = pickle.dumps((tp, config), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - anything that does not pickle is not shared
            return made_by(tp, config=config, _parent_depth=3)
        if key not in _made:  # _parent_depth: the frame FastAPI's own call would name
            _made[key] = made_by(tp, config=config, _parent_depth=3)
        return _made[key]

    shared.sitecare_shared = True  # type: ignore[attr-defined]
    v2.TypeAdapter = shared
