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
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, TemplateNotFound

from sitecare.domain.atlas import ROUTES
from sitecare.domain.errors import ImportFileError, InvalidInput, NotFound, SitecareError
from sitecare.domain.help_resources import check_resources, resources_in
from sitecare.domain.language import NAMES, shipped
from sitecare.domain.messages import N_, Msg, gettext_for, localise
from sitecare.domain.rotation_forms import medicine_removal, preset_form, route_form
from sitecare.domain.rotation_settings import (
    MEDICINE_PRESETS,
    medicine_key,
    parse_setting,
)
from sitecare.views import context as ctx
from sitecare.views.journey_pages import JourneyPages
from sitecare.views.page_forms import (
    Answer,
    FormValues,
    _id,
    _import_words,
    _int,
)
from sitecare.views.page_words import (
    FILTERS,
    local_path,
    page_language,
    switch_links,
    use_i18n,
)

__all__ = ["Answer", "FormValues", "Pages", "default_templates"]  # the forms: views.page_forms

Handler = Callable[["FormValues", "FormValues", datetime], "Answer"]


def default_templates() -> Path:
    """The web app's templates in this package (the pocket build copies them elsewhere)."""
    from importlib.resources import files

    return Path(str(files("sitecare").joinpath("web", "templates")))


class Pages(JourneyPages):
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
        use_i18n(self.env)  # {% trans %} blocks; the words come with each render
        self.env.filters.update(FILTERS)  # dates in the page's language
        self.env.globals.update({"lang": "en", "languages": []})
        self.env.globals.update({"level_look": ctx.LEVEL_LOOK, "route_words": ctx.ROUTE_WORDS})
        self.pocket_info = {"static": static.rstrip("/"), "base": base.rstrip("/"), "head": head}
        self._resources = resources
        self.request = SimpleNamespace(state=SimpleNamespace(server_mode=False))
        #: the page being answered (its path and query): where the language switch comes back to
        self.here = "/"

    # -- rendering ----------------------------------------------------------------------

    def render(self, name: str, context: dict[str, Any], status: int = 200) -> Answer:
        base = {
            "emergency_number": self.sc.emergency_number,
            "active": None,
            "request": self.request,
            "pocket": self.pocket_info,
            **page_language(self.sc.language),
            "languages": switch_links(self.sc.language, self.here),
        }
        html = self.env.get_template(name).render({**base, **localise(context, self.sc.language)})
        return Answer(status, html)

    def error(self, exc: SitecareError, status: int) -> Answer:
        context = {"message": exc.message, "hint": exc.hint, "status": status}
        return self.render("error.html", context, status)

    def resources(self) -> list[dict[str, Any]]:
        if self._resources is None:
            from sitecare.domain.triage._resources import load_yaml

            self._resources = check_resources(load_yaml("resources.yaml"))
        return resources_in(self._resources, self.sc.language, gettext_for(self.sc.language))

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
        self.here = path + (f"?{urlencode(query, doseq=True)}" if query else "")
        try:
            handler = self._route(method, path)
            answer = handler(q, f, now)
        except NotFound as exc:
            answer = self.error(exc, 404)
        except SitecareError as exc:
            answer = self.error(exc, 422)
        except TemplateNotFound:
            answer = self.error(NotFound(N_("There is no such page.")), 404)
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
        if get and len(parts) == 2 and parts[0] == "language":
            code = parts[1]
            return lambda q, f, now: self.switch_language(code, q)
        if get and len(parts) == 2 and parts[0] == "help":
            topic = parts[1]
            return lambda q, f, now: self.help_topic(topic)
        if post and len(parts) == 3 and parts[:2] == ["settings", "routes"]:
            route = parts[2]
            return lambda q, f, now: self.settings_places(route, f, now)
        if post and len(parts) == 3 and parts[:2] == ["settings", "presets"]:
            name = parts[2]
            return lambda q, f, now: self.settings_preset(name, now)
        raise NotFound(N_("There is no such page."))

    def switch_language(self, code: str, q: FormValues) -> Answer:
        """The language switch (``/language/es?next=/log``), as the web app's: pages in
        ``code`` from now on, and back to the page. The JS side remembers it on the device."""
        if shipped(code) != code:
            raise InvalidInput(
                Msg("sitecare does not speak %(code)r.", code=code),
                field="code",
                suggestions=tuple(NAMES),
            )
        self.sc.language = code
        return self.redirect(local_path(q.text("next", limit=2000)))

    # -- settings -----------------------------------------------------------------------

    def settings(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        context = ctx.settings_context(
            self.sc, now, saved=q.text("saved", limit=100), section=q.text("open", limit=120)
        )
        return self.render("settings.html", context)

    def _settings_answer(
        self,
        now: datetime,
        pairs: Callable[[], list[tuple[str, Any]]],
        *,
        saved: str,
        section: str | None = None,
    ) -> Answer:
        try:
            self.sc.planning.apply_settings(pairs(), now=now)
        except InvalidInput as exc:
            context = ctx.settings_context(self.sc, now, error=exc, section=section)
            return self.render("settings.html", context, 422)
        return self.redirect(ctx.settings_location(saved, section))

    def settings_route(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        route = f.get("route") or ""
        return self._settings_answer(
            now,
            lambda: [parse_setting(self.sc.atlas, "route", route)],
            saved="your usual way of injecting",
        )

    def settings_places(self, route: str, f: FormValues, now: datetime) -> Answer:
        if route not in ROUTES:
            raise NotFound(N_("There is no such page."))
        rest = f.text("rest", limit=20) or ""
        regions = f.getlist("regions")
        return self._settings_answer(
            now,
            lambda: route_form(self.sc.atlas, route=route, rest=rest, regions=regions),
            saved=ctx.ROUTE_WORDS[route].lower(),
            section=f"route-{route}",
        )

    def settings_medicine(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        label = f.text("label", limit=200) or ""
        route = f.text("route", limit=40) or "subcutaneous"
        regions = f.getlist("regions")
        every = f.get("every")
        name = medicine_key(label)
        return self._settings_answer(
            now,
            lambda: ctx.medicine_pairs(
                self.sc, now, label=label, route=route, regions=regions, every=every
            ),
            saved=name,
            section=f"medicine:{name}",
        )

    def settings_medicine_remove(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        label = f.text("label", limit=200) or ""
        return self._settings_answer(
            now, lambda: medicine_removal(label), saved=f"{medicine_key(label)} removed"
        )

    def settings_preset(self, name: str, now: datetime) -> Answer:
        label = MEDICINE_PRESETS[name][0] if name in MEDICINE_PRESETS else name
        return self._settings_answer(
            now,
            lambda: preset_form(self.sc.atlas, name),
            saved=label,
            section=f"medicine:{label}",
        )

    # -- privacy: export, import, erase -------------------------------------------------

    def privacy(
        self,
        q: FormValues,
        f: FormValues,
        now: datetime,
        *,
        import_error: SitecareError | None = None,
    ) -> Answer:
        context = {
            "active": None,
            "personal": True,
            "erased": _int(q, "erased", 0, 0, 1),
            "imported": q.text("imported", limit=200),
            "import_error": import_error,
        }
        return self.render("privacy.html", context, 422 if import_error else 200)

    def export(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        """The export document as text (the JS side makes the download from it)."""
        import json

        doc = self.sc.transfer.export_document(now=now)
        return Answer(200, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

    def import_file(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        from sitecare.domain.transfer import parse_text

        text = f.get("file") or ""
        try:
            report = self.sc.transfer.import_document(parse_text(text), now=now)
        except ImportFileError as exc:
            return self.privacy(FormValues(), FormValues(), now, import_error=exc)
        except InvalidInput as exc:
            return self.privacy(FormValues(), FormValues(), now, import_error=exc)
        return self.redirect("/privacy?imported=" + quote(_import_words(report, self.sc.language)))

    def erase(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        if f.get("confirm") != "yes":
            raise InvalidInput(
                "Tick the box to confirm that everything should be erased.", field="confirm"
            )
        self.sc.transfer.erase_everything(now=now)
        return self.redirect("/privacy?erased=1")
