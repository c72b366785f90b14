"""Pocket's pages for the personal journeys: home, log an injection (and what was logged,
delete), history, a site, help, and the guided check; the handlers of
:class:`~sitecare.views.pages.Pages`, kept apart from its dispatch and its settings and privacy
pages. A mixin: ``Pages`` gives ``sc`` (the records in memory) and ``render``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sitecare.domain.errors import InvalidInput, NotFound
from sitecare.views import context as ctx
from sitecare.views.log_submit import LogForm, log_submitted
from sitecare.views.page_forms import Answer, FormValues, _int, _route_param


class JourneyPages:
    """The journeys' handlers (see the module docstring)."""

    sc: Any

    def render(self, name: str, context: dict[str, Any], status: int = 200) -> Answer:
        raise NotImplementedError  # Pages.render

    def resources(self) -> list[dict[str, Any]]:
        raise NotImplementedError  # Pages.resources

    def redirect(self, location: str) -> Answer:
        return Answer(303, "", location)

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
        form = LogForm(
            region, f.get("spot"), f.get("route"), f.get("at"), f.get("medicine"), f.get("note")
        )
        assert now.tzinfo is not None
        # rendered straight away (not redirected) so the warnings from the moment show
        return self.render(*log_submitted(self.sc, form, now=now, tz=now.tzinfo))

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
