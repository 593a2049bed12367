"""A role's day in a phone's browser, counted in page loads.

`journey` drives one Chromium page at 390×844 and counts every main-frame document load of the page and of any
tab or popup it opens (a printed view in a new tab is one load); a redirect after a POST is part of the load it
ends in, and a script's work (全部符合, select page, the print dialog) loads nothing. After each step the page must
not scroll sideways, and a screenshot goes to test-artifacts/journey-<role>-<n>-<step>.png.
"""

import re

import pytest

PHONE = {"width": 390, "height": 844}
PASSWORD = "Test-pass-2026"

# window.print() opens a dialog a headless browser cannot close: count the calls instead.
COUNT_PRINTS = "window.__prints = 0; window.print = function () { window.__prints += 1; };"


class Journey:
    def __init__(self, page, base_url, artifacts_dir, role):
        self.page = page
        self.base_url = base_url
        self.artifacts_dir = artifacts_dir
        self.role = role
        self.loads = []  # the URL of each document load, in order
        self.navigations = []  # the main-frame navigation requests, each redirect chain once: a cross-check
        self.steps = 0
        page.set_viewport_size(PHONE)
        page.context.add_init_script(COUNT_PRINTS)
        self._watch(page)
        page.context.on("page", self._watch)

    def _watch(self, page):
        # "domcontentloaded" fires once per document the frame loads: not for a hash change, not for each hop of
        # a redirect. A main-frame event only (frames would have their own).
        page.on("domcontentloaded", lambda loaded: self.loads.append(loaded.url))

        def navigation(request):
            if request.is_navigation_request() and request.frame == page.main_frame and not request.redirected_from:
                self.navigations.append(request.url)

        page.on("request", navigation)

    def restart(self):
        """Signed in earlier in the day: count from the page the day starts on."""
        self.loads.clear()
        self.navigations.clear()

    @property
    def count(self):
        return len(self.loads)

    def open(self, path):
        """The journey's first page, typed or bookmarked: one load."""
        self.page.goto(self.base_url + path)

    def sign_in(self, username):
        """From the sign-in page to the role's home: two loads (the form, then the home it sends to)."""
        self.open("/accounts/login/")
        self.step("sign-in")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state()

    def step(self, name, page=None):
        """After a step: the page fits the phone's width; a screenshot for a person to look at."""
        page = page or self.page
        page.wait_for_load_state()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, f"{name}: the page scrolls sideways ({width} px wide) at {page.url}"
        self.steps += 1
        slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
        page.screenshot(
            path=str(self.artifacts_dir / f"journey-{self.role}-{self.steps:02d}-{slug}.png"), full_page=True
        )

    def prints(self, page=None):
        return (page or self.page).evaluate("window.__prints")

    def assert_within(self, limit):
        report = "\n".join(f"  {n}. {url.removeprefix(self.base_url)}" for n, url in enumerate(self.loads, 1))
        print(f"\n{self.role}: {self.count} page loads (limit {limit})\n{report}")
        # A navigation that loads no document (a download, an aborted load) would escape the count: none may.
        assert len(self.navigations) == self.count, f"navigations {self.navigations} against loads:\n{report}"
        assert self.count <= limit, f"{self.role} took {self.count} page loads, more than {limit}:\n{report}"


@pytest.fixture
def journey(page, live_server, artifacts_dir):
    def start(role):
        return Journey(page, live_server.url, artifacts_dir, role)

    return start
