"""Photos made with Pillow that carry what a phone camera writes: GPS, a camera make, dates."""

from __future__ import annotations

import io

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base

MAKE = "AcmeCam Sitecheck 9000"
MODEL = "ZQ-Model-4417"
SOFTWARE = "LensFirmware-88.1"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
    b'xmp:CreatorTool="XmpSecretTool"/></rdf:RDF></x:xmpmeta>'
)
#: what must never be found in a stored photo
TRACES = [MAKE.encode(), MODEL.encode(), SOFTWARE.encode(), b"XmpSecretTool", b"2026:11:30"]


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = MAKE
    exif[Base.Model] = MODEL
    exif[Base.Software] = SOFTWARE
    exif[Base.DateTime] = "2026:11:30 08:15:00"
    exif[Base.Orientation] = orientation
    exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = "2026:11:30 08:15:00"
    exif.get_ifd(IFD.Exif)[Base.MakerNote] = b"MAKERNOTE-" + MAKE.encode()
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[GPS.GPSLongitudeRef] = "W"
    gps[GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return exif


def picture(width: int = 64, height: int = 40) -> Image.Image:
    """A left half red, right half blue: orientation can be told from the pixels."""
    im = Image.new("RGB", (width, height), (200, 30, 30))
    im.paste((30, 30, 200), (width // 2, 0, width, height))
    return im


def jpeg_from_camera(orientation: int = 1, width: int = 64, height: int = 40) -> bytes:
    buf = io.BytesIO()
    picture(width, height).save(
        buf, "JPEG", exif=camera_exif(orientation), xmp=XMP, comment=b"COMMENT " + MAKE.encode()
    )
    return buf.getvalue()


def heic_from_camera(orientation: int = 1) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    picture().save(buf, "HEIF", exif=camera_exif(orientation).tobytes(), xmp=XMP, quality=90)
    return buf.getvalue()


def encoded(fmt: str, mode: str = "RGB", **kw: object) -> bytes:
    buf = io.BytesIO()
    picture().convert(mode).save(buf, fmt, **kw)
    return buf.getvalue()
