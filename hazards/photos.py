"""Checking uploaded photos by their content, not their name, and storing a clean copy of each.

A photo is refused before it is decoded when its file is over 10 MB or its header announces more than 40
megapixels (a 17 KB PNG can announce 12000×12000 and take gigabytes once decoded). An accepted photo is decoded
once, turned upright by its EXIF orientation and encoded again: what is stored carries no EXIF, so no GPS
position, camera serial or comment leaves the enterprise through a hazard's photo.
"""

import io
import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_PHOTOS = 9
# MPO is how Pillow names the JPEG of many phone cameras (a JPEG with a second, preview picture).
FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# What each accepted format is stored as: a GIF becomes a PNG of its first frame.
STORED_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Pillow's own guard against decompression bombs, for every image this process opens: at our limit it warns, at
# twice the limit it refuses to open. check_photo refuses anything above the limit itself, with a Chinese message.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

_NOT_AN_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: re-encoded without EXIF, with the content type of what it now is."""

    file: ContentFile
    content_type: str


def _not_image(name):
    return ValidationError(f"“{name}”不是有效的图片文件（支持 JPEG、PNG、WEBP、GIF）。", code="not_image")


def _too_many_pixels(name, size=None):
    shown = f"（{size[0]}×{size[1]} 像素）" if size else ""
    return ValidationError(
        f"“{name}”的像素过多{shown}，超过 4000 万像素的上限，请缩小后再上传。", code="too_many_pixels"
    )


def check_photo(upload):
    """Return the content type of a real image within the size caps, or raise ValidationError in Chinese.

    Reads the header and checks the file's structure; does not decode the pixels."""
    name = getattr(upload, "name", "照片")
    if upload.size > MAX_BYTES:
        raise ValidationError(f"“{name}”超过 10 MB，请压缩后再上传。", code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format, size = image.format, image.size
            if size[0] * size[1] > MAX_PIXELS:
                raise _too_many_pixels(name, size)
            image.verify()
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except _NOT_AN_IMAGE:
        raise _not_image(name) from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            f"“{name}”的图片格式 {image_format} 不受支持（支持 JPEG、PNG、WEBP、GIF）。", code="format"
        )
    return FORMATS[image_format]


def _png_transparency(image):
    """The transparency a PNG of this mode can carry (an index or a grey level, or a colour for RGB), if any."""
    value = image.info.get("transparency")
    if isinstance(value, int) and image.mode in ("P", "1", "L", "I", "I;16"):
        return {"transparency": value}
    if isinstance(value, tuple) and image.mode == "RGB":
        return {"transparency": value}
    return {}


def _upright(image):
    try:
        return ImageOps.exif_transpose(image)
    except (*_NOT_AN_IMAGE, struct.error, KeyError, TypeError):
        # An EXIF block Pillow cannot read: the pixels are fine, only their orientation is unknown.
        return image.copy()


def _reencoded(image, stored_as):
    upright = _upright(image)
    # Only what the picture needs to look right; EXIF, XMP, comments and text chunks stay behind.
    options = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if stored_as == "PNG":
        options.update(_png_transparency(image))
    else:
        options["quality"] = 90
    upright.info = {}
    if stored_as == "JPEG" and upright.mode not in ("L", "RGB", "CMYK"):
        upright = upright.convert("RGB")
    if stored_as == "WEBP" and upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA")
    buffer = io.BytesIO()
    upright.save(buffer, stored_as, **options)
    return buffer.getvalue()


def clean_photo(upload):
    """Check a photo (check_photo) and return it re-encoded, upright and without EXIF, as a CleanPhoto."""
    check_photo(upload)
    name = getattr(upload, "name", "照片")
    try:
        with Image.open(upload) as image:
            stored_as = STORED_AS[image.format]
            image.load()
            data = _reencoded(image, stored_as)
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except _NOT_AN_IMAGE:
        raise _not_image(name) from None
    finally:
        upload.seek(0)
    return CleanPhoto(ContentFile(data, name=f"photo.{EXTENSIONS[stored_as]}"), CONTENT_TYPES[stored_as])


def check_photos(uploads):
    """Check a form's photos without decoding them: their number, then each one (check_photo)."""
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(f"一次最多上传 {MAX_PHOTOS} 张照片。")
    return [(upload, check_photo(upload)) for upload in uploads]


def clean_photos(uploads):
    """The photos a service stores: their number checked, each one checked and re-encoded (clean_photo)."""
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(f"一次最多上传 {MAX_PHOTOS} 张照片。")
    return [clean_photo(upload) for upload in uploads]
