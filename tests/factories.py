"""Small factories for tests: make_<thing>(**overrides)."""

import itertools

from django.db import transaction
from django.utils import timezone

from bureau.accounts.services import user_create
from bureau.roles import Role
from enterprises.models import Enterprise
from enterprises.services import enterprise_user_create
from enterprises.validators import credit_code_check_character
from grids.models import GridCell
from grids.services import grid_assign

_counter = itertools.count(1)


def make_cell(*, parent=None, level=None, code=None, name=None):
    n = next(_counter)
    if level is None:
        level = parent.level + 1 if parent else 1
    code = code or (f"{parent.code}{n:03d}" if parent else f"T{n:05d}")
    cell = GridCell(code=code, name=name or f"网格{n}", level=level, parent=parent)
    cell.full_clean()
    cell.save()
    return cell


def make_credit_code(n=None):
    n = next(_counter) if n is None else n
    first17 = f"9133038100{n:07d}"
    return first17 + credit_code_check_character(first17)


def make_enterprise(*, grid_cell, name=None, **fields):
    n = next(_counter)
    return Enterprise.objects.create(
        name=name or f"测试企业{n}", credit_code=make_credit_code(n), grid_cell=grid_cell, **fields
    )


def make_user(role, *, username=None, password="Test-pass-2026", **links):
    username = username or f"{role}{next(_counter)}"
    if role == Role.ENTERPRISE:
        enterprise = links.pop("enterprise", None)
        return enterprise_user_create(
            username=username, password=password, enterprise=enterprise, check_password=False, **links
        )
    if role == Role.GRID_OFFICER and "grid_cell" in links:
        # A grid officer's cell is its current GridAssignment (责任人 from today).
        cell = links.pop("grid_cell")
        with transaction.atomic():
            user = user_create(username=username, password=password, role=role, check_password=False, **links)
            grid_assign(cell=cell, user=user, capacity="responsible", start_date=timezone.localdate(), actor=None)
        return user
    return user_create(username=username, password=password, role=role, check_password=False, **links)


def make_hazard(*, enterprise, reported_by, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from hazards.models import Hazard

    today = timezone.localdate()
    values = {
        "found_on": today - timedelta(days=5),
        "location": "喷涂车间",
        "description": "通风设施损坏",
        "category": "site",
        "subcategory": "equipment",
        "level": "general",
        "rectification_deadline": today + timedelta(days=10),
        "responsible_person": "王建国",
        "reported_by": reported_by,
        **fields,
    }
    return Hazard.objects.create(enterprise=enterprise, **values)


def make_image(name="photo.jpg", image_format="JPEG", size=(64, 48)):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, image_format)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png"}.get(image_format, "application/octet-stream")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
