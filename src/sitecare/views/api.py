"""Pocket's one entry point for the Web Worker: ``dispatch(name, args_json, now_iso) -> str``.

The JavaScript side (the worker running Pyodide) keeps the records in IndexedDB; Python keeps
a copy in memory (``sitecare.views.state.Pocket``) and does every rule, so pocket answers what
the web app and the CLI answer.

Calling
-------
``dispatch(name, args_json, now_iso)``: ``name`` one of the names below; ``args_json`` a JSON
text (``"null"`` or ``"{}"`` when a name takes nothing); ``now_iso`` the phone's current time
as ISO 8601 WITH its zone offset (``new Date()`` formatted with the local offset, e.g.
``2026-12-01T13:05:00+01:00``): it is "now" for the call and its offset is the local zone
(times typed without a zone, the days of the history chart). The answer is JSON text:

- ``{"ok": true, "result": ..., "writes": [...]}``
- ``{"ok": false, "error": {"message": str, "hint": str|null, "field"?: str,
  "suggestions"?: [str], "status": int}}`` (``status``: what the web app would answer: 422
  bad input, 404 not found, 500 a bug; never a traceback). An error never has writes: the
  in-memory state is unchanged.

Writes
------
``writes`` lists what the JS side must persist, in order, in ONE IndexedDB transaction over the
stores ``injections``, ``checks``, ``settings`` and ``meta``:

- ``{"op": "put", "store": "injections", "key": <id: int>, "value": <injection record>}``
- ``{"op": "put", "store": "checks", "key": <id: int>, "value": <check record>}``
- ``{"op": "put", "store": "settings", "key": <setting key: str>, "value": <its value>}``
- ``{"op": "delete", "store": "injections"|"checks"|"settings", "key": ...}``
- ``{"op": "clear", "store": "injections"|"checks"|"settings"}`` (erase clears these three;
  the JS side also drops any cache of records it keeps)

The values are exactly the records of the export document (``sitecare export --format
json``): an injection record is ``{"id", "uid", "at", "region", "spot", "route", "medicine",
"note"}``, a check record ``{"id", "uid", "at", "region", "spot", "level", "rest_days",
"blocked", "case", "assessment", "note"}``; a setting's value is the JSON value stored under
its key (``"rotation.rest.subcutaneous": 10.0``). Python never writes ``meta`` (it is the JS
side's: schema version and the like). To start, rebuild the document from the stores and call
``load``::

    {"format": "sitecare-export", "version": 1,
     "injections": [...values of "injections"...], "observations": [...values of "checks"...],
     "settings": {key: value, ... for "settings"}}

Names
-----
``init``      {"templates": dir, "static": url prefix, "emergency_number": str,
              "resources": [services list] | null, "base": url prefix, "head": html, "language":
              the phone's languages "es-MX,es,en"} (all optional) -> {"emergency_number",
              "language" ("en"/"es")}. ``templates``: the directory holding the
              web app's Jinja2 templates (default: the package's ``sitecare/web/templates``);
              ``static``: where pages load app.css from (default ``/pocket/static``);
              ``base``: where pocket lives (default ``/pocket``); ``head``: raw HTML put at
              the end of every page's <head> in place of htmx (pocket's script, manifest
              link, icons); ``resources``: the services list of
              ``data/resources.yaml`` (default: read through ``domain.triage._resources``).
``load``      the export document -> {"injections", "checks", "settings"} counts. Replaces the
              in-memory state; checked whole (a damaged document changes nothing); no writes.
``assess``    a triage case (``case.schema.json``) -> the assessment, the same JSON as
              ``sitecare check --json`` / ``Triage.assess``. Nothing stored, no writes.
``check``     {"case": case, "spot"?, "note"?} -> the assessment plus ``stored``, and when the
              case has a region ``check_id``, ``at``, ``region`` (as ``POST /api/v1/checks``);
              the check is stored (a write) when the case names a region.
``suggest``   {"route"?, "medicine"?, "at"?} -> the same keys as ``GET /api/v1/suggestion``.
``log``       {"region", "spot"?, "route"?, "at"?, "medicine"?, "note"?} (as ``POST
              /api/v1/injections``; ``at`` without a zone is local, missing is now) -> the
              stored injection {"id", "uid", "at", "region", "spot", "route", "medicine",
              "note", "warnings"}.
``delete``    {"id"} -> the deleted injection (as ``DELETE /api/v1/injections/{id}``).
``history``   {"region"?, "since"?, "limit"?} -> {"injections": [...], "checks": [...]} as
              ``GET /api/v1/injections`` and ``GET /api/v1/checks`` list them (oldest first).
``status``    {"region"?, "route"?} -> one region's status, or every region's (a list).
``exportAll`` -> the export document (what ``sitecare import`` reads).
``importAll`` the export document (an object, or the file's text: JSON, or the CSV of
              ``sitecare export --format csv``) -> {"injections_added",
              "observations_added", "skipped_existing", "settings_added"}; all or nothing,
              same rules as ``sitecare import`` (records with a known uid are skipped).
``erase``     {"confirm": true} -> {"injections", "checks", "settings"} counts erased; the
              writes clear the three record stores (``meta`` is left to the JS side).
``page``      {"method": "GET"|"POST", "path": "/log", "query": {name: str | [str]},
              "form": {name: str | [str]}} -> {"status", "html", "location", "title"} (see
              ``sitecare.views.pages``); its writes are the page's changes. ``html`` is a whole
              document; ``location`` (with status 303) says where to go next after a form;
              ``title`` is the page's <title>. Paths are the web app's (``/``, ``/log``,
              ``/check``, ``/history``, ``/sites/ID``, ``/help``, ``/help/TOPIC``,
              ``/settings``, ``/privacy``, the forms' ``POST /log``, ``/check``,
              ``/injections/ID/delete``, ``/settings/...``, ``/erase``; the language
              switch ``GET /language/es?next=/log``: the pages' language from now on, 303 to
              ``next``, a local path; the JS side remembers it and passes it to ``init``
              first among the phone's languages at the next start); pocket's own:
              ``POST /import`` with the form field ``file`` holding the file's TEXT (the JS
              side reads the file input) -> 303 to ``/privacy?imported=...``, or the privacy
              page again (422) saying why nothing changed; ``GET /export`` -> ``html`` is the
              export document as JSON text (the privacy page's download link carries
              ``data-pocket="export"``; the JS side may as well call ``exportAll``).

Every page has the "Emergency? Call NUMBER" link first in its header; pages never load htmx
(``head`` from ``init`` goes where its script was), and their stylesheet is
``{static}/app.css``.
"""

from __future__ import annotations

import json
import traceback
from datetime import datetime
from typing import Any

from sitecare.domain.emergency import DEFAULT_EMERGENCY_NUMBER
from sitecare.domain.errors import InvalidInput, NotFound, SitecareError
from sitecare.domain.inputs import MAX_MEDICINE, MAX_NOTE, check_id, check_limit
from sitecare.domain.language import for_web
from sitecare.views.api_args import (
    document,
    known_fields,
    now_of,
    route_of,
    text_line,
    when_of,
)

__all__ = ["dispatch", "pocket", "reset"]

_STATE: dict[str, Any] = {}


def pocket() -> Any:
    """The one in-memory state of this worker (created on first use)."""
    if "pocket" not in _STATE:
        from sitecare.views.state import Pocket

        _STATE["pocket"] = Pocket(
            emergency_number=_STATE.get("emergency_number", DEFAULT_EMERGENCY_NUMBER)
        )
        _STATE["pocket"].language = _STATE.get("language", "en")
    return _STATE["pocket"]


def pages() -> Any:
    if "pages" not in _STATE:
        from sitecare.views.pages import Pages

        _STATE["pages"] = Pages(pocket(), **_STATE.get("page_options", {}))
    return _STATE["pages"]


def reset() -> None:
    """Forget the state and the options (tests)."""
    _STATE.clear()


# -- the names ---------------------------------------------------------------------------------


_INIT_KEYS = ("templates", "static", "emergency_number", "resources", "base", "head")


def _init(args: Any, now: datetime) -> Any:
    a = known_fields(args, (*_INIT_KEYS, "language"))
    options = {k: a[k] for k in ("templates", "static", "resources", "base", "head") if k in a}
    number = a.get("emergency_number")
    if number is not None:
        from sitecare.domain.triage import check_emergency_number

        _STATE["emergency_number"] = check_emergency_number(str(number))
    old = _STATE.get("pocket")
    _STATE.pop("pages", None)
    _STATE["page_options"] = options
    if old is not None and number is not None:
        old.emergency_number = _STATE["emergency_number"]
    if a.get("language") is not None:  # the phone's languages, as Accept-Language
        _STATE["language"] = for_web(None, str(a["language"]))
        if old is not None:
            old.language = _STATE["language"]
    number = _STATE.get("emergency_number", DEFAULT_EMERGENCY_NUMBER)
    return {"emergency_number": number, "language": _STATE.get("language", "en")}


def _load(args: Any, now: datetime) -> Any:
    return pocket().load(document(args))


def _assess(args: Any, now: datetime) -> Any:
    return pocket().triage.assess(args)


def _check(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("case", "spot", "note"))
    spot = text_line(a, "spot", limit=16)
    note = text_line(a, "note", limit=MAX_NOTE, multiline=True)
    return pocket().triage.check(a.get("case"), now=now, spot=spot, note=note).to_dict()


def _suggest(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("route", "medicine", "at"))
    medicine = text_line(a, "medicine", limit=MAX_MEDICINE) or None
    at = when_of(a.get("at"), now, "at")
    return pocket().planning.suggest(now=at, route=route_of(a), medicine=medicine).to_dict()


def _out(d: dict[str, Any]) -> dict[str, Any]:
    d = dict(d)
    d.pop("person", None)
    return d


def _log(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("region", "spot", "route", "at", "medicine", "note"))
    region = text_line(a, "region", limit=100)
    if not region:
        raise InvalidInput("The region is required.", field="region")
    result = pocket().records.log_injection(
        region=region,
        spot=text_line(a, "spot", limit=16),
        route=route_of(a),
        at=when_of(a.get("at"), now, "at"),
        now=now,
        medicine=text_line(a, "medicine", limit=MAX_MEDICINE),
        note=text_line(a, "note", limit=MAX_NOTE, multiline=True),
    )
    return _out(result.to_dict())


def _delete(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("id",))
    ident = a.get("id")
    if not isinstance(ident, int) or isinstance(ident, bool):
        raise InvalidInput("The id must be a whole number.", field="id")
    check_id(ident, field="injection_id")
    return _out(pocket().records.delete_injection(ident, now=now).to_dict())


def _history(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("region", "since", "limit"))
    region = text_line(a, "region", limit=100)
    since = None if a.get("since") is None else when_of(a["since"], now, "since")
    limit = a.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
        raise InvalidInput("The limit must be a whole number.", field="limit")
    check_limit(limit)
    p = pocket()
    items = p.records.history(
        region=region, since=since, limit=limit, newest_first=bool(limit), now=now
    )
    if limit:
        items.reverse()
    checks = p.triage.list_checks(region=region, since=since, now=now)
    return {
        "injections": [_out(i.to_dict()) for i in items],
        "checks": [c.to_dict() for c in checks],
    }


def _status(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("region", "route"))
    region = text_line(a, "region", limit=100)
    planning = pocket().planning
    if region:
        try:
            return planning.region_status(region, now=now, route=route_of(a)).to_dict()
        except InvalidInput as exc:
            if exc.field == "region":
                raise NotFound(exc.message, hint=exc.hint) from None
            raise
    return [st.to_dict() for st in planning.site_status(now=now, route=route_of(a))]


def _export(args: Any, now: datetime) -> Any:
    return pocket().export_document(now=now)


def _import(args: Any, now: datetime) -> Any:
    return pocket().import_document(document(args), now=now)


def _erase(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("confirm",))
    if a.get("confirm") is not True:
        raise InvalidInput(
            "Tick the box to confirm that everything should be erased.", field="confirm"
        )
    return pocket().erase()


def _page(args: Any, now: datetime) -> Any:
    a = known_fields(args, ("method", "path", "query", "form"))
    return pages().handle(
        str(a.get("method") or "GET"),
        str(a.get("path") or "/"),
        a.get("query") or {},
        a.get("form") or {},
        now,
    )


NAMES = {
    "init": _init,
    "load": _load,
    "assess": _assess,
    "check": _check,
    "suggest": _suggest,
    "log": _log,
    "delete": _delete,
    "history": _history,
    "status": _status,
    "exportAll": _export,
    "importAll": _import,
    "erase": _erase,
    "page": _page,
}


def _error(exc: SitecareError, status: int) -> dict[str, Any]:
    err: dict[str, Any] = {"message": exc.message, "hint": exc.hint, "status": status}
    if isinstance(exc, InvalidInput):
        if exc.field:
            err["field"] = exc.field
        if exc.suggestions:
            err["suggestions"] = list(exc.suggestions)
    return {"ok": False, "error": err}


def run(name: str, args: Any, now_iso: str) -> dict[str, Any]:
    """``dispatch`` on Python values (tests and the page code call this)."""
    state = pocket()
    state.take_writes()
    try:
        func = NAMES.get(name)
        if func is None:
            raise NotFound(
                f"There is no pocket call named {name!r}.",
                hint="Known calls: " + ", ".join(NAMES) + ".",
            )
        now = now_of(now_iso)
        snapshot = _snapshot(state) if name in _CHANGING else None
        try:
            result = func(args, now)
        except BaseException:
            if snapshot is not None:
                _restore(state, snapshot)
            raise
    except NotFound as exc:
        state.take_writes()
        return _error(exc, 404)
    except SitecareError as exc:
        state.take_writes()
        return _error(exc, 422)
    except RecursionError:
        state.take_writes()
        return _error(InvalidInput("The input is nested too deeply."), 422)
    except Exception as exc:  # noqa: BLE001 - a bug: say so plainly, never a traceback
        state.take_writes()
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f" ({last[0].name})" if last else ""
        return {
            "ok": False,
            "error": {
                "message": f"Something went wrong in pocket: {type(exc).__name__}{where}.",
                "hint": "Your records are unchanged. Please report this.",
                "status": 500,
            },
        }
    return {"ok": True, "result": result, "writes": state.take_writes()}


#: names that may change the state (undone when they fail half way)
_CHANGING = frozenset({"load", "check", "log", "delete", "importAll", "erase", "page"})


def _snapshot(state: Any) -> tuple[Any, ...]:
    return (dict(state.injections), dict(state.observations), dict(state.settings_store))


def _restore(state: Any, snap: tuple[Any, ...]) -> None:
    state.injections, state.observations, state.settings_store = (dict(s) for s in snap)
    state.invalidate()


def dispatch(name: str, args_json: str, now_iso: str) -> str:
    """The worker's entry point: JSON text in, JSON text out (see the module docstring)."""
    try:
        args = json.loads(args_json) if args_json not in (None, "") else None
    except (ValueError, RecursionError):
        return json.dumps(
            _error(InvalidInput("The arguments are not valid JSON.", field="args"), 422)
        )
    return json.dumps(run(name, args, now_iso), ensure_ascii=False)
