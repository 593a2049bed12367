"""Each link the crawl (test_crawl.py) found pointing where its viewer cannot go, on small data: the page shows it
to a viewer who can open it, and names the target without a link to one who cannot."""

from datetime import date, timedelta

from django.urls import reverse

from bureau.accounts.audit import entries, trail
from bureau.assessment.bulletins import bulletin_correction_draft, bulletin_draft
from bureau.assessment.services import bulletin_publish
from hazards.models import Hazard
from inspections.accidents.models import Accident
from inspections.enforcement.services import case_open
from inspections.inspection.services import inspection_record
from tests.assessment.builders import last_ended_quarter, rank_two_quarters
from tests.crawl.crawler import page_links
from tests.factories import make_hazard


def links_on(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return page_links(response.content.decode(), url)


def test_the_inspection_breadcrumb_links_to_the_list_only_for_those_it_lets_in(
    client, world, inspector, inspector2, enterprise_user_x
):
    inspection = inspection_record(
        enterprise=world.enterprise_x, date=date(2026, 8, 20), inspectors=[inspector, inspector2], actor=inspector
    )
    page = inspection.get_absolute_url()
    listing = reverse("inspections:list")

    assert listing in links_on(client, inspector, page)
    own = links_on(client, enterprise_user_x, page)
    assert listing not in own
    assert reverse("enterprises:detail", args=[world.enterprise_x.pk]) in own  # the rest of the breadcrumb stays
    assert client.get(listing).status_code == 403  # what the link would have led to


def test_the_case_breadcrumb_links_to_the_list_only_for_those_it_lets_in(
    client, world, inspector, inspector2, enterprise_user_x
):
    case = case_open(enterprise=world.enterprise_x, title="未按规定开展应急演练", actor=inspector, co_signer=inspector2)
    page = reverse("cases:detail", args=[case.pk])

    assert reverse("cases:list") in links_on(client, inspector, page)
    assert reverse("cases:list") not in links_on(client, enterprise_user_x, page)
    assert client.get(reverse("cases:list")).status_code == 403


def test_a_grid_officer_s_cell_page_names_the_cells_above_theirs_without_links(client, world, staff, grid_officer_a):
    page = reverse("grids:detail", args=[world.village_a.code])
    above = [reverse("grids:detail", args=[cell.code]) for cell in (world.city, world.town1)]
    own = reverse("grids:detail", args=[world.cell_a.code])

    assert set(links_on(client, staff, page)) >= {*above, own}
    officer_links = links_on(client, grid_officer_a, page)
    assert own in officer_links
    assert not set(above) & set(officer_links)
    assert world.town1.name in client.get(page).content.decode()  # named, not linked
    assert client.get(above[0]).status_code == 404


def test_the_ranking_links_figures_and_accidents_only_where_the_viewer_may_go(client, world, staff, grid_officer_a):
    rank_two_quarters(world, staff)  # the quarter before last has an accident at enterprise Y, under cell B
    quarter = last_ended_quarter().previous()
    Accident.objects.create(
        date=quarter.start + timedelta(days=20), enterprise=world.enterprise_x, summary="灼烫", recorded_by=staff
    )
    page = reverse("rankings:detail", args=[quarter.slug])
    x, y = (reverse("enterprises:detail", args=[e.pk]) for e in (world.enterprise_x, world.enterprise_y))

    staff_links = links_on(client, staff, page)
    assert {x, y} <= set(staff_links)
    assert any(link.startswith(reverse("grids:unassigned")) for link in staff_links)
    officer_links = links_on(client, grid_officer_a, page)
    assert x in officer_links and y not in officer_links
    assert not any(link.startswith(reverse("grids:unassigned")) for link in officer_links)
    shown = client.get(page).content.decode()
    assert "企业Y" not in shown and "辖区外企业" in shown  # outside their cells: neither linked nor named


def test_the_audit_trail_links_no_draft_bulletin_and_no_deleted_object(
    client, world, staff, bureau_admin, enterprise_user_x
):
    ranking = rank_two_quarters(world, staff)
    published = bulletin_publish(bulletin=bulletin_draft(ranking=ranking, actor=staff), actor=staff)
    draft = bulletin_correction_draft(corrects=published, reason="更正一处笔误", actor=staff)
    gone = make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x, location="已删除的隐患")
    gone_url = gone.get_absolute_url()
    Hazard.objects.filter(pk=gone.pk).delete()  # no history row: its "新增" entry is the last one

    trail_links = links_on(client, bureau_admin, reverse("audit:list"))

    assert published.get_absolute_url() in trail_links
    assert draft.get_absolute_url() not in trail_links
    assert gone_url not in trail_links
    assert client.get(draft.get_absolute_url()).status_code == 404  # the admin may not open a draft
    # staff may: the same entry links for them
    shown_to_staff = entries(list(trail(model_label="assessment.bulletin")), staff)
    assert draft.get_absolute_url() in {entry.url for entry in shown_to_staff}
