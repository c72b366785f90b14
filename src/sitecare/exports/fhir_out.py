"""sitecare's export document as a FHIR R4 Bundle (type ``collection``).

One pseudonymous Patient (its code, no name), one MedicationAdministration per injection, one
Observation per check (findings and measurements as components, the level as its value) and a
Condition for each condition a check points to at a level that needs a clinician. With photos
(``--with-photos``) each photo follows its check as a Media (``exports.fhir_media``), and the
check's ``derivedFrom`` names them; without, no image data is in the Bundle. The Bundle is
checked with ``fhir.resources``' R4B models before it is handed out.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sitecare.domain.atlas import Atlas
from sitecare.domain.triage.vocab import Vocabulary, load_vocabulary
from sitecare.exports.fhir_media import media
from sitecare.exports.mapping import LOINC, UCUM, Mapping_, load_mapping
from sitecare.exports.validate import validate_bundle

#: uuid5 namespace for the Bundle's urn:uuid full URLs (stable: the same record, the same URL)
NAMESPACE = uuid.UUID("6f1c2b7e-3d0a-5c8e-9b4f-2a7d1e0c5b93")
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
NOT_A_DIAGNOSIS = "Suggested by a sitecare check: guidance, not a diagnosis."


def urn(kind: str, key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


class BundleWriter:
    """Builds one Bundle from an export document (``Transfer.export_document``)."""

    def __init__(self, atlas: Atlas, mapping: Mapping_ | None = None) -> None:
        self.atlas = atlas
        self.m = mapping or load_mapping()
        self.vocab: Vocabulary = load_vocabulary()
        self.patient_url = ""

    def bundle(self, doc: Mapping[str, Any], *, with_photos: bool = False) -> dict[str, Any]:
        person = doc.get("person") or {"code": "me", "program": "personal"}
        self.patient_url = urn("person", f"{person['program']}/{person['code']}")
        entries = [self._entry(self.patient_url, self.patient(person["code"]))]
        for inj in doc["injections"]:
            entries.append(self._entry(urn("injection", inj["uid"]), self.administration(inj)))
        photos: dict[str, list[Mapping[str, Any]]] = {}
        for p in doc.get("photos", []) if with_photos else []:
            photos.setdefault(p["check_uid"], []).append(p)
        for obs in doc["observations"]:
            obs_url = urn("check", obs["uid"])
            mine = photos.get(obs["uid"], [])
            resource = self.observation(obs)
            if mine:
                resource["derivedFrom"] = [{"reference": urn("photo", p["uid"])} for p in mine]
            entries.append(self._entry(obs_url, resource))
            entries.extend(self._entry(url, c) for url, c in self.conditions(obs, obs_url))
            entries.extend(self._entry(url, m) for url, m in self.media(obs, obs_url, mine))
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": doc["exported_at"],
            "entry": entries,
        }
        validate_bundle(bundle)
        return bundle

    @staticmethod
    def _entry(url: str, resource: dict[str, Any]) -> dict[str, Any]:
        return {"fullUrl": url, "resource": resource}

    def _subject(self) -> dict[str, str]:
        return {"reference": self.patient_url}

    def patient(self, code: str) -> dict[str, Any]:
        return {
            "resourceType": "Patient",
            "id": "person",
            "identifier": [{"system": self.m.system("person_code"), "value": code}],
        }

    def _site(self, region_id: str, purpose: str, spot: str | None) -> dict[str, Any]:
        region = self.atlas.region(region_id)
        site: dict[str, Any] = {
            "coding": self.m.site_codings(region, purpose),
            "text": region.label + (f", spot {spot}" if spot else ""),
        }
        if spot:
            site["extension"] = [{"url": self.m.extension("spot"), "valueString": spot}]
        return site

    def administration(self, inj: Mapping[str, Any]) -> dict[str, Any]:
        route = inj["route"]
        resource: dict[str, Any] = {
            "resourceType": "MedicationAdministration",
            "id": f"injection-{inj['id']}",
            "identifier": [{"system": self.m.system("injection_uid"), "value": inj["uid"]}],
            "status": "completed",
            "medicationCodeableConcept": self._medicine(inj.get("medicine")),
            "subject": self._subject(),
            "effectiveDateTime": inj["at"],
            "performer": [{"actor": self._subject()}],
            "dosage": {
                "site": self._site(inj["region"], route, inj.get("spot")),
                "route": {"coding": self.m.route_codings(route), "text": route.replace("_", " ")},
            },
        }
        if inj.get("note"):
            resource["note"] = [{"text": inj["note"]}]
        return resource

    @staticmethod
    def _medicine(label: str | None) -> dict[str, Any]:
        if label:
            return {"text": label}
        # not every person says what they inject; FHIR's way of saying "not given"
        return {"extension": [{"url": DATA_ABSENT, "valueCode": "unknown"}]}

    def observation(self, obs: Mapping[str, Any]) -> dict[str, Any]:
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"check-{obs['id']}",
            "identifier": [{"system": self.m.system("check_uid"), "value": obs["uid"]}],
            "status": "final",
            "category": [
                {"coding": [{"system": OBSERVATION_CATEGORY, "code": "exam", "display": "Exam"}]}
            ],
            "code": {
                "coding": [self.m.own("check", "site-check", "Injection site check")],
                "text": "Injection site check",
            },
            "subject": self._subject(),
            "effectiveDateTime": obs["at"],
            "extension": self._check_extensions(obs),
            "component": self.components(obs.get("case") or {}),
        }
        if obs.get("region"):
            resource["bodySite"] = self._site(obs["region"], "check", obs.get("spot"))
        if obs.get("level"):
            level = obs["level"]
            words = self.vocab.levels.get(level, {}).get("meaning", level)
            resource["valueCodeableConcept"] = {
                "coding": [self.m.own("level", level, level.replace("_", " "))],
                "text": f"{level.replace('_', ' ')}: {words}",
            }
        if obs.get("note"):
            resource["note"] = [{"text": obs["note"]}]
        if not resource["component"]:
            del resource["component"]
        return resource

    def _check_extensions(self, obs: Mapping[str, Any]) -> list[dict[str, Any]]:
        ext: list[dict[str, Any]] = [
            {"url": self.m.extension("blocked"), "valueBoolean": bool(obs.get("blocked"))}
        ]
        if obs.get("rest_days") is not None:
            ext.append({"url": self.m.extension("rest_days"), "valueDecimal": obs["rest_days"]})
        if obs.get("assessment"):
            text = json.dumps(obs["assessment"], ensure_ascii=False, sort_keys=True)
            ext.append({"url": self.m.extension("assessment"), "valueString": text})
        return ext

    def components(self, case: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The case as components: findings and context items (true), numbers, the trend."""
        out: list[dict[str, Any]] = []
        for f in case.get("findings", []):
            words = self.vocab.findings.get(f, {}).get("meaning", f.replace("_", " "))
            code = {"coding": self.m.coded("findings", "finding", f, words), "text": words}
            out.append({"code": code, "valueBoolean": True})
        for c in case.get("context", []):
            code = {"coding": [self.m.own("context", c)], "text": c.replace("_", " ")}
            out.append({"code": code, "valueBoolean": True})
        specs = self.m.raw["measurements"]
        out.extend(self._number(k, case[k], specs[k]) for k in specs if k in case)
        vitals = case.get("vitals") or {}
        specs = self.m.raw["vitals"]
        out.extend(self._number(k, vitals[k], specs[k]) for k in specs if k in vitals)
        for key in ("redness_trend", "route"):
            if key in case:
                system = "trend" if key == "redness_trend" else "route"
                out.append(
                    {
                        "code": {"coding": [self.m.own("measurement", key)]},
                        "valueCodeableConcept": {"coding": [self.m.own(system, case[key])]},
                    }
                )
        return out

    def _number(self, key: str, value: Any, spec: Mapping[str, Any]) -> dict[str, Any]:
        codings = [self.m.own("measurement", key, spec["display"])]
        if "loinc" in spec:
            codings.insert(0, {"system": LOINC, "code": spec["loinc"], "display": spec["display"]})
        component: dict[str, Any] = {"code": {"coding": codings, "text": spec["display"]}}
        if spec.get("boolean"):
            component["valueBoolean"] = bool(value)
        else:
            unit = spec["unit"]
            component["valueQuantity"] = {
                "value": value,
                "unit": unit,
                "system": UCUM,
                "code": unit,
            }
        return component

    def media(
        self, obs: Mapping[str, Any], obs_url: str, photos: list[Mapping[str, Any]]
    ) -> list[tuple[str, dict[str, Any]]]:
        """A check's photos as Media, each part of the check, at the check's site."""
        site = self._site(obs["region"], "check", obs.get("spot")) if obs.get("region") else None
        return [
            (urn("photo", p["uid"]), media(self.m, p, obs_url, self._subject(), site))
            for p in photos
        ]

    def conditions(self, obs: Mapping[str, Any], obs_url: str) -> list[tuple[str, dict[str, Any]]]:
        """A Condition for each condition the check points to at a clinician's level."""
        found = (obs.get("assessment") or {}).get("conditions") or []
        levels = self.m.raw["clinician_levels"]
        out = []
        for cond in found:
            if cond.get("level") not in levels or not obs.get("region"):
                continue
            cid = cond["id"]
            name = self.vocab.condition_name(cid)
            url = urn("condition", f"{obs['uid']}/{cid}")
            out.append((url, self._condition(obs, obs_url, cid, name)))
        return out

    def _condition(
        self, obs: Mapping[str, Any], obs_url: str, cid: str, name: str
    ) -> dict[str, Any]:
        return {
            "resourceType": "Condition",
            "id": f"check-{obs['id']}-{cid.replace('_', '-')}"[:64],
            "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
            "verificationStatus": {
                "coding": [{"system": CONDITION_VERIFICATION, "code": "provisional"}]
            },
            "code": {"coding": self.m.coded("conditions", "condition", cid, name), "text": name},
            "bodySite": [self._site(obs["region"], "check", obs.get("spot"))],
            "subject": self._subject(),
            "recordedDate": obs["at"],
            "evidence": [{"detail": [{"reference": obs_url}]}],
            "note": [{"text": NOT_A_DIAGNOSIS}],
        }
