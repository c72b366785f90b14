"""The FHIR mapping as data (``data/fhir_mapping.yaml``): code systems and codings."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitecare.domain.atlas import Region
from sitecare.domain.yamlload import load_data

SNOMED = "http://snomed.info/sct"
ACTSITE = "http://terminology.hl7.org/CodeSystem/v3-ActSite"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"

Coding = dict[str, str]


@dataclass(frozen=True)
class Mapping_:
    """The parsed mapping file; ``system("region")`` is sitecare's region code system."""

    raw: Mapping[str, Any]

    def system(self, name: str) -> str:
        return f"{self.raw['canonical']}/{self.raw['systems'][name]}"

    def extension(self, name: str) -> str:
        return f"{self.raw['canonical']}/{self.raw['extensions'][name]}"

    def own(self, name: str, code: str, display: str | None = None) -> Coding:
        coding = {"system": self.system(name), "code": code}
        if display:
            coding["display"] = display
        return coding

    def snomed(self, code: str, display: str | None = None) -> Coding:
        return {
            "system": SNOMED,
            "code": code,
            "display": display or self.raw["snomed_display"][code],
        }

    def site_codings(self, region: Region, purpose: str) -> list[Coding]:
        """SNOMED CT first (the atlas's codes in the order this route prefers), then HL7
        ActSite where one is verified, then sitecare's own region id."""
        snomed = region.codes.get("snomed", {})
        order = self.raw["site_codes"][purpose]
        codings = [self.snomed(snomed[key]) for key in order if key in snomed][:1]
        actsite = region.codes.get("actsite")
        if actsite:
            display = self.raw["actsite_display"][actsite]
            codings.append({"system": ACTSITE, "code": actsite, "display": display})
        codings.append(self.own("region", region.id, region.label))
        return codings

    def route_codings(self, route: str) -> list[Coding]:
        spec = self.raw["routes"][route]
        codings = [self.snomed(spec["snomed"], spec["display"])] if "snomed" in spec else []
        return [*codings, self.own("route", route, spec["display"])]

    def coded(self, table: str, own: str, code: str, display: str) -> list[Coding]:
        """A finding or condition: SNOMED CT when a verified code means it, then sitecare's."""
        spec = self.raw[table].get(code)
        codings = [self.snomed(spec["snomed"], spec["display"])] if spec else []
        return [*codings, self.own(own, code, display)]

    def route_from_snomed(self) -> dict[str, str]:
        return {s["snomed"]: r for r, s in self.raw["routes"].items() if "snomed" in s}

    def finding_from_snomed(self) -> dict[str, str]:
        return {s["snomed"]: f for f, s in self.raw["findings"].items()}


@functools.cache
def load_mapping() -> Mapping_:
    """The mapping shipped with sitecare (parsed once per process)."""
    return Mapping_(load_data("fhir_mapping.yaml"))
