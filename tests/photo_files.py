"""Photo files an attacker or a phone would upload: a tiny PNG of too many pixels, a JPEG that says where it was
taken. Shared by the hazard and the inspection tests."""

import functools
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (22.0, 32.0, 10.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (113.0, 55.0, 3.0),
}
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="22,32.17N"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


@functools.cache
def _huge_png_bytes(size):
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def huge_png(name="huge.png", size=(12000, 12000)):
    """144 megapixels of black in a few kilobytes: cheap to send, gigabytes once decoded as RGBA."""
    return SimpleUploadedFile(name, _huge_png_bytes(size), content_type="image/png")


def jpeg_with_location(name="现场.jpg", size=(64, 48)):
    """A phone's JPEG: EXIF with the GPS position, the camera and an orientation (rotate 90° to show), XMP too."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = GPS
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG", exif=exif, xmp=XMP, comment=b"secret")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def assert_clean_image(stored, size):
    """The stored file is a valid image of `size` (width, height) carrying no EXIF, XMP or comment."""
    with Image.open(stored) as image:
        image.load()
        assert image.size == size
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "comment"} & set(image.info)
