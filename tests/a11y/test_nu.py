"""Issue #17: the W3C Nu HTML checker finds no error in any key page as served to each role.

The pages (tests/a11y/pages.py) are fetched with Django's test client, signed in as each demo persona of
`seed_demo --scale small`, and checked in one run of node_modules/vnu-jar's vnu.jar (about 10 s of Java start-up
and checking). Warnings and info messages are allowed; every message is written to test-artifacts/a11y-nu.json.

The demo data is made once, inside a transaction rolled back at the end (as in tests/crawl/test_crawl.py).
"""

import json
import subprocess
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.a11y.pages import PERSONAS, key_pages
from tests.demo import demo_seeded
from tests.environment import VNU_JAR

pytestmark = [pytest.mark.a11y, pytest.mark.java]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory) as media:
        yield media


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, seeded):
    """Replaces tests/conftest.py's fixture of this name: the demo's photos must stay where the demo made them."""
    settings.MEDIA_ROOT = seeded


def save_pages(directory):
    """Each persona's key pages as served, one file each; returns {file name: "persona · label (path)"}."""
    saved = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(get_user_model().objects.get(username=persona))
        for n, key_page in enumerate(key_pages(persona)):
            response = client.get(key_page.path, follow=True)
            assert response.status_code == 200, f"{persona} {key_page.path}: {response.status_code}"
            name = f"{persona}-{n:02d}.html"
            (directory / name).write_bytes(response.content)
            saved[name] = f"{persona} · {key_page.label} ({key_page.path})"
            if key_page.submit_empty:  # the form again, with its error messages
                response = client.post(key_page.path, {})
                assert response.status_code == 200, f"{persona} POST {key_page.path}: {response.status_code}"
                (directory / f"{persona}-{n:02d}-errors.html").write_bytes(response.content)
                saved[f"{persona}-{n:02d}-errors.html"] = f"{persona} · {key_page.label} 提交空表单后 ({key_page.path})"
    return saved


def run_vnu(directory):
    """vnu.jar's messages for every .html file in the directory, each with the file's name under "url"."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--skip-non-html", str(directory)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu exits 1 when it reports an error: the JSON on stdout is the result either way.
    assert result.stdout, f"vnu.jar printed nothing (exit {result.returncode}): {result.stderr[:2000]}"
    return json.loads(result.stdout)["messages"]


@pytest.mark.usefixtures("seeded", "db")
def test_key_pages_have_no_html_errors(tmp_path, artifacts_dir):
    saved = save_pages(tmp_path)
    messages = run_vnu(tmp_path)
    for message in messages:
        message["page"] = saved.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", ""))
    (artifacts_dir / "a11y-nu.json").write_text(json.dumps(messages, ensure_ascii=False, indent=1))
    print("Nu messages by type:", dict(Counter(m["type"] + "/" + m.get("subType", "") for m in messages)))

    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, f"Nu checker: {len(errors)} errors\n" + "\n".join(
        f"{m['page']} line {m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()[:200]}"
        for m in errors
    )
