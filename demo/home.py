"""Demo content for the home page: the mission, motivations and call to action, and the
group's identity in the site settings (data/home.toml)."""

from home.models import HomePage
from lab_site.models import SiteSettings

from .loader import (
    DEMO_DIR,
    default_site,
    paragraphs_to_html,
    publish,
    read_toml,
    section_ids,
    stream_data,
    strip_block_ids,
)


class HomeLoader:
    """The home page's mission, motivations and call to action, and the group's identity."""

    label = "home page and site settings"

    def __init__(self, data=None):
        self.data = data if data is not None else read_toml(DEMO_DIR / "home.toml")
        self.site = default_site()
        self.page = self.site.root_page.specific

    def site_settings(self):
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
                # The seed gives no e-mail address: the buttons lead to pages of the
                # site (where members' own links are), never to an address made up.
                value = {
                    "heading": section["heading"],
                    "text": paragraphs_to_html(section["text"]),
                    "links": [
                        {
                            "label": link["label"],
                            "page": pages[link["page"]],
                            "url": "",
                            "email": "",
                        }
                        for link in section.get("links", [])
                        if link["page"] in pages
                    ],
                }
            elif kind == "text":
                value = paragraphs_to_html(section["text"])
            else:
                raise ValueError(f"home.toml: unknown section type {kind!r}.")
            raw.append({"type": kind, "value": value})
        return raw

    def current(self):
        page = self.page
        settings = self.site_settings()
        if not isinstance(page, HomePage):
            return {"page_type": type(page).__name__}
        if not (page.heading or page.intro or page.body or settings.group_name or settings.tagline):
            return None
        return {
            "title": page.title,
            "heading": page.heading,
            "intro": page.intro,
            "body": strip_block_ids(page.body.get_prep_value()),
            "group_name": settings.group_name,
            "tagline": settings.tagline,
        }

    def desired(self):
        home = self.data["home"]
        return {
            "title": home["title"],
            "heading": home["heading"],
            "intro": paragraphs_to_html(home["intro"]),
            "body": stream_data(HomePage.body.field, self._body_raw()),
            "group_name": self.data["settings"]["group_name"],
            "tagline": self.data["settings"].get("tagline", ""),
        }

    def load(self):
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

        settings = self.site_settings()
        settings.group_name = desired["group_name"]
        settings.tagline = desired["tagline"]
        settings.save()
