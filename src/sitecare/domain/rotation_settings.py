"""A person's own rotation settings: allowed and ruled-out regions, base rests, default route.

Keys (what ``sitecare settings set KEY VALUE`` takes; stored under ``rotation.KEY``):

- ``route``: the route ``sitecare next`` uses when none is given.
- ``rest.ROUTE``: base rest of a spot in days (a number, more than 0 and at most 365).
- ``regions.ROUTE``: the only regions to suggest for the route (comma-separated).
- ``exclude.ROUTE``: regions never to suggest for the route.
- ``medicine.LABEL.regions`` / ``medicine.LABEL.exclude``: the same for one medicine label
  (``medicine.bolus insulin.regions = abdomen``); ``medicine.LABEL.route``: its route.

Region lists take region ids (``thigh_front_left``), places without the side (``thigh_front``:
both sides) and ``abdomen`` (all four quarters). ``all`` or an empty value removes the setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sitecare.domain.atlas import ROUTES, Atlas, check_route
from sitecare.domain.errors import InvalidInput, close_matches
from sitecare.domain.messages import Msg, counted, number
from sitecare.domain.rotation import DEFAULT_RULES, Policy, default_policy
from sitecare.domain.routes import route_words

PREFIX = "rotation."
MAX_REST_DAYS = 365.0
REGION_FIELDS = ("regions", "exclude")
MEDICINE_FIELDS = ("regions", "exclude", "route")
EXAMPLE_KEYS = (
    "route",
    *(f"rest.{r}" for r in ROUTES),
    "regions.ROUTE",
    "exclude.ROUTE",
    "medicine.LABEL.regions",
    "medicine.LABEL.exclude",
    "medicine.LABEL.route",
)


def medicine_key(label: str) -> str:
    """The normalised form of a medicine label: lower case, single spaces."""
    return " ".join(label.lower().split())


@dataclass(frozen=True)
class MedicineSettings:
    regions: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    route: str | None = None


@dataclass(frozen=True)
class PlannerSettings:
    """Parsed settings; missing values mean the defaults."""

    route: str | None = None
    rest_days: Mapping[str, float] = field(default_factory=dict)
    regions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    medicines: Mapping[str, MedicineSettings] = field(default_factory=dict)

    @classmethod
    def from_stored(cls, stored: Mapping[str, Any]) -> PlannerSettings:
        """Read stored values; anything unreadable is ignored (the defaults apply)."""
        route: str | None = None
        rest: dict[str, float] = {}
        regions: dict[str, tuple[str, ...]] = {}
        exclude: dict[str, tuple[str, ...]] = {}
        meds: dict[str, dict[str, Any]] = {}
        for raw_key, value in stored.items():
            if not raw_key.startswith(PREFIX):
                continue
            key = raw_key[len(PREFIX) :]
            if key == "route" and value in ROUTES:
                route = value
            elif key.startswith("medicine."):
                label, _, name = key[len("medicine.") :].rpartition(".")
                if label and name in MEDICINE_FIELDS:
                    meds.setdefault(label, {})[name] = value
            else:
                kind, _, r = key.partition(".")
                if r not in ROUTES:
                    continue
                if kind == "rest" and isinstance(value, int | float) and 0 < value <= MAX_REST_DAYS:
                    rest[r] = float(value)
                elif kind == "regions" and _is_list(value):
                    regions[r] = tuple(value)
                elif kind == "exclude" and _is_list(value):
                    exclude[r] = tuple(value)
        medicines = {
            label: MedicineSettings(
                regions=tuple(m["regions"]) if _is_list(m.get("regions")) else None,
                exclude=tuple(m["exclude"]) if _is_list(m.get("exclude")) else (),
                route=m.get("route") if m.get("route") in ROUTES else None,
            )
            for label, m in meds.items()
        }
        return cls(route, rest, regions, exclude, medicines)

    def medicine(self, label: str | None) -> MedicineSettings | None:
        return None if label is None else self.medicines.get(medicine_key(label))

    def policy(self, route: str, medicine: str | None = None) -> Policy:
        """The planner policy for ``route`` (and a medicine label) under these settings."""
        med = self.medicine(medicine)
        allowed: tuple[str, ...] | None = self.regions.get(route)
        allowed_by = (
            Msg("your settings for %(route)s", route=route_words(route)) if allowed else None
        )
        excluded = set(self.exclude.get(route, ()))
        if med is not None:
            if med.regions is not None:
                allowed = med.regions
                allowed_by = Msg(
                    "your settings for %(medicine)s", medicine=medicine_key(medicine or "")
                )
            excluded.update(med.exclude)
        return default_policy(
            route,
            rest_days=self.rest_days.get(route),
            allowed=allowed,
            excluded=excluded,
            allowed_by=allowed_by,
        )

    def to_dict(self) -> dict[str, Any]:
        """Every setting with the default where none is set (``sitecare settings --json``)."""
        return {
            "route": self.route,
            "rest_days": {r: self.rest_days.get(r, DEFAULT_RULES[r].spot_days) for r in ROUTES},
            "rest_days_set": dict(self.rest_days),
            "regions": {r: list(v) for r, v in self.regions.items()},
            "exclude": {r: list(v) for r, v in self.exclude.items()},
            "medicines": {
                label: {
                    "regions": list(m.regions) if m.regions is not None else None,
                    "exclude": list(m.exclude),
                    "route": m.route,
                }
                for label, m in sorted(self.medicines.items())
            },
        }


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def expand_regions(atlas: Atlas, text: str, *, route: str | None, field: str) -> list[str]:
    """Region ids from a comma-separated list of ids, places or ``abdomen``."""
    out: list[str] = []
    words = [w.strip().lower().replace("-", "_").replace(" ", "_") for w in text.split(",")]
    names = sorted({*atlas.ids, *(r.base for r in atlas), "abdomen"})
    for word in filter(None, words):
        if word in atlas:
            found = [atlas.region(word)]
            explicit = True
        else:
            found = [r for r in atlas if r.base == word or r.id.startswith(word + "_")]
            explicit = False
            if route is not None:
                found = [r for r in found if r.tier(route) not in (None, "avoid")] or found
        if not found:
            raise InvalidInput(
                Msg("Unknown region %(text)s in %(field)s.", text=repr(word), field=field),
                field=field,
                suggestions=close_matches(word, names),
                command_hint=None
                if close_matches(word, names)
                else Msg("Run 'sitecare sites' to see them."),
            )
        for reg in found:
            tier = reg.tier(route) if route else None
            if route is not None and (explicit or len(found) == 1) and tier in (None, "avoid"):
                raise InvalidInput(
                    _not_for(reg.id, route, field, avoid=tier == "avoid"),
                    field=field,
                    command_hint=Msg(
                        "Run 'sitecare sites --route %(route)s' to see the regions for %(route)s.",
                        route=route,
                    ),
                )
            out.append(reg.id)
    return sorted(dict.fromkeys(out), key=atlas.ids.index)


def _not_for(region: str, route: str, field: str, *, avoid: bool) -> Msg:
    if avoid:
        return Msg(
            "%(region)s is a place to avoid for %(route)s injections, so it cannot be allowed"
            " in %(field)s.",
            region=region,
            route=route_words(route),
            field=field,
        )
    return Msg(
        "%(region)s is not used for %(route)s injections, so it cannot be allowed in %(field)s.",
        region=region,
        route=route_words(route),
        field=field,
    )


def parse_setting(atlas: Atlas, key: str, value: str) -> tuple[str, Any]:
    """Validate ``key`` and ``value``; return the stored key and the value (None: remove)."""
    key = key.strip()
    if key.startswith(PREFIX):
        key = key[len(PREFIX) :]
    text = value.strip()
    clear = text.lower() in ("", "all", "default", "none")
    if key == "route":
        return PREFIX + key, None if clear else _route(text, key)
    if key.startswith("medicine."):
        label, _, name = key[len("medicine.") :].rpartition(".")
        label = medicine_key(label)
        if not label or name not in MEDICINE_FIELDS:
            raise _unknown_key(key)
        stored = f"{PREFIX}medicine.{label}.{name}"
        if clear:
            return stored, None
        if name == "route":
            return stored, _route(text, key)
        return stored, expand_regions(atlas, text, route=None, field=key)
    kind, _, route = key.partition(".")
    if kind not in ("rest", *REGION_FIELDS) or not route:
        raise _unknown_key(key)
    if route not in ROUTES:
        raise InvalidInput(
            Msg(
                "Unknown route %(route)s in the setting %(key)s.", route=repr(route), key=repr(key)
            ),
            field=key,
            suggestions=[f"{kind}.{r}" for r in close_matches(route, ROUTES, n=1)],
        )
    if clear:
        return PREFIX + key, None
    if kind == "rest":
        return PREFIX + key, _days(text, key)
    regions = expand_regions(atlas, text, route=route if kind == "regions" else None, field=key)
    return PREFIX + key, regions


def _route(text: str, key: str) -> str:
    try:
        return check_route(text.lower())
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=key, suggestions=exc.suggestions) from None


def _days(text: str, key: str) -> float:
    try:
        days = float(text)
    except ValueError:
        days = float("nan")
    if not 0 < days <= MAX_REST_DAYS:
        said = Msg(
            "%(key)s must be a number of days more than 0 and at most %(most)s, like 28;"
            " %(text)s is not.",
            key=key,
            most=number(MAX_REST_DAYS),
            text=repr(text),
        )
        raise InvalidInput(said, field=key)
    return days


def _unknown_key(key: str) -> InvalidInput:
    return InvalidInput(
        Msg(
            "Unknown setting %(key)s. Settings are: %(keys)s.",
            key=repr(key),
            keys=", ".join(EXAMPLE_KEYS),
        ),
        field="key",
        suggestions=close_matches(key, [k for k in EXAMPLE_KEYS if "ROUTE" not in k], n=2),
    )


def describe_settings(settings: PlannerSettings) -> list[tuple[str, str]]:
    """(key, value) rows in plain words for ``sitecare settings``."""
    rows: list[tuple[str, str]] = [("route", settings.route or Msg("(the route you logged last)"))]
    for r in ROUTES:
        days = settings.rest_days.get(r)
        default = DEFAULT_RULES[r].spot_days
        said = counted("%(n)s day", "%(n)s days", days, n=number(days)) if days else None
        default_said = counted(
            "%(n)s day (default)", "%(n)s days (default)", default, n=number(default)
        )
        rows.append((f"rest.{r}", said or default_said))
    for name, mapping in (("regions", settings.regions), ("exclude", settings.exclude)):
        for r, ids in mapping.items():
            rows.append((f"{name}.{r}", ", ".join(ids)))
    for label, med in sorted(settings.medicines.items()):
        for name, val in (("regions", med.regions), ("exclude", med.exclude), ("route", med.route)):
            if val:
                rows.append(
                    (f"medicine.{label}.{name}", val if isinstance(val, str) else ", ".join(val))
                )
    return rows


# --- settings from a form (the web app's checklists and number fields) ------------------------

#: what a medicine label may be on the settings page (a key part, so no dots or brackets)
MAX_MEDICINE_LABEL = 80

#: one-tap defaults for the commonest medicines (users.md: bolus in the belly, basal in the
#: thighs); each is (label, route, regions, what it is in plain words)
MEDICINE_PRESETS: Mapping[str, tuple[str, str, str, str]] = {
    "bolus": ("bolus insulin", "subcutaneous", "abdomen", "mealtime insulin in the belly"),
    "basal": ("basal insulin", "subcutaneous", "thigh_front", "long-acting insulin in the thighs"),
}


def usable_regions(atlas: Atlas, route: str) -> list[str]:
    """Region ids sitecare may suggest for ``route`` (``preferred`` and ``caution`` places)."""
    return [r.id for r in atlas.for_route(route) if r.tier(route) in ("preferred", "caution")]


def chosen_regions(settings: PlannerSettings, atlas: Atlas, route: str) -> set[str]:
    """The places the person allows for ``route`` now (every usable one when none is set)."""
    usable = usable_regions(atlas, route)
    allowed = settings.regions.get(route)
    chosen = set(usable) if allowed is None else set(allowed) & set(usable)
    return chosen - set(settings.exclude.get(route, ()))
