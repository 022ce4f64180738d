"""The CV as a typeset PDF: its print page (``people/cv_print.html``) through WeasyPrint,
with the site's own text face (STIX Two, served from static files) and a print style."""

import functools
from pathlib import Path

from django.contrib.staticfiles import finders

PRINT_STYLE = "css/cv-print.css"


class PDFUnavailable(Exception):
    """WeasyPrint or the system libraries it draws with (Pango) are missing."""


def render_pdf(html):
    """The PDF of ``html`` (bytes). Raises ``PDFUnavailable`` naming what is missing."""
    try:
        import weasyprint  # noqa: PLC0415 (its system libraries are loaded on import)
    except (ImportError, OSError) as error:
        raise PDFUnavailable(
            f"WeasyPrint could not start ({error}). Install its system libraries: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 (see `make install`)."
        ) from error
    fonts, stylesheet, base = _print_style(weasyprint)
    document = weasyprint.HTML(string=html, base_url=base)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


@functools.cache
def _print_style(weasyprint):
    """The print style and its fonts, read once per process: loading the fonts of its
    @font-face rules is most of the time a PDF takes."""
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    style = finders.find(PRINT_STYLE)
    if style is None:
        raise PDFUnavailable(f"The print style {PRINT_STYLE} is missing from the static files.")
    # The style names its fonts relative to itself (../fonts/…), read from the disk; the
    # font configuration makes its @font-face rules count.
    fonts = FontConfiguration()
    base = Path(style).parent.as_uri() + "/"
    return fonts, weasyprint.CSS(filename=style, base_url=base, font_config=fonts), base
