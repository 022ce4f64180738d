"""News in a real browser, on the demo home page and members with news added (in the live
server's database, which it sees on SQLite and PostgreSQL alike): the list, an item with a
picture and a formula, the home page's "Latest news" and a member's profile."""

from datetime import date

import wagtail_factories

from home.models import HomePage
from people.models import MemberPage
from publications.models import PublicationIndexPage

from ..factories import add_news, add_news_index, add_publication
from .conftest import DESKTOP, check_pages


def add_demo_news():
    home = HomePage.objects.get()
    index = add_news_index(home, show_in_menus=True, intro="<p>What is new in the group.</p>")
    eric = MemberPage.objects.get(slug="eric-j-michaud")
    max_ = MemberPage.objects.get(slug="max-tegmark")
    papers = home.add_child(instance=PublicationIndexPage(title="Papers", slug="papers"))
    paper = add_publication(papers, "The Quantization Model of Neural Scaling", date(2023, 3, 23))
    picture = wagtail_factories.ImageFactory(file__width=1200, file__height=700)
    item = add_news(
        index,
        "Quanta paper at NeurIPS",
        date(2024, 6, 1),
        summary="Loss falls as $L \\propto N^{-\\alpha}$ when skills are learned one by one.",
        people=[eric, max_],
        papers=[paper],
        image=picture,
        image_alt_text="A staircase of loss curves",
        body=[
            ("text", "<p>The paper explains <b>neural scaling laws</b> by quanta.</p>"),
            ("formula", {"latex": "L(N) \\propto N^{-\\alpha}", "caption": "The scaling law"}),
        ],
    )
    add_news(index, "A talk on grokking", date(2024, 3, 1), people=[eric])
    add_news(index, "Welcome to new members", date(2023, 9, 1), people=[max_])
    home.body.append(("news", {"heading": "Latest news", "intro": "", "count": 3}))
    home.save_revision().publish()
    return item, eric


def test_news_pages_are_accessible_and_fit(visit, live_demo_site):
    item, eric = add_demo_news()

    check_pages(
        visit,
        (
            ("news", "/news/"),
            ("news-item", item.url),
            ("home-with-news", "/"),
            ("member-with-news", eric.url),
        ),
    )
    visitor = visit(viewport=DESKTOP)
    visitor.goto("/")
    assert visitor.page.locator(".main-nav").get_by_role("link", name="News").is_visible()
