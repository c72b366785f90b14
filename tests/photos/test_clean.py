"""Every photo is drawn again from its pixels: no EXIF, GPS, XMP, IPTC, comment or profile."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from tests.photos.helpers import (
    TRACES,
    camera_exif,
    encoded,
    heic_from_camera,
    jpeg_from_camera,
    picture,
)

from sitecare.domain.errors import InvalidInput, TooLarge
from sitecare.photos.clean import MAX_EDGE, MAX_PHOTO_BYTES, clean, is_clean


def _no_metadata(data: bytes) -> None:
    im = Image.open(io.BytesIO(data))
    assert im.format == "JPEG"
    assert dict(im.getexif()) == {}
    assert set(im.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi"}
    assert [name for name, _ in im.applist] == ["APP0"]  # the JFIF header, nothing else
    for marker in (b"Exif\0", b"http://ns.adobe.com/xap", b"Photoshop 3.0", b"ICC_PROFILE"):
        assert marker not in data
    for trace in TRACES:
        assert trace not in data


def _upright(data: bytes) -> None:
    """The camera held it turned (orientation 6): stored upright, red on top, blue below."""
    im = Image.open(io.BytesIO(data)).convert("RGB")
    assert im.size == (40, 64)
    red, blue = im.getpixel((20, 5)), im.getpixel((20, 58))
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 150 > red[2] and blue[2] > 150 > blue[0]


@pytest.mark.parametrize("make", [jpeg_from_camera, heic_from_camera], ids=["jpeg", "heic"])
def test_a_camera_photo_keeps_its_pixels_and_nothing_else(make: object) -> None:
    original = make(6)  # type: ignore[operator]
    assert all(t in original for t in TRACES)  # the test photo does carry them
    photo = clean(original)
    _no_metadata(photo.data)
    _upright(photo.data)
    assert (photo.width, photo.height) == (40, 64)


@pytest.mark.parametrize(
    ("fmt", "mode", "kw"),
    [
        ("PNG", "RGBA", {}),
        ("PNG", "P", {}),
        ("PNG", "L", {}),
        ("WEBP", "RGB", {"exif": camera_exif(3)}),
        ("WEBP", "RGB", {"exif": b"Exif\0\0MM\0*\0\0\0\x08\0\0"}),  # damaged EXIF
        ("JPEG", "CMYK", {}),
        ("PNG", "RGB", {"icc_profile": b"not a real profile"}),
    ],
)
def test_png_webp_and_odd_modes_come_out_as_plain_jpeg(fmt: str, mode: str, kw: dict) -> None:
    photo = clean(encoded(fmt, mode, **kw))
    _no_metadata(photo.data)


def test_a_colour_profile_is_applied_and_left_behind() -> None:
    from PIL import ImageCms

    for name in ("sRGB", "XYZ"):
        buf = io.BytesIO()
        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile(name)).tobytes()
        picture().save(buf, "JPEG", icc_profile=profile)
        assert b"ICC_PROFILE" in buf.getvalue()
        _no_metadata(clean(buf.getvalue()).data)


def test_a_big_photo_is_stored_smaller() -> None:
    photo = clean(encoded_size(4000, 3000))
    assert max(photo.width, photo.height) == MAX_EDGE


def encoded_size(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    picture(width, height).save(buf, "JPEG", quality=50)
    return buf.getvalue()


def test_a_cleaned_photo_is_kept_as_it_is_and_a_camera_one_is_not() -> None:
    photo = clean(jpeg_from_camera())
    again = is_clean(photo.data)
    assert again is not None and again.data == photo.data
    assert is_clean(jpeg_from_camera()) is None
    assert is_clean(encoded("PNG")) is None


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge picture (a decompression bomb): tiny on the wire."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


BAD = {
    "not an image": (b"%PDF-1.4 this is a document, not a photo", InvalidInput, "not a photo"),
    "empty": (b"", InvalidInput, "empty"),
    "truncated": (None, InvalidInput, "cut short"),
    "bomb": (_png_header_only(30_000, 30_000), TooLarge, "too large to open safely"),
    "huge bomb": (_png_header_only(200_000, 200_000), TooLarge, "too large to open safely"),
    "too many bytes": (b"\xff\xd8" + b"\0" * (MAX_PHOTO_BYTES + 1), TooLarge, "larger than 20 MB"),
    "gif": (None, InvalidInput, "not a photo"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_files_are_refused_in_plain_words(name: str) -> None:
    data, kind, words = BAD[name]
    if name == "truncated":
        full = encoded_size(800, 600)
        data = full[: len(full) // 2]
    elif name == "gif":
        data = encoded("GIF")
    assert data is not None
    with pytest.raises(kind) as caught:
        clean(data)
    assert words in caught.value.message
    assert caught.value.field == "file"


def test_a_cut_short_photo_is_refused_after_weasyprint_loaded() -> None:
    """WeasyPrint (the clinic report) turns on Pillow's process-wide "load truncated images";
    a photo that arrives cut short must still be refused, whatever ran in the process before."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint's import leaves it
    full = encoded_size(800, 600)
    with pytest.raises(InvalidInput) as caught:
        clean(full[: len(full) // 2])
    assert "cut short" in caught.value.message
