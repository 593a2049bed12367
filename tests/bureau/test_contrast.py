"""The header menu's text is readable on the portal blue: WCAG 2 AA asks 4.5:1 for normal text (issue #17 found
Bootstrap's navbar-dark links, white at 55 %, at 3.7:1 on #0b4f8a).

The background is read from `.bg-portal` in static/css/portal.css; the link colours are the custom properties
Bootstrap's navbar reads (`--bs-navbar-*-color`): Bootstrap's `.navbar-dark` values, as overridden by the portal's
rule for the header's classes."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "portal.css"
BOOTSTRAP = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap" / "bootstrap.min.css"
HEADER = Path(settings.BASE_DIR) / "templates" / "includes" / "_header.html"
AA_NORMAL_TEXT = 4.5
LINK_COLOURS = [
    "--bs-navbar-color",
    "--bs-navbar-hover-color",
    "--bs-navbar-active-color",
    "--bs-navbar-brand-color",
    "--bs-navbar-brand-hover-color",
]


def parse_colour(text):
    """(r, g, b, alpha) of #rgb, #rrggbb, rgb() or rgba()."""
    text = text.strip().lower()
    if match := re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", text):
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (*(int(digits[i : i + 2], 16) for i in (0, 2, 4)), 1.0)
    if match := re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)", text):
        r, g, b, alpha = match.groups()
        return int(r), int(g), int(b), float(alpha) if alpha is not None else 1.0
    raise ValueError(f"not a colour this test reads: {text!r}")


def over(colour, background):
    """The colour seen when `colour` (maybe translucent) is drawn on the opaque `background`."""
    *rgb, alpha = colour
    return tuple(round(c * alpha + b * (1 - alpha)) for c, b in zip(rgb, background, strict=True))


def luminance(rgb):
    def linear(channel):
        channel /= 255
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rules(css):
    """{selector: {property: value}} of the stylesheet's plain rules (outside @media)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^}]*\})*\s*\}", "", css)
    found = {}
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        declarations = (d.split(":", 1) for d in body.split(";") if ":" in d)
        found[" ".join(selector.split())] = {name.strip(): value.strip() for name, value in declarations}
    return found


def test_the_contrast_formula_gives_wcags_reference_values():
    white, black = (255, 255, 255), (0, 0, 0)
    assert contrast(black, white) == pytest.approx(21)
    assert contrast((0x76, 0x76, 0x76), white) == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white
    # What issue #17 measured: Bootstrap's navbar-dark link colour on the portal blue.
    assert contrast(over(parse_colour("rgba(255, 255, 255, 0.55)"), (11, 79, 138)), (11, 79, 138)) < 4


def test_the_header_uses_the_classes_the_colours_are_set_on():
    classes = re.search(r'<header class="([^"]+)"', HEADER.read_text()).group(1).split()
    assert {"navbar", "navbar-dark", "bg-portal"} <= set(classes)


def test_every_header_link_colour_meets_aa_on_the_portal_blue():
    styles = rules(CSS.read_text())
    *background, alpha = parse_colour(styles[".bg-portal"]["background-color"])
    assert alpha == 1.0
    dark = re.search(r"\.navbar-dark,\.navbar\[data-bs-theme=dark\]\{([^}]*)\}", BOOTSTRAP.read_text()).group(1)
    header = next(iter(rules(f".navbar-dark {{{dark}}}").values()))
    header.update(styles.get(".navbar.bg-portal", {}))  # beats Bootstrap's .navbar-dark: two classes against one

    ratios = {name: contrast(over(parse_colour(header[name]), background), background) for name in LINK_COLOURS}

    assert all(ratio >= AA_NORMAL_TEXT for ratio in ratios.values()), ratios
