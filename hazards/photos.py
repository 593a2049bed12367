"""Checking uploaded photos by their content, not their name."""

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 9
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def check_photo(upload):
    """Return the content type of a real image within the size cap, or raise ValidationError in Chinese."""
    name = getattr(upload, "name", "照片")
    if upload.size > MAX_BYTES:
        raise ValidationError(f"“{name}”超过 10 MB，请压缩后再上传。", code="too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(f"“{name}”不是有效的图片文件（支持 JPEG、PNG、WEBP、GIF）。", code="not_image") from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            f"“{name}”的图片格式 {image_format} 不受支持（支持 JPEG、PNG、WEBP、GIF）。", code="format"
        )
    return FORMATS[image_format]


def check_photos(uploads):
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(f"一次最多上传 {MAX_PHOTOS} 张照片。")
    return [(upload, check_photo(upload)) for upload in uploads]
