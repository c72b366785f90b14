"""Pocket's pages: the web app's own Jinja2 templates, rendered in the browser.

``Pages(pocket, templates=DIR).handle(method, path, query, form, now)`` answers one request of
the personal app's journeys, with the web app's paths (``/``, ``/log``, ``/check``,
``/history``, ``/sites/forearm_left``, ``/help/...``, ``/settings``, ``/privacy``), as
``{"status": int, "html": str, "location": str | None, "title": str}``: ``location`` is set
(with a 303) when the browser should go there next, as the web app redirects after a form.
The contexts come from ``views.context``, the same functions the web app's routes use, so the
pages are the same; the templates get ``pocket`` (``static``, ``base``, ``head``), which drops
htmx and the web app's asset paths and shows pocket's own export and import.

``query`` and ``form`` map names to a text or a list of texts (a checkbox list). The privacy
page's import form posts the file's text as the field ``file`` (the JS side reads it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, FileSystemLoader, TemplateNotFound

from sitecare.domain.errors import InvalidInput, NotFound, SitecareError
from sitecare.domain.messages import gettext_for
from sitecare.views import context as ctx
from sitecare.views.page_forms import (
    Answer,
    FormValues,
    _id,
    _int,
    _route_param,
)
from sitecare.views.settings_pages import SettingsPages

__all__ = ["Answer", "FormValues", "Pages", "default_templates"]  # the forms: views.page_forms

Handler = Callable[["FormValues", "FormValues", datetime], "Answer"]


def default_templates() -> Path:
    """The web app's templates in this package (the pocket build copies them elsewhere)."""
    from importlib.resources import files

    return Path(str(files("sitecare").joinpath("web", "templates")))


class Pages(SettingsPages):
    """Render the personal app's pages over a :class:`~sitecare.views.state.Pocket`."""

    def __init__(
        self,
        pocket: Any,
        *,
        templates: str | Path | None = None,
        static: str = "/pocket/static",
        base: str = "/pocket",
        head: str = "",
        resources: list[dict[str, Any]] | None = None,
    ) -> None:
        self.sc = pocket
        self.env = Environment(
            loader=FileSystemLoader(str(templates or default_templates())), autoescape=True
        )
        self.env.filters["when"] = ctx.when
        self.env.filters["when_day"] = ctx.when_day
        self.env.globals.update({"_": lambda text: text, "lang": "en", "languages": []})
        self.env.globals["level_look"] = ctx.LEVEL_LOOK
        self.pocket_info = {"static": static.rstrip("/"), "base": base.rstrip("/"), "head": head}
        self._resources = resources
        self.request = SimpleNamespace(state=SimpleNamespace(server_mode=False))

    # -- rendering ----------------------------------------------------------------------

    def render(self, name: str, context: dict[str, Any], status: int = 200) -> Answer:
        base = {
            "emergency_number": self.sc.emergency_number,
            "active": None,
            "request": self.request,
            "pocket": self.pocket_info,
            "lang": self.sc.language,
            "_": gettext_for(self.sc.language),
        }
        html = self.env.get_template(name).render({**base, **context})
        return Answer(status, html)

    def error(self, exc: SitecareError, status: int) -> Answer:
        context = {"message": exc.message, "hint": exc.hint, "status": status}
        return self.render("error.html", context, status)

    def resources(self) -> list[dict[str, Any]]:
        if self._resources is None:
            from sitecare.domain.triage._resources import load_yaml

            data = load_yaml("resources.yaml")
            if not isinstance(data, list) or not all(
                isinstance(i, dict) and i.get("name") and i.get("what") for i in data
            ):
                raise InvalidInput("The services list must be entries with a name and what.")
            self._resources = [dict(i) for i in data]
        return self._resources

    # -- dispatch -----------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, Any] | None,
        form: Mapping[str, Any] | None,
        now: datetime,
    ) -> dict[str, Any]:
        """One request: the page (a whole HTML document), or where to go next after a form."""
        method = method.upper()
        path = "/" + path.split("?", 1)[0].split("#", 1)[0].strip("/")
        q, f = FormValues(query), FormValues(form)
        try:
            handler = self._route(method, path)
            answer = handler(q, f, now)
        except NotFound as exc:
            answer = self.error(exc, 404)
        except SitecareError as exc:
            answer = self.error(exc, 422)
        except TemplateNotFound:
            answer = self.error(NotFound("There is no such page."), 404)
        return answer.to_dict()

    def _route(
        self, method: str, path: str
    ) -> Callable[[FormValues, FormValues, datetime], Answer]:
        parts = path.strip("/").split("/") if path != "/" else []
        get, post = method in ("GET", "HEAD"), method == "POST"
        simple = {
            ("GET", "/"): self.home,
            ("GET", "/log"): self.log_form,
            ("POST", "/log"): self.log_submit,
            ("GET", "/history"): self.history,
            ("GET", "/help"): self.help_index,
            ("GET", "/settings"): self.settings,
            ("POST", "/settings/route"): self.settings_route,
            ("POST", "/settings/medicines"): self.settings_medicine,
            ("POST", "/settings/medicines/remove"): self.settings_medicine_remove,
            ("GET", "/privacy"): self.privacy,
            ("POST", "/erase"): self.erase,
            ("POST", "/import"): self.import_file,
            ("GET", "/export"): self.export,
            ("GET", "/check"): self.check_start,
            ("POST", "/check"): self.check_answer,
        }
        key = ("GET" if get else method, path)
        if key in simple:
            return simple[key]
        if get and len(parts) == 2 and parts[0] == "logged":
            ident = _id(parts[1])
            return lambda q, f, now: self.logged(ident, now)
        if post and len(parts) == 3 and parts[0] == "injections" and parts[2] == "delete":
            ident = _id(parts[1])
            return lambda q, f, now: self.delete(ident, now)
        if get and len(parts) == 2 and parts[0] == "sites":
            region = parts[1]
            return lambda q, f, now: self.site(region, now)
        if get and len(parts) == 2 and parts[0] == "help":
            topic = parts[1]
            return lambda q, f, now: self.help_topic(topic)
        if post and len(parts) == 3 and parts[:2] == ["settings", "routes"]:
            route = parts[2]
            return lambda q, f, now: self.settings_places(route, f, now)
        if post and len(parts) == 3 and parts[:2] == ["settings", "presets"]:
            name = parts[2]
            return lambda q, f, now: self.settings_preset(name, now)
        raise NotFound("There is no such page.")

    # -- home, log ----------------------------------------------------------------------

    def home(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        context = ctx.home_context(
            self.sc,
            now,
            route=_route_param(q),
            medicine=q.text("medicine", limit=200),
            part=q.text("part", limit=40),
        )
        return self.render("home.html", context)

    def log_form(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        context = ctx.log_page_context(
            self.sc,
            now,
            region=q.get("region") or None,
            spot=q.get("spot"),
            route=q.get("route"),
            medicine=q.text("medicine", limit=200),
            part=q.text("part", limit=40),
        )
        return self.render("log.html", context)

    def log_submit(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        region = f.get("region")
        if not region:
            raise InvalidInput("Choose where you injected.", field="region")
        spot, route, at = f.get("spot"), f.get("route"), f.get("at")
        medicine, note = f.get("medicine"), f.get("note")
        try:
            assert now.tzinfo is not None
            result = ctx.log_from_form(
                self.sc,
                region=region,
                spot=spot,
                route=route,
                at=at,
                medicine=medicine,
                note=note,
                now=now,
                tz=now.tzinfo,
            )
        except InvalidInput as exc:
            context = ctx.log_error_context(
                self.sc,
                now,
                exc,
                region=region,
                spot=spot,
                route=route,
                at=at,
                medicine=medicine,
                note=note,
            )
            return self.render("log.html", context, 422)
        # rendered straight away (not redirected) so the warnings from the moment show
        return self.render(
            "logged.html", ctx.logged_context(self.sc, result.injection, result.warnings)
        )

    def logged(self, ident: int, now: datetime) -> Answer:
        injection = self.sc.records.get_injection(ident, now=now)
        warnings = self.sc.records.site_warnings(injection.region, injection.route)
        return self.render("logged.html", ctx.logged_context(self.sc, injection, warnings))

    def delete(self, ident: int, now: datetime) -> Answer:
        self.sc.records.delete_injection(ident, now=now)
        return self.redirect("/history?deleted=1")

    # -- history, sites, help -----------------------------------------------------------

    def history(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        assert now.tzinfo is not None
        context = ctx.history_context(
            self.sc,
            now,
            now.tzinfo,
            days=_int(q, "days", 30, 1, 3650),
            page=_int(q, "page", 1, 1, 100_000),
            deleted=_int(q, "deleted", 0, -(2**31), 2**31),
            part=q.text("part", limit=40),
        )
        return self.render("history.html", context)

    def site(self, region: str, now: datetime) -> Answer:
        return self.render("site.html", ctx.site_context(self.sc, region, now))

    def help_index(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        return self.render("help_index.html", {"active": "Help", "topics": ctx.TOPICS})

    def help_topic(self, topic: str) -> Answer:
        if topic not in ctx.TOPICS:
            raise NotFound(f"There is no help page called {topic!r}.")
        context: dict[str, Any] = {"active": "Help", "topic": topic, "title": ctx.TOPICS[topic]}
        if topic == "services":
            context["resources"] = self.resources()
        return self.render(f"help/{topic}.html", context)

    # -- the guided check ---------------------------------------------------------------

    def check_start(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        region = q.get("region") or None
        if region:
            region = self.sc.atlas.region(region).id
        step = self.sc.triage.next_step({})
        return self.render("check.html", ctx.screen_context(self.sc, step, {}, region))

    def check_answer(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        got = ctx.advance(self.sc, f)
        if not got.finished:
            context = ctx.screen_context(
                self.sc, got.step, got.answers, got.region, got.error, got.prefill
            )
            return self.render("check.html", context, 422 if got.error else 200)
        result = self.sc.triage.check(got.case(), now=now)
        return self.render("check_result.html", ctx.check_result_context(self.sc, got, result))
