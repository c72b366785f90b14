"""Photo routes: add a photo to a stored check (multipart), show one, delete one.

Included in the personal API router (``routes.py``), so a program's clients have the same
routes under ``/api/v1/clients/{client_id}/`` (audited as ``photo.add``, ``photo.view``, ...).
The image is cleaned by the service before anything is kept; bad files answer 413 or 422.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.datastructures import UploadFile

from sitecare.domain.errors import InvalidInput, TooLarge
from sitecare.domain.inputs import MAX_ID
from sitecare.domain.messages import Msg
from sitecare.services.photos import MAX_PHOTO_BYTES
from sitecare.web.api.measurements import MeasurementOut
from sitecare.web.api.problems import COMMON, Problem
from sitecare.web.deps import ServicesDep, now

#: its routes join the personal API router (``routes.py``), with the same prefix and answers
router = APIRouter(prefix="/api/v1", tags=["sitecare"], responses=COMMON)

CheckId = Annotated[int, Path(ge=1, le=MAX_ID, description="The check's id")]
PhotoId = Annotated[int, Path(ge=1, le=MAX_ID, description="The photo's id")]
#: the whole multipart body may be this much larger than the photo (field names, boundary)
_FORM_SLACK = 64 * 1024
MAX_MB = MAX_PHOTO_BYTES // (1024 * 1024)

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": f"A JPEG, PNG, WebP or HEIC photo, up to {MAX_MB} MB",
                        }
                    },
                }
            }
        },
    }
}


class PhotoOut(BaseModel):
    id: int
    uid: str
    check_id: int
    region: str | None
    check_at: datetime
    media_type: str
    width: int
    height: int
    bytes: int
    mm_per_px: float | None
    added_at: datetime
    measurement: MeasurementOut | None = None


async def read_upload(request: Request, field: str = "file") -> bytes:
    """The one file of a multipart form, refused in plain words before it is parsed when the
    body is too large (or its length is not given)."""
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise InvalidInput(Msg("Send the photo as a form upload with its length."), field=field)
    if int(length) > MAX_PHOTO_BYTES + _FORM_SLACK:
        raise TooLarge(Msg("That photo is larger than %(mb)s MB.", mb=MAX_MB), field=field)
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput(
            Msg("Send the photo as multipart/form-data, in a field 'file'."), field=field
        )
    try:
        form = await request.form(max_files=2, max_fields=10)
    except Exception:  # a body the multipart parser refuses
        raise InvalidInput(Msg("The upload cannot be read as a form."), field=field) from None
    try:
        upload = form.get(field)
        if not isinstance(upload, UploadFile):
            raise InvalidInput(
                Msg("Choose a photo to send (the form field '%(field)s').", field=field),
                field=field,
            )
        return await upload.read(MAX_PHOTO_BYTES + 1)
    finally:
        await form.close()  # the spooled upload is removed at once


def _answer(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


@router.post(
    "/checks/{check_id}/photos",
    status_code=status.HTTP_201_CREATED,
    response_model=PhotoOut,
    summary="Add a photo to a stored check (every kind of metadata is removed first)",
    openapi_extra=UPLOAD_BODY,
    responses={
        201: {"description": "The photo, stored without metadata (its facts, not its bytes)"},
        404: _answer("No such check"),
        413: _answer(f"The file is over {MAX_MB} MB, or the picture has too many pixels"),
        422: _answer("Not a JPEG, PNG, WebP or HEIC photo, or a damaged one"),
    },
)
async def add_photo(check_id: CheckId, request: Request, sc: ServicesDep) -> dict[str, Any]:
    data = await read_upload(request)
    photo = await run_in_threadpool(lambda: sc.photos.add(check_id, data, now=now()))
    return photo.to_dict()


@router.get(
    "/checks/{check_id}/photos",
    response_model=list[PhotoOut],
    summary="The photos of a stored check, oldest first",
    responses={404: _answer("No such check")},
)
def list_photos(check_id: CheckId, sc: ServicesDep) -> list[dict[str, Any]]:
    sc.triage.get_check(check_id, now=now())  # 404 for a check that is not there
    return [p.to_dict() for p in sc.photos.list_photos(now=now(), check_id=check_id)]


@router.get(
    "/photos/{photo_id}",
    summary="A photo's image (a JPEG without metadata)",
    response_class=Response,
    responses={
        200: {
            "description": "The image",
            "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        },
        404: _answer("No such photo"),
    },
)
def get_photo(photo_id: PhotoId, sc: ServicesDep) -> Response:
    photo, data = sc.photos.image(photo_id, now=now())
    return image_response(photo.media_type, data)


def image_response(media_type: str, data: bytes) -> Response:
    # kept out of shared caches, and shown as what it is
    return Response(
        data,
        media_type=media_type,
        headers={"Cache-Control": "private, no-store", "Content-Disposition": "inline"},
    )


@router.delete(
    "/photos/{photo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a photo for good (its file goes too)",
    responses={204: {"description": "Deleted"}, 404: _answer("No such photo")},
)
def delete_photo(photo_id: PhotoId, sc: ServicesDep) -> Response:
    sc.photos.delete(photo_id, now=now())
    return Response(status_code=status.HTTP_204_NO_CONTENT)
