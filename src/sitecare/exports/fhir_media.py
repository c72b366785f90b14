"""Photos as FHIR R4B ``Media`` (``--with-photos``), and back.

One Media per photo: ``content`` holds the JPEG (contentType image/jpeg, base64 data, the very
bytes stored), ``partOf`` names the check's Observation (whose ``derivedFrom`` names the Media
in turn), ``bodySite`` is the check's site, and a measured photo keeps its scale (mm per pixel)
in an extension. Read back, each Media becomes a photo of sitecare's export document, which
the import checks and cleans like any photo (so nothing from elsewhere brings metadata in).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitecare.domain.messages import Msg
from sitecare.exports.mapping import Mapping_
from sitecare.exports.validate import refuse

MEDIA_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/media-type"
JPEG = "image/jpeg"


def media(
    m: Mapping_,
    photo: Mapping[str, Any],
    obs_url: str,
    subject: dict[str, str],
    body_site: dict[str, Any] | None,
) -> dict[str, Any]:
    """One photo (an export document's photo, its image as base64) as a Media resource."""
    resource: dict[str, Any] = {
        "resourceType": "Media",
        "id": f"photo-{photo['id']}",
        "identifier": [{"system": m.system("photo_uid"), "value": photo["uid"]}],
        "partOf": [{"reference": obs_url}],
        "status": "completed",
        "type": {"coding": [{"system": MEDIA_TYPE_SYSTEM, "code": "image", "display": "Image"}]},
        "subject": subject,
        "createdDateTime": photo["added_at"],
        "content": {"contentType": photo.get("media_type") or JPEG, "data": photo["data"]},
    }
    if body_site is not None:
        resource["bodySite"] = body_site
    if photo.get("mm_per_px"):
        resource["extension"] = [
            {"url": m.extension("mm_per_px"), "valueDecimal": photo["mm_per_px"]}
        ]
    return resource


def _uid(m: Mapping_, r: Mapping[str, Any]) -> str | None:
    for ident in r.get("identifier") or []:
        if ident.get("system") == m.system("photo_uid") and ident.get("value"):
            return str(ident["value"])
    return None


def _scale(m: Mapping_, r: Mapping[str, Any]) -> float | None:
    for ext in r.get("extension") or []:
        if ext.get("url") == m.extension("mm_per_px") and ext.get("valueDecimal") is not None:
            return float(ext["valueDecimal"])
    return None


def check_of(
    r: Mapping[str, Any], url: str, checks: Mapping[str, str], derived: Mapping[str, str]
) -> str | None:
    """The uid of the check a Media (at ``url``) belongs to: its ``partOf``, else an
    Observation's ``derivedFrom`` naming it (``checks``: Observation URL -> check uid,
    ``derived``: Media URL -> check uid)."""
    for ref in r.get("partOf") or []:
        if ref.get("reference") in checks:
            return checks[ref["reference"]]
    return derived.get(url)


def photo(
    m: Mapping_, r: Mapping[str, Any], where: str, check_uid: str, fallback_uid: str
) -> dict[str, Any]:
    """A Media as a photo of the export document (the import checks the image itself)."""
    content = r.get("content") or {}
    if content.get("contentType") != JPEG:
        raise refuse(f"{where}.content.contentType", Msg("sitecare keeps JPEG photos only"))
    if not content.get("data"):
        raise refuse(f"{where}.content.data", Msg("no image data (a link is not enough)"))
    added = r.get("createdDateTime") or r.get("issued")
    if not isinstance(added, str) or "T" not in added:
        raise refuse(f"{where}.createdDateTime", Msg("needs a date, a time and a zone"))
    return {
        "id": _own_id(r),
        "uid": _uid(m, r) or fallback_uid,
        "check_uid": check_uid,
        "added_at": added,
        "media_type": JPEG,
        "mm_per_px": _scale(m, r),
        "data": content["data"],
    }


def _own_id(r: Mapping[str, Any]) -> int | None:
    text = str(r.get("id") or "")
    head, _, number = text.partition("-")
    if head == "photo" and number.isdigit() and len(number) <= 12:
        return int(number)
    return None
