"""Every photo is drawn again from its pixels: orientation applied, every kind of metadata left
behind (EXIF with GPS, dates and maker notes, XMP, IPTC, comments, colour profiles other than
sRGB: a wide-gamut profile is converted to sRGB first).

JPEG, PNG, WebP and HEIC come in; a JPEG goes out (every browser shows it). A file is refused
with a plain message when it is not one of those pictures, when it is cut short, when it has
more bytes or pixels than sitecare takes, or when its header promises a picture so large that
decoding it would fill the memory (a decompression bomb): nothing is decoded then.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageFile, ImageOps

from sitecare.domain.errors import InvalidInput, TooLarge
from sitecare.domain.messages import Msg, number

__all__ = [
    "MAX_EDGE",
    "MAX_PHOTO_BYTES",
    "MAX_PIXELS",
    "MEDIA_TYPE",
    "CleanPhoto",
    "clean",
    "is_clean",
]

#: a file larger than this is refused before it is read (a phone photo is a few MB)
MAX_PHOTO_BYTES = 20 * 1024 * 1024
#: a picture with more pixels than this is refused before it is decoded (phones: 12-50 MP)
MAX_PIXELS = 50_000_000
#: the stored photo's longer side, at most (plenty to see a mark; keeps files small)
MAX_EDGE = 2560
MEDIA_TYPE = "image/jpeg"
QUALITY = 88
_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
_FIELD = "file"
NOT_A_PICTURE = Msg("That file is not a photo sitecare can read (use JPEG, PNG, WebP or HEIC).")


@dataclass(frozen=True)
class CleanPhoto:
    """A photo as sitecare stores it: JPEG bytes without metadata, and its size in pixels."""

    data: bytes
    width: int
    height: int
    media_type: str = MEDIA_TYPE


def _register_heif() -> None:
    import pillow_heif

    pillow_heif.register_heif_opener()


_register_heif()


def _too_large_bytes(size: int) -> TooLarge:
    said = Msg(
        "That photo is larger than %(most)s MB (%(size)s MB).",
        most=MAX_PHOTO_BYTES // (1024 * 1024),
        size=number(size / (1024 * 1024), ".1f"),
    )
    hint = Msg("Take it again at a lower resolution, or send a smaller copy.")
    return TooLarge(said, field=_FIELD, hint=hint)


def _bomb(width: int | None = None, height: int | None = None) -> TooLarge:
    most = MAX_PIXELS // 1_000_000
    if width and height:
        said = Msg(
            "That picture is too large to open safely (%(width)s x %(height)s pixels); "
            "sitecare takes up to %(most)s million pixels.",
            width=width,
            height=height,
            most=most,
        )
    else:
        said = Msg(
            "That picture is too large to open safely; sitecare takes up to %(most)s million "
            "pixels.",
            most=most,
        )
    hint = Msg("Send an ordinary phone photo, or a smaller copy.")
    return TooLarge(said, field=_FIELD, hint=hint)


def _open(data: bytes) -> Image.Image:
    """Read the header only (nothing is decoded yet); refuse what is not one of our formats."""
    if len(data) > MAX_PHOTO_BYTES:
        raise _too_large_bytes(len(data))
    if not data:
        raise InvalidInput(Msg("That file is empty."), field=_FIELD)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data), formats=_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb() from None
    except (OSError, ValueError, SyntaxError, EOFError):
        if _looks_like_a_photo(data):
            raise _damaged() from None
        raise InvalidInput(NOT_A_PICTURE, field=_FIELD) from None
    width, height = im.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise _bomb(width, height)
    return im


def _looks_like_a_photo(data: bytes) -> bool:
    """It starts as a JPEG, PNG, WebP or HEIC file does (so a failure means it is damaged)."""
    return (
        data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n"))
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or data[4:8] == b"ftyp"
    )


def _damaged() -> InvalidInput:
    return InvalidInput(
        Msg("That photo is damaged or cut short; sitecare cannot read it."),
        field=_FIELD,
        hint=Msg("Send it again (a transfer may have stopped half-way)."),
    )


def _decode(im: Image.Image) -> Image.Image:
    """The first frame's pixels, upright (a cut-short file is refused here)."""
    # Pillow's process-wide switch: WeasyPrint turns it on when it is imported (the clinic
    # report), and a cut-short file would then load as a half-grey picture
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # damaged EXIF: left behind anyway
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im.seek(0)
            im.load()
            upright = ImageOps.exif_transpose(im)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(*im.size) from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError):
        raise _damaged() from None
    return upright


def _srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """The pixels in sRGB: a colour profile is applied, then left behind."""
    rgb = _flatten(im)
    if not icc:
        return rgb
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(
            rgb, source, ImageCms.createProfile("sRGB"), outputMode=rgb.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return rgb  # a broken profile: the pixels as they are
    return converted if converted is not None else rgb


def _flatten(im: Image.Image) -> Image.Image:
    """RGB (or grey) pixels; transparency is put on white."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if im.mode == "L":
        return im
    return im.convert("RGB")


def _fresh(im: Image.Image) -> Image.Image:
    """A new image holding only the pixels (no info, no EXIF, nothing else carried along)."""
    if max(im.size) > MAX_EDGE:
        im = im.copy()
        im.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    out = Image.new(im.mode, im.size)
    out.paste(im)
    return out


def clean(data: bytes) -> CleanPhoto:
    """The photo drawn again from its pixels, upright, as a JPEG without any metadata."""
    im = _open(data)
    icc = im.info.get("icc_profile")
    pixels = _fresh(_srgb(_decode(im), icc if isinstance(icc, bytes) else None))
    buf = io.BytesIO()
    pixels.save(buf, "JPEG", quality=QUALITY, optimize=True)
    return CleanPhoto(buf.getvalue(), pixels.width, pixels.height)


def is_clean(data: bytes) -> CleanPhoto | None:
    """``data`` as it is, when it is a JPEG as :func:`clean` writes them (only the JFIF header,
    no other segment, no comment, within the limits); None when it must be cleaned again."""
    try:
        im = _open(data)
    except InvalidInput:
        return None
    segments = getattr(im, "applist", [])
    if im.format != "JPEG" or max(im.size) > MAX_EDGE or "comment" in im.info:
        return None
    if any(name != "APP0" or not body.startswith(b"JFIF\0") for name, body in segments):
        return None
    try:
        _decode(im)
    except InvalidInput:
        return None
    return CleanPhoto(data, im.width, im.height)
