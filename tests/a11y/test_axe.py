"""Issue #17: axe-core (WCAG 2.0 and 2.1, levels A and AA) finds no serious or critical violation on any key page,
as each role, on a desktop (1280 px) and on a phone (390 px); printable pages also as printed.

axe-core comes from node_modules (the root package.json, installed by `make install`/`make test` with `npm ci`). It
is added to each page as a script element: the portal's CSP (script-src 'self') would refuse an inline one, so the
test's browser context bypasses the CSP (tests/browser/test_csp.py checks the CSP itself, in a normal context).

The key pages are in tests/a11y/pages.py, on the data of `seed_demo --scale small` (about 3 s). Every violation
found, of every impact, is written to test-artifacts/a11y-axe.json and summed by rule in the test's output; with
A11Y_SCREENSHOTS=1 each page is also photographed into test-artifacts/a11y/.
"""

import io
import json
import os
from collections import Counter

import pytest
from django.core.management import call_command

from bureau.demo.users import DEMO_PASSWORD
from tests.a11y.pages import PERSONAS, key_pages
from tests.environment import AXE_SCRIPT

pytestmark = [pytest.mark.browser, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

WIDTHS = {"桌面 1280px": (1280, 800), "手机 390px": (390, 844)}
PRINT = ("打印 A4", (794, 1123))  # A4 at 96 dpi
FAILING_IMPACTS = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True, "locale": "zh-CN"}


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # an enterprise user lands on its dossier


def axe_violations(page, key_page, width_label):
    """axe's violations on the page as it is now, one dict per (rule, element)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    return [
        {
            "persona": key_page.persona,
            "page": key_page.label,
            "path": key_page.path,
            "width": width_label,
            "rule": violation["id"],
            "impact": node.get("impact") or violation["impact"],
            "help": violation["help"],
            "target": " ".join(map(str, node["target"])),
            "summary": node.get("failureSummary", "").replace("\n", " "),
        }
        for violation in violations
        for node in violation["nodes"]
    ]


def check_persona(page, base_url, persona, artifacts_dir):
    found = []
    if persona != "anonymous":
        sign_in(page, base_url, persona)
    for key_page in key_pages(persona):
        sizes = [*WIDTHS.items(), *([PRINT] if key_page.printable else [])]
        for width_label, (width, height) in sizes:
            page.set_viewport_size({"width": width, "height": height})
            page.emulate_media(media="print" if width_label == PRINT[0] else "screen")
            response = page.goto(base_url + key_page.path)
            assert response.status == 200, f"{persona} {key_page.label} {key_page.path}: {response.status}"
            found += axe_violations(page, key_page, width_label)
            screenshot(page, artifacts_dir, key_page, width)
            if key_page.submit_empty:
                # The form comes back with its errors: messages, aria-invalid and aria-describedby are checked too.
                with page.expect_navigation():
                    page.locator("main form[method=post]").first.evaluate("form => form.requestSubmit()")
                found += axe_violations(page, key_page, width_label + " · 提交空表单后")
                screenshot(page, artifacts_dir, key_page, width, "-errors")
    page.emulate_media(media="screen")
    page.context.clear_cookies()
    return found


def screenshot(page, artifacts_dir, key_page, width, suffix=""):
    if os.environ.get("A11Y_SCREENSHOTS") == "1":
        name = key_page.path.strip("/").replace("/", "_") or "home"
        page.screenshot(
            path=str(artifacts_dir / "a11y" / f"{key_page.persona}-{name}-{width}{suffix}.png"), full_page=True
        )


def describe(violation):
    return (
        f"[{violation['impact']}] {violation['rule']} — {violation['persona']} · {violation['page']} "
        f"({violation['path']}) · {violation['width']}\n    元素: {violation['target']}\n    {violation['help']}: "
        f"{violation['summary'][:300]}"
    )


def test_key_pages_have_no_serious_axe_violations(page, live_server, artifacts_dir):
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    (artifacts_dir / "a11y").mkdir(exist_ok=True)
    found = []
    for persona in PERSONAS:
        found += check_persona(page, live_server.url, persona, artifacts_dir)

    (artifacts_dir / "a11y-axe.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    by_rule = Counter((v["rule"], v["impact"]) for v in found)
    print("axe violations by rule (every impact):", dict(sorted(by_rule.items())) or "none")
    failing = [v for v in found if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe: {len(failing)} serious or critical violations\n" + "\n".join(map(describe, failing))
