"""The admin's rich-text editor writes what is typed into the form at once."""

import html as html_module
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Site

pytestmark = pytest.mark.django_db


def test_rich_text_goes_into_the_form_as_it_is_typed(admin_client, home_page):
    """Draftail's own delay (250 ms after the last keystroke) let a quick Save send the form
    without the last words; the site's editor copies the text at once."""
    url = reverse(
        "wagtailsettings:edit",
        args=["lab_site", "sitesettings", Site.objects.get(is_default_site=True).pk],
    )
    page = admin_client.get(url).content.decode()

    widget = re.search(r'name="footer_text"[^>]*data-w-init-detail-value="([^"]*)"', page)
    assert widget, "the footer's rich-text editor"
    assert json.loads(html_module.unescape(widget.group(1)))["stateSaveInterval"] == 0
