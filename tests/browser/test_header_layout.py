"""The header at every common width, whatever the number of sections and the length of the
group's name: the name on one line, search and the theme toggle beside it, and the menu
either on the same row in one line or on a row of its own, never a few items that wrapped
where they happened to."""

import pytest

from lab_site.models import SiteSettings
from tests.factories import ContentPageFactory

WIDTHS = (900, 1024, 1280, 1440, 1920)

ROWS = """() => {
  const box = s => document.querySelector(s).getBoundingClientRect();
  const brand = box('.brand'), name = document.querySelector('.brand__name');
  const tools = box('.site-header__tools');
  const links = [...document.querySelectorAll('.main-nav__link')].map(a => a.getBoundingClientRect());
  const lineHeight = parseFloat(getComputedStyle(name).lineHeight);
  return {
    nameLines: Math.round(name.getBoundingClientRect().height / lineHeight),
    toolsBesideName: Math.abs((tools.top + tools.bottom) / 2 - (brand.top + brand.bottom) / 2) < 8,
    menuTops: [...new Set(links.map(r => Math.round(r.top)))],
    menuBesideName: links.length > 0 && links[0].top < brand.bottom && links[0].bottom > brand.top,
    overflow: document.documentElement.scrollWidth > window.innerWidth,
  };
}"""


@pytest.mark.parametrize(
    "sections, name",
    [
        (3, "Tegmark AI Safety Group"),  # the demo: everything fits on one row
        (7, "Tegmark AI Safety Group"),  # the demo with news, events, openings, projects…
        (9, "Laboratory for Computational Neuroscience and Machine Learning"),
    ],
    ids=["four-items", "eight-items", "ten-items-long-name"],
)
def test_the_header_never_wraps_half_way(visit, live_demo_site, sections, name):
    settings = SiteSettings.for_site(live_demo_site.get_site())
    settings.group_name = name
    settings.save()
    titles = [
        "Publications",
        "Research",
        "News",
        "Events",
        "Join us",
        "Projects",
        "Teaching",
        "Software",
        "Contact",
    ]
    for title in titles[: sections - 1]:
        ContentPageFactory(parent=live_demo_site, title=title, show_in_menus=True)
    visitor = visit()
    for width in WIDTHS:
        visitor.page.set_viewport_size({"width": width, "height": 800})
        visitor.goto("/")
        rows = visitor.page.evaluate(ROWS)
        assert rows["nameLines"] == 1 or len(name) > 40 and width < 1280, (width, rows)
        assert rows["toolsBesideName"], (width, rows)
        assert len(rows["menuTops"]) == 1, (width, rows)  # the menu in one line
        assert not rows["overflow"], (width, rows)
        if sections == 3 and width >= 1024:
            assert rows["menuBesideName"], (width, rows)  # one row where it fits
