"""The draw pages: preparing shows the pool's size and then the seed's hash, running reveals the seed, the drawn
pairs see their task at home."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.once import DONE
from inspections.planning.models import Draw
from tests.planning.helpers import make_pool, make_roster, prepared_draw, run_draw

pytestmark = pytest.mark.django_db

FORM = {"title": "三月双随机抽查", "year": "2026", "month": "3", "count": "3"}


@pytest.fixture
def setting(world):
    return make_roster(4), make_pool(world.village_a, 8)


def test_counting_the_pool_prepares_nothing(client, staff, world, setting):
    client.force_login(staff)
    response = client.post(reverse("draws:create"), {**FORM, "towns": [world.town1.code], "preview": "1"})

    assert re.search(r'data-pool-size="9"', response.content.decode())  # X and the eight, not Y
    assert not Draw.objects.exists()


def test_preparing_shows_the_seed_hash_and_hides_the_seed(client, staff, setting):
    client.force_login(staff)
    response = client.post(reverse("draws:create"), FORM, follow=True)

    draw = Draw.objects.get()
    page = response.content.decode()
    assert draw.seed_hash in page and draw.seed not in page
    assert "执行抽取后公开" in page
    assert draw.seed not in client.get(reverse("draws:record", args=[draw.pk])).content.decode()


def test_running_reveals_the_seed_and_a_replay_says_it_was_done(client, staff, setting):
    client.force_login(staff)
    draw = prepared_draw(staff, count=3)
    url = reverse("draws:run", args=[draw.pk])

    page = client.post(url, follow=True).content.decode()
    again = client.post(url, follow=True).content.decode()

    assert draw.seed in page and page.count("<tr>") >= 4
    assert DONE in again and draw.drawn.count() == 3


def test_the_form_refuses_both_count_and_ratio(client, staff, setting):
    client.force_login(staff)
    response = client.post(reverse("draws:create"), {**FORM, "ratio_percent": "10"})
    assert response.status_code == 200 and "只能填一项" in response.content.decode()
    assert not Draw.objects.exists()


def test_the_record_recomputes_without_the_portal(client, staff, inspector, setting):
    """The JSON record and the page's text are all one needs: recomputed here with hmac alone."""
    import hashlib
    import hmac

    draw = run_draw(staff, count=3)
    client.force_login(inspector)
    record = json.loads(client.get(reverse("draws:record", args=[draw.pk])).content)

    seed = record["seed"].encode()
    assert hashlib.sha256(seed).hexdigest() == record["seed_sha256"]
    order = sorted(record["pool"], key=lambda c: hmac.new(seed, c.encode(), hashlib.sha256).hexdigest())
    assert [d["credit_code"] for d in record["drawn"]] == order[: record["size"]]


def test_the_list_counts_draws_and_inspectors_see_their_task_at_home(client, staff, setting):
    draw = run_draw(staff, count=1)
    drawn = draw.drawn.get()
    client.force_login(drawn.officer_1)

    listing = client.get(reverse("draws:list")).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert listing.count("data-total=") == 1 and 'data-total="1"' in listing
    assert 'data-todo="todo-drawn"' in home and drawn.enterprise.name in home


def test_enterprise_users_and_grid_officers_find_no_draws(client, staff, enterprise_user_x, grid_officer_a, setting):
    draw = run_draw(staff, count=1)
    for user in (enterprise_user_x, grid_officer_a):
        client.force_login(user)
        assert client.get(reverse("draws:detail", args=[draw.pk])).status_code == 404
        assert reverse("draws:list") not in client.get(reverse("home"), follow=True).content.decode()


def test_staff_keep_the_roster_and_declare_conflicts(client, staff, world, inspector):
    client.force_login(staff)
    edit = reverse("draws:roster_edit", args=[inspector.pk])

    client.post(edit, {"certificate_number": " zj330381 ", "on_leave": ""})
    client.post(
        reverse("draws:conflict_declare", args=[inspector.pk]),
        {"enterprise": world.enterprise_x.credit_code, "reason": "配偶任职", "declared_on": "2026-01-05"},
    )
    page = client.get(reverse("draws:roster")).content.decode()

    assert inspector.credential.certificate_number == "ZJ330381"
    assert "ZJ330381" in page and "企业X（配偶任职）" in page and 'data-total="1"' in page


def test_a_conflict_with_an_unknown_enterprise_is_refused_in_words(client, staff, inspector):
    client.force_login(staff)
    response = client.post(
        reverse("draws:conflict_declare", args=[inspector.pk]),
        {"enterprise": "91330381000000000X", "reason": "配偶任职", "declared_on": "2026-01-05"},
        follow=True,
    )
    assert "没有该统一社会信用代码的企业" in response.content.decode()
    assert not inspector.conflicts.exists()


def test_the_admin_shows_draws_read_only_and_never_an_unrevealed_seed(client, bureau_admin, staff, setting):
    draw = prepared_draw(staff)
    client.force_login(bureau_admin)
    page = client.get(reverse("admin:inspections_draw_change", args=[draw.pk]))
    assert page.status_code == 200 and draw.seed_hash in page.content.decode()
    assert draw.seed not in page.content.decode()
    assert client.get(reverse("admin:inspections_draw_add")).status_code == 403
    assert client.get(reverse("admin:inspections_drawnenterprise_changelist")).status_code == 200


def test_a_task_starts_the_inspection_that_closes_it(client, staff, setting):
    draw = run_draw(staff, count=1)
    drawn = draw.drawn.get()
    client.force_login(drawn.officer_1)

    form = client.get(reverse("inspections:create"), {"drawn": drawn.pk}).context["form"]
    assert form.initial["enterprise"] == drawn.enterprise and form.initial["kind"] == "random"
    assert sorted(form.initial["inspectors"]) == sorted([drawn.officer_1_id, drawn.officer_2_id])

    client.post(
        reverse("inspections:create"),
        {
            "enterprise": drawn.credit_code,
            "date": timezone.localdate().isoformat(),
            "kind": "random",
            "inspectors": form.initial["inspectors"],
            "summary": "双随机抽查",
        },
    )
    assert 'data-todo="todo-drawn"' not in client.get(reverse("home")).content.decode()


def test_someone_elses_task_prefills_nothing(client, staff, setting, inspector):
    drawn = run_draw(staff, count=1).drawn.get()
    client.force_login(inspector)  # not on the roster: drawn for nothing
    form = client.get(reverse("inspections:create"), {"drawn": drawn.pk}).context["form"]
    assert "kind" not in form.initial and "enterprise" not in form.initial
