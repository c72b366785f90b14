"""Reading files from other tools safely, and checking Bundles with ``fhir.resources`` (R4B).

Every problem is an :class:`ImportFileError` that names the element (FHIR path style:
``Bundle.entry[2].resource.dosage.site``) and says that nothing was changed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from sitecare.domain.errors import ImportFileError
from sitecare.domain.field_errors import field_problem
from sitecare.domain.json_errors import damaged_json
from sitecare.domain.messages import N_, Msg, word
from sitecare.domain.transfer import nested_deeper

#: a file larger than this is refused before it is parsed (a year of 10 injections a day as
#: FHIR is about 15 MB)
MAX_BYTES = 64 * 1024 * 1024
#: deeper than any Bundle or treatments file sitecare reads
MAX_DEPTH = 48
UNCHANGED = N_("Nothing was changed.")


def path(loc: Sequence[Any], root: str = "Bundle") -> str:
    """``('entry', 0, 'resource', 'status')`` -> ``Bundle.entry[0].resource.status``."""
    text = root
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def unchanged(problem: str) -> Msg:
    """``problem`` and then "Nothing was changed.", said in the person's language."""
    return Msg("%(problem)s Nothing was changed.", problem=problem)


def refuse(where: str, problem: str) -> ImportFileError:
    return ImportFileError(
        Msg("%(where)s: %(problem)s. Nothing was changed.", where=where, problem=problem)
    )


#: what a file from another tool is, in words (``load_json``'s ``what``)
FILE_KINDS = {
    "Nightscout treatments": N_("Nightscout treatments"),
    "FHIR Bundle": N_("FHIR Bundle"),
}


def load_json(text: str, *, what: str) -> Any:
    """Parse a JSON file from another tool, refusing huge, deep or damaged ones plainly."""
    kind = word(FILE_KINDS.get(what, what))
    if len(text) > MAX_BYTES:
        raise ImportFileError(
            unchanged(
                Msg(
                    "The %(what)s file is larger than %(mb)s MB; split it or export a shorter "
                    "period.",
                    what=kind,
                    mb=MAX_BYTES // (1024 * 1024),
                )
            )
        )
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise ImportFileError(unchanged(Msg("The file is empty.")))
    try:
        raw = json.loads(stripped)
    except json.JSONDecodeError as exc:
        said = damaged_json(exc)
        raise ImportFileError(unchanged(said)) from None
    except RecursionError:
        raise ImportFileError(unchanged(Msg("The file is nested too deeply."))) from None
    if nested_deeper(raw, MAX_DEPTH):
        said = Msg("The file is nested too deeply to be a %(what)s file.", what=kind)
        raise ImportFileError(unchanged(said))
    return raw


def validate_bundle(raw: dict[str, Any]) -> None:
    """Check a Bundle's structure, types and required elements with the R4B models."""
    from fhir.resources.R4B.bundle import Bundle  # a large import: only when needed

    try:
        Bundle.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        problem = field_problem(first["type"], first.get("msg", "invalid value"), first.get("ctx"))
        raise refuse(path(first.get("loc", ())), problem) from None
    except KeyError as exc:  # fhir.resources' answer to an unknown resourceType
        where = _unknown_type_entry(raw)
        said = Msg("unknown resource type %(name)s", name=repr(str(exc)))
        raise refuse(where, said) from None


def _unknown_type_entry(raw: dict[str, Any]) -> str:
    from fhir.resources.R4B import get_fhir_model_class

    for n, entry in enumerate(raw.get("entry") or []):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict):
            try:
                get_fhir_model_class(str(resource.get("resourceType")))
            except (KeyError, ValueError):
                return path(("entry", n, "resource", "resourceType"))
    return "Bundle"


def number_records(records: list[dict[str, Any]]) -> None:
    """Records from elsewhere get ids after the file's own (the import keeps free ids)."""
    top = max((r["id"] for r in records if r["id"] is not None), default=0)
    for r in records:
        if r["id"] is None:
            top += 1
            r["id"] = top
