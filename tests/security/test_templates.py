"""No inline script, inline style or inline event handler in any template: the Content-Security-Policy forbids them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INLINE = {
    "inline <script> (move it to static/js/)": re.compile(r"<script(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    'style="" attribute (use a class in static/css/portal.css)': re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE),
    "inline event handler (addEventListener in static/js/)": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE),
}


def template_files():
    """Every template of the portal: templates/ and each app's templates/ (bureau's apps one level deeper)."""
    folders = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]
    skipped = {".venv", "node_modules", "staticfiles", "test-artifacts"}
    return sorted(
        path
        for folder in folders
        if not skipped & set(folder.relative_to(ROOT).parts)
        for path in folder.rglob("*.html")
    )


def test_there_are_templates_to_scan():
    names = {p.relative_to(ROOT).as_posix() for p in template_files()}

    assert "templates/base.html" in names
    assert any(name.startswith("hazards/templates/") for name in names)
    assert any(name.startswith("bureau/accounts/templates/") for name in names)


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                number = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {what}: {match.group(0).strip()[:80]}")

    assert not offenders, "Inline code the CSP forbids:\n" + "\n".join(offenders)


def test_the_scan_catches_each_kind():
    assert INLINE["inline <script> (move it to static/js/)"].search("<script>alert(1)</script>")
    assert not INLINE["inline <script> (move it to static/js/)"].search('<script src="/static/js/print.js"></script>')
    assert INLINE['style="" attribute (use a class in static/css/portal.css)'].search('<div style="width: 3rem">')
    assert INLINE["inline event handler (addEventListener in static/js/)"].search('<a onclick="go()">')
    assert not INLINE["inline event handler (addEventListener in static/js/)"].search('<a data-confirm="on">')
