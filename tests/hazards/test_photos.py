from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hazards.models import Hazard, HazardPhoto
from tests.factories import make_hazard, make_image


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
