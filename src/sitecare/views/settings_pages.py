"""Pocket's settings and privacy pages (export, import, erase): the handlers of
:class:`~sitecare.views.pages.Pages` for ``/settings...``, ``/privacy``, ``/export``,
``/import`` and ``/erase``, kept apart from the page dispatch. A mixin: ``Pages`` gives
``sc`` (the records in memory) and ``render``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sitecare.domain.atlas import ROUTES
from sitecare.domain.errors import ImportFileError, InvalidInput, NotFound, SitecareError
from sitecare.domain.rotation_settings import (
    MEDICINE_PRESETS,
    medicine_key,
    medicine_removal,
    parse_setting,
    preset_form,
    route_form,
)
from sitecare.views import context as ctx
from sitecare.views.page_forms import Answer, FormValues, _import_words, _int


class SettingsPages:
    """The settings and privacy handlers (see the module docstring)."""

    sc: Any

    def render(self, name: str, context: dict[str, Any], status: int = 200) -> Answer:
        raise NotImplementedError  # Pages.render

    def redirect(self, location: str) -> Answer:
        return Answer(303, "", location)

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
            raise NotFound("There is no such page.")
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
        return self.redirect("/privacy?imported=" + quote(_import_words(report)))

    def erase(self, q: FormValues, f: FormValues, now: datetime) -> Answer:
        if f.get("confirm") != "yes":
            raise InvalidInput(
                "Tick the box to confirm that everything should be erased.", field="confirm"
            )
        self.sc.transfer.erase_everything(now=now)
        return self.redirect("/privacy?erased=1")
