"""The enterprise field every form uses: by credit code, name, part of a name or an address; several matches are a
results step to choose from; only the user's scope is searched."""

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from bureau.roles import Role
from enterprises.fields import RESULTS, EnterpriseField
from enterprises.models import EnterpriseStatus
from enterprises.permissions import visible_enterprises
from enterprises.users.forms import AccountCreateForm
from inspections.inspection.models import Inspection
from tests.factories import make_enterprise


class PickForm(forms.Form):
    enterprise = EnterpriseField(None, label="企业", required="请填写企业。")
    note = forms.CharField(required=False)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


@pytest.fixture
def foundries(world):
    """Three foundries of cell A's village, one in cell B's."""
    return {
        "main": make_enterprise(grid_cell=world.village_a, name="陶山铸造厂", address="瑞安市陶山镇桐溪路18号"),
        "branch": make_enterprise(grid_cell=world.village_a, name="陶山铸造厂二分厂", address="瑞安市陶山镇荆谷村"),
        "valve": make_enterprise(grid_cell=world.village_a, name="瑞安阀门铸件公司", address="瑞安市陶山镇沙洲"),
        "far": make_enterprise(grid_cell=world.village_b, name="飞云铸造厂", address="瑞安市飞云街道云江路"),
    }


def pick(user, text, **data):
    form = PickForm({"enterprise": text, **data}, enterprises=visible_enterprises(user))
    return form, form.cleaned_data.get("enterprise") if form.is_valid() else None


def test_it_finds_by_credit_code_forgiving_case_and_spaces(foundries, staff):
    code = foundries["valve"].credit_code

    assert pick(staff, f"  {code.lower()} ")[1] == foundries["valve"]


def test_an_exact_name_wins_over_names_that_contain_it(foundries, staff):
    assert pick(staff, "陶山铸造厂")[1] == foundries["main"]


def test_the_only_partial_match_is_the_enterprise(foundries, staff):
    assert pick(staff, "阀门")[1] == foundries["valve"]


def test_it_finds_by_part_of_the_address(foundries, staff):
    assert pick(staff, "桐溪路")[1] == foundries["main"]


def test_every_word_must_match_somewhere(foundries, staff):
    assert pick(staff, "铸造 荆谷")[1] == foundries["branch"]


def test_several_matches_list_the_candidates_best_first(foundries, staff):
    form, chosen = pick(staff, "铸")

    assert chosen is None
    assert form.errors["enterprise"] == ["有 4 家企业与“铸”相符，请从列出的企业中选择一家后再次提交，或输入更多字。"]
    html = str(form["enterprise"])
    assert set(form.fields["enterprise"].widget.found.candidates) == set(foundries.values())
    for enterprise in foundries.values():
        assert f'type="radio" name="enterprise" value="{enterprise.credit_code}"' in html
    assert "桐溪路18号" in html and "仙降街道" in html


def test_candidates_are_ranked_exact_then_name_start_then_name_then_address(world, staff):
    by_address = make_enterprise(grid_cell=world.village_a, name="甲公司", address="阀门路1号")
    inside = make_enterprise(grid_cell=world.village_a, name="瑞安阀门厂")
    starts = make_enterprise(grid_cell=world.village_a, name="阀门二厂")
    closed = make_enterprise(grid_cell=world.village_a, name="阀门一厂", status=EnterpriseStatus.CLOSED)

    form, _ = pick(staff, "阀门")

    assert form.fields["enterprise"].widget.found.candidates == [starts, closed, inside, by_address]


def test_choosing_a_candidate_picks_it_and_keeps_the_rest(foundries, staff):
    chosen = foundries["branch"]
    data = {"enterprise": ["铸造厂", chosen.credit_code], "note": "保留"}
    form = PickForm(_querydict(data), enterprises=visible_enterprises(staff))

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"enterprise": chosen, "note": "保留"}


def test_beyond_the_first_results_the_page_asks_for_more_characters(world, staff):
    for n in range(RESULTS + 3):
        make_enterprise(grid_cell=world.village_a, name=f"鞋业{n:02d}")

    form, _ = pick(staff, "鞋业")

    assert len(form.fields["enterprise"].widget.found.candidates) == RESULTS
    assert "还有 3 家，请输入更多字。" in str(form["enterprise"])


def test_another_cells_enterprise_is_no_match(foundries, grid_officer_a):
    far = foundries["far"]

    for text in (far.credit_code, far.name, "云江路"):
        form, chosen = pick(grid_officer_a, text)
        assert chosen is None
        assert form.errors["enterprise"][0].startswith(f"找不到与“{text}”相符的企业")
    # Only the in-scope foundries are candidates; the far one is never listed.
    form, _ = pick(grid_officer_a, "铸造厂")
    assert far.credit_code not in str(form["enterprise"])


def test_an_enterprise_user_finds_only_its_own(world, enterprise_user_x):
    assert pick(enterprise_user_x, "企业")[1] == world.enterprise_x
    assert pick(enterprise_user_x, world.enterprise_y.credit_code)[1] is None


def test_nothing_typed_is_the_forms_required_message(world, staff):
    form, _ = pick(staff, "   ")

    assert form.errors["enterprise"] == ["请填写企业。"]


def test_a_nul_character_is_no_error(world, staff):
    assert pick(staff, "\x00企业X\x00")[1] == world.enterprise_x


def test_an_account_names_its_enterprise_by_name(world, staff):
    password = "Xq7-mountain-river"
    data = {"username": "ent_new", "role": Role.ENTERPRISE, "enterprise": "企业Y"}
    form = AccountCreateForm({**data, "password1": password, "password2": password}, actor=staff)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["enterprise"] == world.enterprise_y


def test_no_match_is_refused_in_chinese(world, staff):
    form, _ = pick(staff, "不存在的公司")

    assert form.errors["enterprise"] == [
        "找不到与“不存在的公司”相符的企业。可输入企业名称（或其中几个字）、统一社会信用代码或地址。"
    ]


def test_the_inspection_form_goes_through_the_results_step(client, foundries, inspector, inspector2):
    client.force_login(inspector)
    data = {"date": "2026-08-20", "kind": "routine", "inspectors": [inspector.pk, inspector2.pk], "summary": "夜查"}

    first = client.post(reverse("inspections:create"), {"enterprise": "铸造厂", **data})

    page = first.content.decode()
    assert first.status_code == 200 and not Inspection.objects.exists()
    assert f'value="{foundries["branch"].credit_code}"' in page
    assert "夜查" in page  # what else was typed is kept
    second = client.post(
        reverse("inspections:create"), {"enterprise": ["铸造厂", foundries["branch"].credit_code], **data}
    )
    inspection = Inspection.objects.get()
    assert second["Location"] == inspection.get_absolute_url()
    assert (inspection.enterprise, inspection.summary) == (foundries["branch"], "夜查")


def _querydict(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query
