"""一事一册: the case volume page and its PDF hold every document of the case, in issue order."""

import re
import zlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.enforcement.models import ServiceRecord
from inspections.enforcement.pdf import StaticFilesFetcher
from inspections.enforcement.specs import DocumentKind
from tests.procedure import decided_case


def make_case(world, inspector, inspector2):
    """A case through the procedure: filing, site record, report, notice and decision (five documents)."""
    case, _ = decided_case(world.enterprise_x, inspector, inspector2, served=False)
    return case


def pdf_objects(pdf):
    """The PDF's text with its compressed object streams opened (no PDF library just for tests)."""
    texts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            texts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(texts)


def page_count(pdf):
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf_objects(pdf)))


@pytest.fixture
def case(world, inspector, inspector2):
    return make_case(world, inspector, inspector2)


def test_the_volume_holds_every_document_in_issue_order_with_its_service(client, case, inspector):
    documents = list(case.documents.order_by("issued_at", "id"))
    penalty = documents[-1]
    ServiceRecord.objects.create(
        document=penalty,
        method=ServiceRecord.Method.DIRECT,
        served_on=timezone.localdate() - timedelta(days=1),
        recipient="王五",
        recorded_by=inspector,
    )
    client.force_login(inspector)

    html = client.get(reverse("cases:volume", args=[case.pk])).content.decode()

    positions = [html.index(f'<div class="document-number">{d.number}</div>') for d in documents]
    assert positions == sorted(positions) and len(documents) == 5
    # Each is printed by its kind's template: the penalty decision's fine, the record's findings.
    assert "罚款人民币 20000.00 元" in html and "现场未见应急演练记录" in html
    assert html.index("送达回证", positions[-1]) > positions[-1] and "王五" in html
    assert "办理记录" in html and "作出处罚决定" in html
    assert reverse("cases:volume_pdf", args=[case.pk]) in html


def test_the_case_page_links_to_its_volume(client, case, enterprise_user_x):
    client.force_login(enterprise_user_x)

    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert reverse("cases:volume", args=[case.pk]) in html


def test_the_single_document_page_is_unchanged(client, case, inspector):
    client.force_login(inspector)
    penalty = case.documents.get(kind=DocumentKind.PENALTY_DECISION)

    html = client.get(reverse("documents:detail", args=[penalty.pk])).content.decode()

    assert "打印" in html and "罚款人民币 20000.00 元" in html and "<nav" in html


def test_the_pdf_is_a_pdf_with_a_page_per_part(client, case, inspector):
    client.force_login(inspector)

    response = client.get(reverse("cases:volume_pdf", args=[case.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # Cover, contents, three documents, timeline: at least six pages.
    assert page_count(response.content) >= 6
    # The Chinese text is set in the installed CJK font (fonts-wqy-zenhei), embedded.
    assert b"WenQuanYi" in pdf_objects(response.content)


def test_out_of_scope_is_404(client, case, enterprise_user_y, grid_officer_b):
    for user in (enterprise_user_y, grid_officer_b):
        client.force_login(user)
        assert client.get(reverse("cases:volume", args=[case.pk])).status_code == 404
        assert client.get(reverse("cases:volume_pdf", args=[case.pk])).status_code == 404


def test_the_pdf_reads_static_files_from_disk_never_from_the_network():
    fetcher = StaticFilesFetcher()

    css = fetcher.fetch("https://portal.invalid/static/css/volume.css")

    assert b"volume-part" in css.read()
    with pytest.raises(ValueError, match="不从网络读取"):
        fetcher.fetch("https://example.com/static/evil.css".replace("/static/", "/x/"))
