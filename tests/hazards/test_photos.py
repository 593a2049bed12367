import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from hazards.models import Hazard, HazardPhoto
from hazards.photos import check_photo
from hazards.services import hazard_report
from tests.factories import make_hazard, make_image
from tests.photo_files import assert_clean_image, huge_png, jpeg_with_location


def report_data(**overrides):
    return {
        "found_on": "2026-01-05",
        "location": "打磨车间",
        "description": "除尘设施未开启",
        "category": "site",
        "subcategory": "equipment",
        "level": "general",
        "rectification_deadline": "2026-12-31",
        "responsible_person": "周晓东",
        "suspension": "none",
        **overrides,
    }


def test_a_real_image_is_stored_under_a_random_name_and_served_as_an_image(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = client.post(reverse("hazards:new"), report_data(photos=[make_image("我的照片.jpg")]))

    hazard = Hazard.objects.get()
    assert response.status_code == 302
    photo = hazard.photos.get()
    assert "我的照片" not in photo.image.name and photo.image.name.endswith(".jpg")
    served = client.get(reverse("hazards:photo", args=[photo.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"


def test_a_renamed_non_image_is_refused_and_nothing_is_saved(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    fake = SimpleUploadedFile("photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")

    response = client.post(reverse("hazards:new"), report_data(photos=[fake]))

    assert response.status_code == 200
    assert "不是有效的图片文件" in response.content.decode()
    assert not Hazard.objects.exists() and not HazardPhoto.objects.exists()


def test_an_oversized_file_is_refused(client, world, enterprise_user_x, settings):
    client.force_login(enterprise_user_x)
    big = SimpleUploadedFile("big.jpg", make_image().read() + b"\0" * (10 * 1024 * 1024), content_type="image/jpeg")

    response = client.post(reverse("hazards:new"), report_data(photos=[big]))

    assert "超过 10 MB" in response.content.decode()
    assert not Hazard.objects.exists()


def test_the_camera_opens_on_phones(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    body = client.get(reverse("hazards:new")).content.decode()

    assert 'accept="image/*"' in body and "capture=" in body and "multiple" in body


def test_another_enterprises_photo_is_a_404(client, world, staff, enterprise_user_y):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    photo = HazardPhoto(hazard=hazard, content_type="image/png", size=10, uploaded_by=staff)
    photo.image.save("x.png", make_image(image_format="PNG"), save=False)
    photo.save()
    client.force_login(enterprise_user_y)

    assert client.get(reverse("hazards:photo", args=[photo.pk])).status_code == 404


# Images at most 40 megapixels, re-encoded without EXIF (issue 16, item 4) -----------------------------------------


def unsaved_hazard(world):
    today = timezone.localdate()
    return Hazard(
        enterprise=world.enterprise_x,
        found_on=today - timedelta(days=1),
        location="打磨车间",
        description="除尘设施未开启",
        category="site",
        subcategory="equipment",
        level="general",
        rectification_deadline=today + timedelta(days=10),
        responsible_person="周晓东",
    )


def stored_files(settings):
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_tiny_png_of_144_megapixels_is_refused_and_nothing_is_stored(client, world, enterprise_user_x, settings):
    client.force_login(enterprise_user_x)

    response = client.post(reverse("hazards:new"), report_data(photos=[huge_png()]))

    assert response.status_code == 200
    assert "超过 4000 万像素" in response.content.decode()
    assert not Hazard.objects.exists() and not HazardPhoto.objects.exists()
    assert stored_files(settings) == []


def test_the_service_refuses_it_too(world, enterprise_user_x, settings):
    hazard = unsaved_hazard(world)

    with pytest.raises(ValidationError, match="超过 4000 万像素"):
        hazard_report(hazard=hazard, actor=enterprise_user_x, photos=[make_image(), huge_png()])

    assert not Hazard.objects.exists() and stored_files(settings) == []


def test_the_limit_is_40_megapixels():
    assert check_photo(huge_png(size=(8000, 5000))) == "image/png"
    with pytest.raises(ValidationError, match="8000×5001"):
        check_photo(huge_png(size=(8000, 5001)))


def test_the_location_is_removed_and_the_photo_turned_upright(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    upload = jpeg_with_location(size=(64, 48))
    assert Image.open(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload does say where it was taken
    upload.seek(0)

    client.post(reverse("hazards:new"), report_data(photos=[upload]))

    photo = Hazard.objects.get().photos.get()
    with photo.image.open("rb") as stored:
        assert_clean_image(stored, size=(48, 64))
    assert photo.size == photo.image.size and photo.content_type == "image/jpeg"
    served = client.get(reverse("hazards:photo", args=[photo.pk]))
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).format == "JPEG"


@pytest.mark.parametrize(("image_format", "stored_as"), [("PNG", "PNG"), ("GIF", "PNG"), ("WEBP", "WEBP")])
def test_other_formats_are_re_encoded_too(world, enterprise_user_x, image_format, stored_as):
    hazard = unsaved_hazard(world)

    hazard_report(hazard=hazard, actor=enterprise_user_x, photos=[make_image("p.img", image_format=image_format)])

    photo = hazard.photos.get()
    with photo.image.open("rb") as stored, Image.open(stored) as image:
        image.load()
        assert image.format == stored_as and image.size == (64, 48)
    assert photo.image.name.endswith("." + photo.extension)
