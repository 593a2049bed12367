"""Staff correct a criterion item (its wording, source, whether it is checked, whether it is in use, to whom it
applies); every version is kept, and a hazard judged by it keeps pointing at it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enterprises.models import SpecialCategory
from hazards.criteria import criterion_edit
from hazards.criteria_models import MajorHazardCriterion

CODE = "gm2023-4-4"  # an industry item (metallurgy) whose wording is not confirmed


def _item(code=CODE):
    return MajorHazardCriterion.objects.get(code=code)


def _values(item, **changes):
    values = {
        "text": item.text,
        "source": item.source,
        "confirmed": item.confirmed,
        "active": item.active,
        "industries": list(item.industries),
        "categories": list(item.categories.all()),
    }
    return {**values, **changes}


def test_staff_confirm_an_item_and_its_first_wording_is_kept(db, staff):
    item = _item()
    old_text = item.text
    criterion_edit(criterion=item, actor=staff, **_values(item, text="修订后的条文", confirmed=True))

    item.refresh_from_db()
    assert (item.text, item.confirmed) == ("修订后的条文", True)
    texts = list(item.history.order_by("history_id").values_list("text", flat=True))
    assert texts == [old_text, "修订后的条文"]
    assert item.history.latest().history_user == staff


def test_the_same_values_again_save_nothing(db, staff):
    item = _item()
    criterion_edit(criterion=item, actor=staff, **_values(item))
    assert item.history.count() == 0


def test_an_inspector_may_not_edit(db, inspector):
    item = _item()
    with pytest.raises(PermissionDenied):
        criterion_edit(criterion=item, actor=inspector, **_values(item, confirmed=True))


@pytest.mark.parametrize(
    ("code", "changes", "field"),
    [
        (CODE, {"industries": ["no-such-trade"]}, "industries"),
        ("gm2023-4-1", {"categories": "first"}, "categories"),  # an industry item given a category
        ("gm2023-11-1", {"categories": []}, "categories"),  # a special item left without one
        (CODE, {"text": "   "}, "text"),
    ],
)
def test_bad_applicability_is_refused_in_chinese_and_nothing_changes(db, staff, code, changes, field):
    item = _item(code)
    if changes.get("categories") == "first":
        changes = {"categories": [SpecialCategory.objects.order_by("pk").first()]}
    before = _values(item)
    with pytest.raises(ValidationError) as refusal:
        criterion_edit(criterion=item, actor=staff, **_values(item, **changes))
    assert field in refusal.value.message_dict
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(refusal.value.message_dict[field]))
    item.refresh_from_db()
    assert _values(item) == before


def test_the_list_shows_the_edit_link_to_staff_only(client, db, staff, inspector):
    client.force_login(inspector)
    assert "data-edit-criterion" not in client.get(reverse("major_hazards:criteria")).content.decode()
    client.force_login(staff)
    page = client.get(reverse("major_hazards:criteria")).content.decode()
    assert reverse("major_hazards:criterion_edit", args=[CODE]) in page


def test_the_page_saves_and_a_deactivated_item_stays_on_the_staffs_list(client, db, staff, inspector):
    client.force_login(staff)
    url = reverse("major_hazards:criterion_edit", args=[CODE])
    item = _item()
    response = client.post(
        url, {"text": item.text, "source": item.source, "industries": ["metallurgy"], "confirmed": "on"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.confirmed and not item.active
    staff_page = client.get(reverse("major_hazards:criteria") + f"?q={CODE}").content.decode()
    assert f'data-criterion="{CODE}"' in staff_page and "停用" in staff_page
    client.force_login(inspector)
    assert f'data-criterion="{CODE}"' not in client.get(reverse("major_hazards:criteria")).content.decode()


def test_bad_input_on_the_page_is_told_in_chinese(client, db, staff):
    client.force_login(staff)
    item = _item()
    response = client.post(
        reverse("major_hazards:criterion_edit", args=[CODE]),
        {"text": item.text, "source": item.source, "industries": ["metallurgy"], "categories": ["999999"]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    item.refresh_from_db()
    assert not item.confirmed
