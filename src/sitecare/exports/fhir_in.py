"""A FHIR R4 Bundle read back into sitecare's export document (``format: sitecare-export``).

``services.fhir`` hands the document to the same import as sitecare's own JSON (ids, uids,
sites, cases, times and one transaction), so a Bundle is all or nothing. Sites are read from
sitecare's region code, else from SNOMED CT and HL7 ActSite codes that fit exactly one region
of the atlas; anything else is refused with the element's path. Resources sitecare does not
keep (other Observations, Conditions it derived itself, other resource types) are skipped and
listed in the report. A Media of a check (``exports.fhir_media``) comes back as a photo.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sitecare.domain.atlas import Atlas, Region
from sitecare.domain.errors import ImportFileError, close_matches
from sitecare.domain.messages import Msg
from sitecare.exports import fhir_media
from sitecare.exports.fhir_out import NAMESPACE
from sitecare.exports.mapping import ACTSITE, SNOMED, Mapping_, load_mapping
from sitecare.exports.validate import (
    load_json,
    number_records,
    refuse,
    validate_bundle,
)

#: a dateTime with a time and a zone (FHIR allows dates alone; sitecare needs the moment)
_MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")
_OWN_ID = re.compile(r"^(injection|check)-(\d{1,12})$")


@dataclass
class BundleRead:
    """What a Bundle held: the export document, and what was left out and why."""

    document: dict[str, Any]
    skipped: list[str] = field(default_factory=list)


def looks_like_bundle(text: str) -> bool:
    head = text.lstrip("\ufeff").lstrip()[:4096]
    return head.startswith("{") and '"resourceType"' in head


class BundleReader:
    def __init__(self, atlas: Atlas, mapping: Mapping_ | None = None) -> None:
        self.atlas = atlas
        self.m = mapping or load_mapping()

    def read_text(self, text: str) -> BundleRead:
        raw = load_json(text, what="FHIR Bundle")
        if not isinstance(raw, dict) or raw.get("resourceType") != "Bundle":
            raise ImportFileError(
                Msg("Bundle.resourceType: this is not a FHIR Bundle. Nothing was changed.")
            )
        validate_bundle(raw)
        return self.read(raw)

    def read(self, raw: Mapping[str, Any]) -> BundleRead:
        result = BundleRead({"format": "sitecare-export", "version": 1})
        injections: list[dict[str, Any]] = []
        checks: dict[str, dict[str, Any]] = {}
        media: list[tuple[Mapping[str, Any], str, str]] = []
        for n, entry in enumerate(raw.get("entry") or []):
            resource = entry.get("resource") or {}
            where = f"Bundle.entry[{n}].resource"
            kind = resource.get("resourceType")
            key = entry.get("fullUrl") or f"{kind}/{resource.get('id')}"
            if kind == "MedicationAdministration" and resource.get("status") == "completed":
                injections.append(self.injection(resource, where, key))
            elif kind == "Observation" and self._is_check(resource):
                checks[key if key not in checks else f"{key}#{n}"] = self.check(
                    resource, where, key
                )
            elif kind == "Media":
                media.append((resource, where, key))
            elif kind != "Patient" and not self._own_condition(resource):
                status = resource.get("status")
                said = Msg(
                    "%(where)s: %(kind)s (status %(status)s)", where=where, kind=kind, status=status
                )
                result.skipped.append(said)
        number_records(injections)
        number_records(list(checks.values()))
        result.document.update(injections=injections, observations=list(checks.values()))
        photos = self.photos(raw, checks, media, result.skipped)
        if photos:
            result.document["photos"] = photos
        return result

    def photos(
        self,
        raw: Mapping[str, Any],
        checks: Mapping[str, Mapping[str, Any]],
        media: list[tuple[Mapping[str, Any], str, str]],
        skipped: list[str],
    ) -> list[dict[str, Any]]:
        """The Media that belong to a check, as photos; the others are skipped and listed."""
        by_url = {url: str(c["uid"]) for url, c in checks.items()}
        derived = {
            str(ref.get("reference")): by_url[str(e.get("fullUrl"))]
            for e in raw.get("entry") or []
            if str(e.get("fullUrl")) in by_url
            for ref in (e.get("resource") or {}).get("derivedFrom") or []
        }
        out = []
        for resource, where, key in media:
            check = fhir_media.check_of(resource, key, by_url, derived)
            if check is None:
                skipped.append(
                    Msg("%(where)s: Media (not a photo of a check in the Bundle)", where=where)
                )
                continue
            fallback = str(uuid.uuid5(NAMESPACE, f"import:{key}"))
            out.append(fhir_media.photo(self.m, resource, where, check, fallback))
        number_records(out)
        return out

    # -- shared pieces ---------------------------------------------------------------------

    def _uid(self, resource: Mapping[str, Any], system: str, key: str) -> str:
        for ident in resource.get("identifier") or []:
            if ident.get("system") == self.m.system(system) and ident.get("value"):
                return str(ident["value"])
        return str(uuid.uuid5(NAMESPACE, f"import:{key}"))

    @staticmethod
    def _moment(resource: Mapping[str, Any], where: str) -> str:
        value = resource.get("effectiveDateTime")
        if not isinstance(value, str) or not _MOMENT.match(value):
            raise refuse(
                f"{where}.effectiveDateTime",
                Msg("needs a date, a time and a zone (for example 2026-11-20T08:30:00+01:00)"),
            )
        return value

    def _extension(self, element: Mapping[str, Any], name: str) -> Any:
        for ext in element.get("extension") or []:
            if ext.get("url") == self.m.extension(name):
                for key, value in ext.items():
                    if key.startswith("value"):
                        return value
        return None

    @staticmethod
    def _note(resource: Mapping[str, Any]) -> str | None:
        texts = [n.get("text") for n in resource.get("note") or [] if n.get("text")]
        return "\n".join(texts) or None

    def _code(self, cc: Mapping[str, Any], system: str) -> tuple[int, str] | None:
        for i, coding in enumerate(cc.get("coding") or []):
            if coding.get("system") == self.m.system(system) and coding.get("code"):
                return i, str(coding["code"])
        return None

    # -- sites -----------------------------------------------------------------------------

    def site(
        self, cc: Mapping[str, Any] | None, where: str, route: str | None
    ) -> tuple[str, str | None]:
        """The region (and spot) a site CodeableConcept names, or a refusal naming ``where``."""
        if not cc:
            raise refuse(where, Msg("no site (sitecare needs to know where)"))
        spot = self._extension(cc, "spot")
        own = self._code(cc, "region")
        if own is not None:
            i, code = own
            if code not in self.atlas:
                hint = close_matches(code, self.atlas.ids, n=1)
                also = Msg(" (did you mean %(id)s?)", id=hint[0]) if hint else ""
                said = Msg("unknown region %(code)s%(also)s", code=repr(code), also=also)
                raise refuse(f"{where}.coding[{i}].code", said)
            return code, self._spot(self.atlas.region(code), spot, where)
        region = self._region_from_standard_codes(cc, where, route)
        return region.id, self._spot(region, spot, where)

    def _spot(self, region: Region, spot: Any, where: str) -> str | None:
        if spot is None:
            return None
        if str(spot) not in {s.id for s in region.spots}:
            said = Msg(
                "%(region)s has no spot %(spot)s", region=region.id, spot=repr(str(spot)[:20])
            )
            raise refuse(f"{where}.extension", said)
        return str(spot)

    def _region_from_standard_codes(
        self, cc: Mapping[str, Any], where: str, route: str | None
    ) -> Region:
        codings = cc.get("coding") or []
        actsite = {c.get("code") for c in codings if c.get("system") == ACTSITE}
        snomed = {c.get("code") for c in codings if c.get("system") == SNOMED}
        fits = [
            r
            for r in self.atlas
            if (not actsite or r.codes.get("actsite") in actsite)
            and (not snomed or snomed & set(r.codes.get("snomed", {}).values()))
        ]
        if (actsite or snomed) and len(fits) > 1 and route:
            fits = [r for r in fits if route in r.routes] or fits
        if len(fits) > 1:
            fits = _by_side_word(fits, str(cc.get("text") or ""))
        if len(fits) == 1 and (actsite or snomed):
            return fits[0]
        shown = ", ".join(sorted(f"{c.get('system')}|{c.get('code')}" for c in codings)[:4])
        if not fits or not (actsite or snomed):
            problem = Msg(
                "no region of sitecare's atlas has the codes %(codes)s; add sitecare's region code",
                codes=shown or Msg("(none)"),
            )
        else:
            problem = Msg(
                "the codes fit %(n)s regions (%(ids)s); add sitecare's region code",
                n=len(fits),
                ids=", ".join(r.id for r in fits[:4]),
            )
        raise refuse(f"{where}", problem)

    def _route(self, cc: Mapping[str, Any] | None, where: str) -> str:
        own = self._code(cc or {}, "route")
        if own is not None and own[1] in self.m.raw["routes"]:
            return own[1]
        by_snomed = self.m.route_from_snomed()
        for coding in (cc or {}).get("coding") or []:
            if coding.get("system") == SNOMED and coding.get("code") in by_snomed:
                return by_snomed[coding["code"]]
        raise refuse(where, Msg("no route sitecare knows (intravenous, subcutaneous, ...)"))

    # -- injections ------------------------------------------------------------------------

    def injection(self, r: Mapping[str, Any], where: str, key: str) -> dict[str, Any]:
        dosage = r.get("dosage") or {}
        route = self._route(dosage.get("route"), f"{where}.dosage.route")
        region, spot = self.site(dosage.get("site"), f"{where}.dosage.site", route)
        medicine = r.get("medicationCodeableConcept") or {}
        label = medicine.get("text") or next(
            (c.get("display") for c in medicine.get("coding") or [] if c.get("display")), None
        )
        return {
            "id": _own_id(r, "injection"),
            "uid": self._uid(r, "injection_uid", key),
            "at": self._moment(r, where),
            "region": region,
            "spot": spot,
            "route": route,
            "medicine": label,
            "note": self._note(r),
        }

    # -- checks ----------------------------------------------------------------------------

    def _is_check(self, r: Mapping[str, Any]) -> bool:
        return self._code(r.get("code") or {}, "check") is not None

    def _own_condition(self, r: Mapping[str, Any]) -> bool:
        """A Condition sitecare derived from a check (the check itself carries it back)."""
        return r.get("resourceType") == "Condition" and (
            self._code(r.get("code") or {}, "condition") is not None
        )

    def check(self, r: Mapping[str, Any], where: str, key: str) -> dict[str, Any]:
        region, spot = (None, None)
        if r.get("bodySite"):
            region, spot = self.site(r["bodySite"], f"{where}.bodySite", None)
        case = self.case(r.get("component") or [], f"{where}.component")
        if region:
            case["region"] = region
        rest = self._extension(r, "rest_days")
        return {
            "id": _own_id(r, "check"),
            "uid": self._uid(r, "check_uid", key),
            "at": self._moment(r, where),
            "region": region,
            "spot": spot,
            "level": self._level(r, where),
            "rest_days": rest,
            "blocked": bool(self._extension(r, "blocked")),
            "case": case,
            "assessment": self._assessment(r, where),
            "note": self._note(r),
        }

    def _level(self, r: Mapping[str, Any], where: str) -> str | None:
        value = r.get("valueCodeableConcept")
        if value is None:
            return None
        own = self._code(value, "level")
        if own is None or own[1] not in ("emergency", "urgent", "soon", "self_care", "routine"):
            raise refuse(f"{where}.valueCodeableConcept", Msg("not a sitecare level"))
        return own[1]

    def _assessment(self, r: Mapping[str, Any], where: str) -> dict[str, Any]:
        text = self._extension(r, "assessment")
        if text is None:
            return {}
        try:
            value = json.loads(str(text))
        except json.JSONDecodeError:
            value = None
        if not isinstance(value, dict):
            raise refuse(f"{where}.extension", Msg("the assessment is not a JSON object"))
        return value

    def case(self, components: list[Mapping[str, Any]], where: str) -> dict[str, Any]:
        """The triage case a check's components describe (the writer's ``components``)."""
        case: dict[str, Any] = {"findings": []}
        for i, comp in enumerate(components):
            self._component(case, comp, f"{where}[{i}]")
        return case

    def _component(self, case: dict[str, Any], comp: Mapping[str, Any], where: str) -> None:
        code = comp.get("code") or {}
        finding = self._code(code, "finding")
        if finding is None:
            for coding in code.get("coding") or []:
                known = self.m.finding_from_snomed().get(coding.get("code") or "")
                if coding.get("system") == SNOMED and known:
                    finding = (0, known)
        context = self._code(code, "context")
        measure = self._code(code, "measurement")
        if finding is not None:
            case["findings"].append(finding[1])
        elif context is not None:
            case.setdefault("context", []).append(context[1])
        elif measure is not None:
            self._measurement(case, measure[1], comp, where)
        else:
            raise refuse(f"{where}.code", Msg("a finding or measurement sitecare does not know"))

    def _measurement(
        self, case: dict[str, Any], key: str, comp: Mapping[str, Any], where: str
    ) -> None:
        if key in ("redness_trend", "route"):
            system = "trend" if key == "redness_trend" else "route"
            own = self._code(comp.get("valueCodeableConcept") or {}, system)
            if own is None:
                said = Msg("no redness trend") if key == "redness_trend" else Msg("no route")
                raise refuse(f"{where}.valueCodeableConcept", said)
            case[key] = own[1]
            return
        vitals = self.m.raw["vitals"]
        if key not in self.m.raw["measurements"] and key not in vitals:
            said = Msg("a measurement sitecare does not know (%(key)s)", key=repr(key[:40]))
            raise refuse(f"{where}.code", said)
        if key in vitals and vitals[key].get("boolean"):
            value: Any = comp.get("valueBoolean")
        else:
            value = (comp.get("valueQuantity") or {}).get("value")
        if value is None:
            raise refuse(f"{where}", Msg("%(key)s has no value", key=key))
        (case.setdefault("vitals", {}) if key in vitals else case)[key] = value


def _by_side_word(fits: list[Region], text: str) -> list[Region]:
    """The left and right of one place, told apart by the site's text ("Right forearm")."""
    words = set(re.findall(r"[a-z]+", text.lower())) & {"left", "right"}
    if len({r.base for r in fits}) != 1 or len(words) != 1:
        return fits
    return [r for r in fits if r.side in words] or fits


def _own_id(r: Mapping[str, Any], kind: str) -> int | None:
    match = _OWN_ID.match(str(r.get("id") or ""))
    return int(match.group(2)) if match and match.group(1) == kind else None
