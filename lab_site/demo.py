"""Loading the group's real content into an empty site, as the demo.

The content lives in TOML data files next to each app (``<app>/demo_content/``);
this module reads them and writes pages and settings. Each part of the site is
a *step* that can tell, before anything is written, whether its part of the
site is still empty, already holds exactly the demo content, or was edited:
``load_demo_content`` uses that to be idempotent and to refuse to overwrite
an editor's work.
"""

import re
import tomllib
from abc import ABC, abstractmethod
from enum import StrEnum
from pathlib import Path

from django.utils.html import escape
from wagtail.models import Site

DEMO_DIR = Path(__file__).resolve().parent / "demo_content"


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


class Step(ABC):
    """One part of the demo content. Subclasses say how to read and write their part."""

    label = ""

    def state(self):
        current = self.current()
        if current == self.desired():
            return State.LOADED
        if self.is_blank(current):
            return State.EMPTY
        return State.EDITED

    @abstractmethod
    def current(self):
        """See the class docstring."""

    @abstractmethod
    def desired(self):
        """See the class docstring."""

    @abstractmethod
    def is_blank(self, current):
        """See the class docstring."""

    @abstractmethod
    def load(self):
        """See the class docstring."""


def default_site():
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise LookupError("The site has no default Site record; run `manage.py migrate` first.")
    return site


class HomeStep(Step):
    """The home page's mission, motivations and call to action, and the group's identity."""

    label = "home page and site settings"

    def __init__(self, data=None):
        self.data = data if data is not None else read_toml(DEMO_DIR / "home.toml")
        self.site = default_site()
        self.page = self.site.root_page.specific

    def _settings(self):
        from .models import SiteSettings

        return SiteSettings.for_site(self.site)

    def _body_raw(self):
        raw = []
        pages = section_ids()
        for section in self.data["home"].get("sections", []):
            kind = section["type"]
            if kind in {"members", "highlights", "publications"}:
                value = {
                    key: paragraphs_to_html(item, pages) if key == "intro" else item
                    for key, item in section.items()
                    if key != "type"
                }
                value.setdefault("intro", "")
            elif kind == "motivations":
                value = {
                    "heading": section.get("heading", ""),
                    "intro": paragraphs_to_html(section.get("intro", "")),
                    "items": [{"title": item, "text": ""} for item in section["items"]],
                    "closing": paragraphs_to_html(section.get("closing", "")),
                }
            elif kind == "call_to_action":
                value = {
                    "heading": section["heading"],
                    "text": paragraphs_to_html(section["text"]),
                    "links": [],
                }
            elif kind == "text":
                value = paragraphs_to_html(section["text"])
            else:
                raise ValueError(f"home.toml: unknown section type {kind!r}.")
            raw.append({"type": kind, "value": value})
        return raw

    def current(self):
        from .models import HomePage

        page = self.page
        settings = self._settings()
        if not isinstance(page, HomePage):
            return {"page_type": type(page).__name__}
        return {
            "title": page.title,
            "heading": page.heading,
            "intro": page.intro,
            "body": strip_block_ids(page.body.get_prep_value()),
            "group_name": settings.group_name,
            "tagline": settings.tagline,
        }

    def desired(self):
        from .models import HomePage

        home = self.data["home"]
        return {
            "title": home["title"],
            "heading": home["heading"],
            "intro": paragraphs_to_html(home["intro"]),
            "body": stream_data(HomePage.body.field, self._body_raw()),
            "group_name": self.data["settings"]["group_name"],
            "tagline": self.data["settings"].get("tagline", ""),
        }

    def is_blank(self, current):
        return (
            "page_type" not in current
            and not current["heading"]
            and not current["intro"]
            and not current["body"]
            and not current["group_name"]
            and not current["tagline"]
        )

    def load(self):
        from .models import HomePage

        if not isinstance(self.page, HomePage):
            raise ValueError(
                f"The site's root page is a {type(self.page).__name__}, not a home page; "
                "point the default site at a home page first."
            )
        desired = self.desired()
        # Fetched afresh: the steps before this one added children to the home page, and
        # saving a stale copy would write back its old tree data (child count).
        page = HomePage.objects.get(pk=self.page.pk)
        page.title = desired["title"]
        page.heading = desired["heading"]
        page.intro = desired["intro"]
        page.body = self._body_raw()
        publish(page)

        settings = self._settings()
        settings.group_name = desired["group_name"]
        settings.tagline = desired["tagline"]
        settings.save()


def steps():
    """The demo steps in the order they must load (later ones may refer to earlier ones).

    The home page comes last: its sections link to the pages the others create.
    """
    from people.demo import PeopleStep
    from publications.demo import HighlightsStep, PublicationsStep

    return [PeopleStep(), PublicationsStep(), HighlightsStep(), HomeStep()]
