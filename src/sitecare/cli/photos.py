"""``sitecare photos``: list the photos of your checks, save one to a file, delete one.

Photos are added with ``sitecare check ... --photo FILE``; every photo is stored without any
metadata (no place, camera or date), drawn again from its pixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from sitecare.cli.common import (
    DatabaseUrl,
    JsonFlag,
    err,
    fmt_time,
    handle_errors,
    now,
    out,
    print_json,
    services,
)
from sitecare.cli.helptext import Typer
from sitecare.cli.words import N_, _
from sitecare.domain.errors import InvalidInput

app = Typer(
    name="photos",
    help="The photos of your checks: list them, save one to a file, delete one. "
    "Add photos with: sitecare check --region REGION --photo FILE",
    rich_markup_mode=None,
    invoke_without_command=True,
)

PhotoId = Annotated[int, typer.Argument(help="The photo's id (see 'sitecare photos').")]
#: ``sitecare check --photo FILE`` (may be given again)
PhotoFiles = Annotated[
    list[Path] | None,
    typer.Option(
        "--photo",
        help="A photo of the site (JPEG, PNG, WebP or HEIC), kept with the check without any "
        "metadata. Give it again for more photos. Needs --region.",
    ),
]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="photos")


def read_photo(path: Path, limit: int) -> bytes:
    """A photo file's bytes (a file over ``limit`` is not read whole)."""
    try:
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError:
        raise InvalidInput(
            _("There is no file %(file)s.") % {"file": path}, field="photo"
        ) from None
    except OSError as exc:
        said = _("Cannot read %(file)s: %(why)s.") % {"file": path, "why": exc.strerror}
        raise InvalidInput(said, field="photo") from None


def prepare_photos(sc: Any, paths: list[Path]) -> list[Any]:
    """Every --photo file read and cleaned (a bad one is refused naming the file)."""
    from sitecare.services.photos import MAX_PHOTO_BYTES

    prepared = []
    for path in paths:
        try:
            prepared.append(sc.photos.prepare(read_photo(path, MAX_PHOTO_BYTES)))
        except InvalidInput as exc:
            raise type(exc)(f"{path}: {_(exc.message)}", field="photo", hint=exc.hint) from None
    return prepared


def keep_photos(sc: Any, stored: Any, prepared: list[Any], *, now: Any) -> list[dict[str, Any]]:
    """Keep the prepared photos with the stored check (refused when it was not stored)."""
    if prepared and stored is None:
        raise InvalidInput(_("--photo needs --region: which site does it show?"), field="photo")
    return [sc.photos.keep(stored.id, p, now=now).to_dict() for p in prepared]


@app.callback()
@handle_errors
def photos(
    ctx: typer.Context,
    check: Annotated[int | None, typer.Option(help="Only the photos of this check.")] = None,
    region: Annotated[str | None, typer.Option(help="Only the photos of this site.")] = None,
    database_url: DatabaseUrl = None,
    json_: JsonFlag = False,
) -> None:
    """List your photos (oldest first). Subcommands: save, delete."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = database_url
        return
    current = now()
    with services(database_url) as sc:
        if region is not None:
            region = sc.atlas.region(region).id
        if check is not None:
            sc.triage.get_check(check, now=current)
        found = sc.photos.list_photos(now=current, check_id=check, region=region)
        labels = {r.id: r.label for r in sc.atlas.regions}
    if json_:
        print_json([p.to_dict() for p in found])
        return
    if not found:
        said = _("No photos yet. Add one with: %(command)s")
        out.print(said % {"command": "sitecare check --region REGION --photo FILE"})
        return
    for p in found:
        where = _(labels.get(p.region or "", N_("no site")))
        said = _("%(where)s, check %(check)s of %(when)s")
        said %= {"where": where, "check": p.check_id, "when": fmt_time(p.check_at)}
        size = f"{p.width} x {p.height} px, {p.size_bytes // 1024} KB"
        out.print(f"{p.id:>5}  {said}  {size}")


@app.command("save")
@handle_errors
def save(
    ctx: typer.Context,
    photo_id: PhotoId,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (a JPEG).")],
    database_url: DatabaseUrl = None,
) -> None:
    """Save a photo to a file (a JPEG without metadata)."""
    with services(database_url or ctx.obj) as sc:
        _photo, data = sc.photos.image(photo_id, now=now())
    if not output.parent.is_dir():
        said = _("The folder %(folder)s does not exist.") % {"folder": output.parent}
        raise InvalidInput(said, field="output")
    output.write_bytes(data)
    err.print(_("Saved photo %(id)s to %(file)s.") % {"id": photo_id, "file": output})


@app.command("delete")
@handle_errors
def delete(ctx: typer.Context, photo_id: PhotoId, database_url: DatabaseUrl = None) -> None:
    """Delete a photo for good (its file too)."""
    with services(database_url or ctx.obj) as sc:
        photo = sc.photos.delete(photo_id, now=now())
    out.print(
        _("Deleted photo %(id)s (of check %(check)s).") % {"id": photo.id, "check": photo.check_id}
    )
