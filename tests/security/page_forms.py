"""The POST forms of a rendered page, read as a browser would submit them (for tests that submit what a page shows)."""

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "file", "image", "reset"}


class PageForms(HTMLParser):
    """Each form as {"action", "method", "fields": [(name, value), …]}: inputs, checked boxes, chosen options,
    textareas — what a browser would send without touching anything (so nothing disabled)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            self.forms.append(self._form)
        elif self._form is None or (tag in ("input", "select", "textarea") and "disabled" in a):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if a.get("name") and kind not in SKIPPED_INPUTS and (kind not in ("checkbox", "radio") or "checked" in a):
                self._form["fields"].append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = {"name": a.get("name"), "multiple": "multiple" in a, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"] or ([] if select["multiple"] else [select["first"] or ""])
            self._form["fields"] += [(select["name"], value) for value in chosen]
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._textarea = None
            text = text[1:] if text.startswith("\n") else text
            # A browser sends a textarea's line breaks as CRLF.
            self._form["fields"].append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))


def post_form(html, page_path, action, has=None):
    """The data of the POST form of the page at `page_path` that submits to `action` (and, with `has`, holds those
    values), as a dict of lists for the test client. Fails when the page shows no such form."""
    found = [
        form
        for form in PageForms(html).forms
        if form["method"] == "post"
        and (form["action"] or page_path) == action
        and all((name, value) in form["fields"] for name, value in (has or {}).items())
    ]
    assert found, f"{page_path} shows no POST form to {action} with {has or {}}"
    data = {}
    for name, value in found[0]["fields"]:
        data.setdefault(name, []).append(value)
    return data
