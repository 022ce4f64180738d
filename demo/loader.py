"""Loading the group's real content into an empty site, as the demo.

The content lives in TOML data files in ``demo/data/``;
this module holds what the loaders share. Each app's loader (``demo/<app>.py``)
can tell, before anything is written, whether its part of the
site is still empty, already holds exactly the demo content, or was edited:
``load_demo_content`` uses that to be idempotent and to refuse to overwrite
an editor's work.
"""

import re
import tomllib
from enum import StrEnum
from pathlib import Path

from django.utils.html import escape
from wagtail.models import Site

DEMO_DIR = Path(__file__).resolve().parent / "data"


class State(StrEnum):
    EMPTY = "empty"
    LOADED = "already loaded"
    EDITED = "edited"


def read_toml(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


_LINK = re.compile(r"\[([^\]]+)\]\(([\w-]+)\)")


def paragraphs_to_html(text, pages=None):
    """Plain text with blank lines between paragraphs, as escaped ``<p>`` HTML.

    ``[words](slug)`` links the words to the page with that slug in ``pages``
    (slug → page id), as a Wagtail rich-text page link; without that page the
    words are kept as plain text.
    """
    pages = pages or {}

    def link(match):
        words, slug = match.group(1), match.group(2)
        if slug not in pages:
            return words
        return f'<a linktype="page" id="{pages[slug]}">{words}</a>'

    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "".join(
        f"<p>{_LINK.sub(link, escape(paragraph))}</p>" for paragraph in paragraphs if paragraph
    )


def section_ids():
    """Slug → id of the pages directly under the home page, for links in demo text."""
    from wagtail.models import Page

    root = default_site().root_page
    return dict(Page.objects.child_of(root).values_list("slug", "id"))


def strip_block_ids(value):
    """StreamField raw data without the random block ids, for comparing content."""
    if isinstance(value, dict):
        return {key: strip_block_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [strip_block_ids(item) for item in value]
    return value


def stream_data(field, raw):
    """Normalise raw StreamField data the way saving it would, ids removed."""
    block = field.stream_block
    return strip_block_ids(block.get_prep_value(block.to_python(raw)))


def publish(page):
    """Save ``page`` as a new revision and publish it, so earlier versions stay in its history."""
    revision = page.save_revision(log_action=True)
    revision.publish(log_action=True)
    return revision


def default_site():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise LookupError("The site has no default Site record; run `manage.py migrate` first.")
    return site


def state(loader):
    """Whether the loader's part of the site is empty, holds exactly the demo, or was edited."""
    current = loader.current()
    if current is None:
        return State.EMPTY
    return State.LOADED if current == loader.desired() else State.EDITED
