"""The zip export: the JSON document in ``sitecare-export.json``, each photo in a file of its
own (``photos/<uid>.jpg``, the very bytes stored), named in the document by ``"file"`` instead
of ``"data"``. Reading one puts each photo back as base64, so the JSON import checks it.

A zip is read with limits (entries, sizes as declared and as read), so a zip bomb is refused.
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import datetime
from typing import Any

from sitecare.domain.errors import ImportFileError
from sitecare.domain.messages import Msg
from sitecare.services.photos import MAX_PHOTO_BYTES

__all__ = ["DOCUMENT", "export_zip", "is_zip", "read_export", "read_zip"]

DOCUMENT = "sitecare-export.json"
MAX_ENTRIES = 20_000
MAX_DOCUMENT = 512 * 1024 * 1024


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def export_zip(doc: dict[str, Any], *, now: datetime) -> bytes:
    """The export document and its photos as one zip file."""
    buf = io.BytesIO()
    stamp = now.timetuple()[:6]
    with zipfile.ZipFile(buf, "w") as zf:
        for photo in doc.get("photos", []):
            name = f"photos/{photo['uid']}.jpg"
            data = base64.b64decode(photo.pop("data"))
            photo["file"] = name
            zf.writestr(zipfile.ZipInfo(name, stamp), data, compress_type=zipfile.ZIP_STORED)
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        info = zipfile.ZipInfo(DOCUMENT, stamp)
        zf.writestr(info, text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _read(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise ImportFileError(Msg("The zip file has no %(name)s.", name=name)) from None
    if info.file_size > limit:
        raise ImportFileError(Msg("%(name)s in the zip file is too large.", name=name))
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(Msg("%(name)s in the zip file is too large.", name=name))
    return data


def read_zip(data: bytes) -> str:
    """The JSON text of a zip export, each photo's file put back in as base64."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if len(zf.infolist()) > MAX_ENTRIES:
                raise ImportFileError(
                    Msg("The zip file holds too many files to be a sitecare export.")
                )
            doc = json.loads(_read(zf, DOCUMENT, MAX_DOCUMENT))
            photos = doc.get("photos", []) if isinstance(doc, dict) else []
            for photo in photos if isinstance(photos, list) else []:
                if isinstance(photo, dict) and isinstance(photo.get("file"), str):
                    image = _read(zf, photo.pop("file"), MAX_PHOTO_BYTES)
                    photo["data"] = base64.b64encode(image).decode("ascii")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise ImportFileError(Msg("The zip file is damaged.")) from None
    except (ValueError, RecursionError):
        said = Msg("%(name)s in the zip file is not valid JSON.", name=DOCUMENT)
        raise ImportFileError(said) from None
    return json.dumps(doc)


def read_export(data: bytes) -> str:
    """The text of an export file: JSON or CSV (or another format's text) as it is, a zip
    export as its JSON with the photos put back in."""
    if is_zip(data):
        return read_zip(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportFileError(
            Msg("This is not a sitecare export (expected JSON, CSV or a zip file).")
        ) from None
