"""Quarterly bulletins (通报): text written from the figures, numbering on publication, who sees drafts."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from bureau.assessment.bulletins import bulletin_correction_draft, bulletin_draft
from bureau.assessment.models import Bulletin, IndicatorRule, IndicatorScore, Ranking, RankingRow, Scheme
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish
from bureau.quarters import Quarter
from tests.assessment.builders import last_ended_quarter, rank_two_quarters
from tests.factories import make_cell

Q3 = Quarter(2026, 3)
# (town, total, rank, previous rank, pre-deduction outstanding, overdue general, overdue major)
TABLE = [
    ("安阳街道", "95.50", 1, 3, "0", 0, 0),
    ("玉海街道", "90.00", 2, 1, "0", 2, 1),
    ("锦湖街道", "88.25", 3, 2, "0", 0, 0),
    ("东山街道", "80.00", 4, 4, "2.00", 1, 0),
    ("上望街道", "70.75", 5, 4, "3.50", 0, 2),
]

EXPECTED_BODY = "\n\n".join(
    [
        "根据《镇街安全生产工作季度考核办法》，现将全市5个镇街2026年第三季度安全生产工作考核排名情况通报如下。",
        "一、总体情况。2026年第三季度全市5个镇街平均得分84.90分，3个镇街高于平均分，2个镇街低于平均分。",
        "二、排名靠前的镇街。安阳街道（95.50分）、玉海街道（90.00分）、锦湖街道（88.25分）位列前三名。",
        "三、排名靠后的镇街。东山街道（80.00分）、上望街道（70.75分）排名后两位，请相关镇街认真分析原因，落实整改措施。",
        "四、名次变化。与上季度相比，安阳街道上升2位，进步最大；玉海街道、锦湖街道、上望街道下降1位，退步最大。",
        "五、预扣分情况。截至季度末，东山街道（2.00分）、上望街道（3.50分）尚有预扣分未恢复，合计5.50分，已从总分中扣除。",
        "六、逾期重大事故隐患。截至季度末，玉海街道1项、上望街道2项重大事故隐患逾期未整改，合计3项，"
        "请相关镇街督促企业限期整改到位。",
        "请各镇街对照考核结果，查找薄弱环节，举一反三，切实落实安全生产属地监管责任。",
    ]
)


def hand_built_ranking(table=TABLE, quarter=Q3):
    """A ranking made row by row (no computation), with the overdue-hazard scores the text reads."""
    scheme = Scheme.objects.get(valid_from_year=2025, valid_from_quarter=1)
    overdue = scheme.indicators.get(rule=IndicatorRule.OVERDUE_HAZARDS)
    city = make_cell(name="瑞安市")
    ranking = Ranking.objects.create(
        year=quarter.year, quarter=quarter.number, scheme=scheme, computed_at=timezone.now()
    )
    for name, total, rank, previous, pre, general, major in table:
        row = RankingRow.objects.create(
            ranking=ranking,
            town=make_cell(parent=city, name=name),
            score=Decimal(total) + Decimal(pre),
            pre_deduction=Decimal(pre),
            total=Decimal(total),
            rank=rank,
            previous_rank=previous,
        )
        IndicatorScore.objects.create(
            row=row,
            indicator=overdue,
            value=general + major,
            points=max(Decimal(0), 15 - general - 3 * major),
            inputs={"general": general, "major": major},
        )
    return ranking


# The text ---------------------------------------------------------------------------------------------------------


def test_the_draft_is_written_from_the_figures_word_for_word(db, staff):
    bulletin = bulletin_draft(ranking=hand_built_ranking(), actor=staff)

    assert bulletin.title == "关于2026年第三季度各镇街安全生产工作考核情况的通报"
    assert bulletin.body == EXPECTED_BODY
    assert (bulletin.status, bulletin.number, bulletin.created_by) == ("draft", "", staff)


def test_without_a_previous_ranking_or_anything_owing_the_text_says_so(db, staff):
    table = [
        ("安阳街道", "90.00", 1, None, "0", 0, 0),
        ("玉海街道", "80.00", 2, None, "0", 3, 0),
    ]

    body = bulletin_draft(ranking=hand_built_ranking(table), actor=staff).body

    assert body.split("\n\n")[1:-1] == [
        "一、总体情况。2026年第三季度全市2个镇街平均得分85.00分，1个镇街高于平均分，1个镇街低于平均分。",
        "二、排名靠前的镇街。安阳街道（90.00分）、玉海街道（80.00分）位列前两名。",
        "三、名次变化。上季度未排名，本季度不作名次比较。",
        "四、预扣分情况。截至季度末，各镇街没有未恢复的预扣分。",
        "五、逾期重大事故隐患。截至季度末，全市没有逾期未整改的重大事故隐患。",
    ]


def test_the_snapshot_is_the_table_as_json_with_decimals_as_strings(db, staff):
    snapshot = bulletin_draft(ranking=hand_built_ranking(), actor=staff).snapshot

    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["quarter"] == "2026Q3" and len(snapshot["indicators"]) == 8
    first, fifth = snapshot["rows"][0], snapshot["rows"][4]
    assert (first["town"], first["rank"], first["total"], first["change"]) == ("安阳街道", 1, "95.50", 2)
    assert (fifth["pre_deduction"], fifth["change_label"]) == ("3.50", "↓1")
    position = [i["rule"] for i in snapshot["indicators"]].index("overdue_hazards")
    assert fifth["scores"][position]["points"] == "9.00"
    assert fifth["scores"][position]["inputs"] == {"general": 0, "major": 2}


def test_the_snapshot_does_not_change_when_the_ranking_is_recomputed(db, world, staff):
    ranking = rank_two_quarters(world, staff)
    bulletin = bulletin_draft(ranking=ranking, actor=staff)
    before = bulletin.snapshot
    world.town2.name = "飞云街道（改名）"
    world.town2.save()

    compute_ranking(last_ended_quarter())

    bulletin.refresh_from_db()
    assert bulletin.snapshot == before and bulletin.snapshot["rows"][0]["town"] == "飞云街道"


@pytest.mark.parametrize("persona", ["inspector", "grid_officer_a", "bureau_admin"])
def test_only_staff_draft_bulletins(request, world, persona):
    ranking = hand_built_ranking()

    with pytest.raises(PermissionDenied):
        bulletin_draft(ranking=ranking, actor=request.getfixturevalue(persona))
    assert not Bulletin.objects.exists()


# Publishing -------------------------------------------------------------------------------------------------------


def test_publishing_numbers_the_bulletins_of_the_year_in_order(client, db, staff):
    first = bulletin_draft(ranking=hand_built_ranking(), actor=staff)
    client.force_login(staff)
    year = timezone.localdate().year

    client.post(reverse("bulletins:publish", args=[first.pk]))
    # A quarter has one draft at a time: the second bulletin is the correction of the first.
    second = bulletin_correction_draft(corrects=first, reason="漏计一起事故", actor=staff)
    response = client.post(reverse("bulletins:publish", args=[second.pk]), follow=True)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (f"瑞安安监通〔{year}〕1号", f"瑞安安监通〔{year}〕2号")
    assert (second.status, second.published_by) == ("published", staff)
    assert f"已发布，文号 瑞安安监通〔{year}〕2号。" in response.content.decode()


def test_the_number_prefix_is_the_setting(db, staff, settings):
    settings.BULLETIN_NUMBER_PREFIX = "瑞安应急通"
    bulletin = bulletin_publish(bulletin=bulletin_draft(ranking=hand_built_ranking(), actor=staff), actor=staff)

    assert bulletin.number == f"瑞安应急通〔{timezone.localdate().year}〕1号"


def test_publishing_twice_is_refused_with_a_message(client, db, staff):
    bulletin = bulletin_publish(bulletin=bulletin_draft(ranking=hand_built_ranking(), actor=staff), actor=staff)
    client.force_login(staff)

    response = client.post(reverse("bulletins:publish", args=[bulletin.pk]), follow=True)

    assert "该通报已发布。" in response.content.decode()
    bulletin.refresh_from_db()
    assert bulletin.number.endswith("〕1号")


@pytest.mark.parametrize("persona", ["bureau_admin", "inspector", "grid_officer_a", "enterprise_user_x"])
def test_only_staff_publish(request, client, world, staff, persona):
    bulletin = bulletin_draft(ranking=hand_built_ranking(), actor=staff)
    client.force_login(request.getfixturevalue(persona))

    assert client.post(reverse("bulletins:publish", args=[bulletin.pk])).status_code == 403
    bulletin.refresh_from_db()
    assert bulletin.status == "draft"


# Who sees what ----------------------------------------------------------------------------------------------------


@pytest.fixture
def draft_and_published(world, staff):
    ranking = hand_built_ranking()
    published = bulletin_publish(bulletin=bulletin_draft(ranking=ranking, actor=staff), actor=staff)
    return bulletin_correction_draft(corrects=published, reason="总分有误", actor=staff), published


@pytest.mark.parametrize("persona", ["bureau_admin", "inspector", "grid_officer_a"])
def test_drafts_are_hidden_from_everyone_but_staff(request, client, draft_and_published, persona):
    draft, published = draft_and_published
    client.force_login(request.getfixturevalue(persona))

    listed = list(client.get(reverse("bulletins:list")).context["page_obj"])

    assert listed == [published]
    assert client.get(reverse("bulletins:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("bulletins:detail", args=[published.pk])).status_code == 200


def test_staff_see_drafts_with_the_publish_button(client, draft_and_published, staff):
    draft, published = draft_and_published
    client.force_login(staff)

    assert set(client.get(reverse("bulletins:list")).context["page_obj"]) == {draft, published}
    body = client.get(reverse("bulletins:detail", args=[draft.pk])).content.decode()
    assert reverse("bulletins:publish", args=[draft.pk]) in body and "发布时编号" in body


def test_enterprise_users_see_no_bulletins(client, draft_and_published, enterprise_user_x):
    _, published = draft_and_published
    client.force_login(enterprise_user_x)

    assert client.get(reverse("bulletins:list")).status_code == 403
    assert client.get(reverse("bulletins:detail", args=[published.pk])).status_code == 403


def test_the_bulletin_page_is_printable_with_its_table_and_chart(client, draft_and_published, grid_officer_a):
    _, published = draft_and_published
    client.force_login(grid_officer_a)

    response = client.get(reverse("bulletins:detail", args=[published.pk]))

    body = response.content.decode()
    assert published.title in body and published.number in body
    assert "<p>一、总体情况。2026年第三季度全市5个镇街平均得分84.90分" in body
    assert [row["town"] for row in response.context["rows"]] == [
        "安阳街道",
        "玉海街道",
        "锦湖街道",
        "东山街道",
        "上望街道",
    ]
    assert str(response.context["chart"]).count('<rect class="chart-bar"') == 5
    assert "data-print" in body and "/static/js/print.js" in body
    assert "style=" not in body and " onclick" not in body
