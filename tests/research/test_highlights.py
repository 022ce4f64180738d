"""Research highlights: what they take from their paper, the research page, and where they appear."""

import re
from datetime import date

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from people.models import MemberPage, PeopleIndexPage, Role
from publications.models import PublicationIndexPage
from publications.templatetags.publication_tags import PUBLICATIONS_SHOWN
from research.models import ResearchHighlightPage
from scholarly_text.models import ResearchTopic

from ..factories import UserFactory, add_highlight, add_publication, add_research_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    ana = people.add_child(instance=MemberPage(title="Ana Lopez", slug="ana", role=Role.PHD))
    publications = home_page.add_child(
        instance=PublicationIndexPage(title="Publications", slug="publications")
    )
    paper = add_publication(
        publications,
        "Sparse circuits in small transformers",
        date(2024, 3, 1),
        authors=["Ana Lopez", "Bo Chen"],
        members={"Ana Lopez": ana},
        venue="ICLR 2024",
        venue_note="Oral",
        arxiv_id="2403.01234",
        code_url="https://github.com/example/sparse-circuits",
        demo_url="https://colab.research.google.com/drive/abc",
    )
    research = add_research_index(home_page)
    return {
        "home": home_page,
        "people": people,
        "ana": ana,
        "publications": publications,
        "paper": paper,
        "research": research,
    }


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


# --- what a highlight shows ------------------------------------------------------------


def test_highlight_takes_authors_venue_and_links_from_its_paper(client, lab):
    highlight = add_highlight(lab["research"], "Circuits, simply", publication=lab["paper"])

    html = text_of(client.get(highlight.url))

    assert '<a class="authors__member" href="/people/ana/"><strong>Ana Lopez</strong></a>' in html
    assert "Bo Chen" in html
    assert "ICLR 2024 (Oral)" in html
    assert 'href="https://arxiv.org/abs/2403.01234"' in html
    assert ">GitHub</a>" in html
    assert ">Colab demo</a>" in html
    assert 'href="/publications/sparse-circuits-in-small-transformers/"' in html


def test_an_override_on_the_highlight_wins_over_the_paper(client, lab):
    highlight = add_highlight(
        lab["research"],
        "Circuits, simply",
        publication=lab["paper"],
        authors_override="Ana Lopez, Bo Chen, Cy Dee",
        venue_override="ICLR 2024 (Outstanding paper)",
        arxiv_url="https://arxiv.org/abs/2403.99999",
        code_url="https://gitlab.com/example/other",
    )

    html = text_of(client.get(highlight.url))

    assert "Cy Dee" in html
    # Names in an overridden line are still linked to members.
    assert 'href="/people/ana/"><strong>Ana Lopez</strong>' in html
    assert "ICLR 2024 (Outstanding paper)" in html
    assert "ICLR 2024 (Oral)" not in html.split("The paper")[0]
    assert 'href="https://arxiv.org/abs/2403.99999"' in html
    assert 'href="https://arxiv.org/abs/2403.01234"' not in html.split("The paper")[0]
    assert ">Code</a>" in html  # not GitHub: the address is elsewhere
    # Links the highlight does not override still come from the paper.
    assert ">Colab demo</a>" in html


def test_paper_corrections_reach_the_highlight(client, lab):
    highlight = add_highlight(lab["research"], "Circuits, simply", publication=lab["paper"])
    paper = lab["paper"]
    paper.venue_note = "Spotlight"
    paper.save_revision().publish()

    assert "ICLR 2024 (Spotlight)" in text_of(client.get(highlight.url))


def test_highlight_without_paper_figure_or_links_renders_cleanly(client, lab):
    highlight = add_highlight(lab["research"], "An idea on its own")

    response = client.get(highlight.url)
    html = text_of(response)

    assert response.status_code == 200
    assert "An idea on its own" in html
    assert "A plain summary." in html
    for absent in ("<img", "<picture", "pub__links", "None", "The paper", "paper__authors"):
        assert absent not in html, absent
    listing = text_of(client.get("/research/"))
    assert "An idea on its own" in listing
    assert "Read the paper" not in listing


def test_figure_is_responsive_and_described(client, lab):
    figure = wagtail_factories.ImageFactory(file__width=1600, file__height=900)
    highlight = add_highlight(
        lab["research"],
        "With a figure",
        figure=figure,
        figure_alt_text="Two clusters of neurons joined by a thin bridge",
        figure_caption="Figure 1 of the paper.",
    )

    html = text_of(client.get(highlight.url))

    assert 'alt="Two clusters of neurons joined by a thin bridge"' in html
    assert "srcset=" in html
    assert 'type="image/avif"' in html
    assert "<figcaption>Figure 1 of the paper.</figcaption>" in html


def test_figure_needs_a_description(lab):
    highlight = ResearchHighlightPage(
        title="No description",
        slug="no-description",
        summary="<p>x</p>",
        figure=wagtail_factories.ImageFactory(),
    )
    with pytest.raises(ValidationError) as error:
        lab["research"].add_child(instance=highlight)
    assert "figure_alt_text" in error.value.message_dict


def test_date_defaults_to_the_papers(lab):
    highlight = add_highlight(lab["research"], "Dated", publication=lab["paper"], date=None)
    assert highlight.date == date(2024, 3, 1)


def test_summary_markup_is_escaped_in_plain_text_uses(client, lab):
    highlight = add_highlight(
        lab["research"], "Quotes", summary='<p>We study "grokking" &amp; <b>more</b>.</p>'
    )
    assert highlight.plain_summary == 'We study "grokking" & more.'
    html = client.get("/search/?q=grokking").content.decode()
    assert "We study &quot;grokking&quot; &amp; more." in html
    assert "&amp;quot;" not in html


# --- the research page ------------------------------------------------------------------


def test_research_page_lists_highlights_newest_first_linking_to_their_papers(client, lab):
    add_highlight(lab["research"], "Older result", date=date(2022, 1, 1))
    add_highlight(lab["research"], "Newer result", publication=lab["paper"])

    html = text_of(client.get("/research/"))

    assert html.index("Newer result") < html.index("Older result")
    assert 'href="/publications/sparse-circuits-in-small-transformers/">Read the paper' in html


def test_research_page_filters_by_topic_without_javascript(client, lab):
    sparse = ResearchTopic.objects.create(name="Sparse autoencoders")
    scaling = ResearchTopic.objects.create(name="Scaling laws")
    first = add_highlight(lab["research"], "About sparsity")
    first.topics.add(sparse)
    first.save_revision().publish()
    second = add_highlight(lab["research"], "About scaling")
    second.topics.add(scaling)
    second.save_revision().publish()

    assert client.get("/research/?topic=sparse-autoencoders")["Location"] == (
        "/research/topic/sparse-autoencoders/"
    )
    html = text_of(client.get("/research/topic/sparse-autoencoders/"))

    assert "About sparsity" in html
    assert "About scaling" not in html
    assert 'aria-current="page">Sparse autoencoders' in html
    assert 'Scaling laws <span class="tag__count">(1)</span>' in html

    unknown = text_of(client.get("/research/?topic=nothing-like-this"))
    assert "There is no topic “nothing-like-this”" in unknown
    assert "About sparsity" in unknown and "About scaling" in unknown


def test_drafts_are_not_listed(client, lab):
    draft = add_highlight(lab["research"], "Not ready yet")
    draft.unpublish()

    assert "Not ready yet" not in client.get("/research/").content.decode()


# --- where highlights appear ---------------------------------------------------------


def test_paper_and_member_pages_show_their_highlights(client, lab):
    add_highlight(lab["research"], "Circuits, simply", publication=lab["paper"])
    add_highlight(lab["research"], "Someone else's idea")

    paper_html = text_of(client.get(lab["paper"].url))
    member_html = text_of(client.get(lab["ana"].url))

    for html in (paper_html, member_html):
        assert "Research highlight" in html
        assert "Circuits, simply" in html
        assert "Someone else's idea" not in html


def test_member_page_shows_highlights_that_name_them_in_an_overridden_author_line(client, lab):
    add_highlight(lab["research"], "Named in the line", authors_override="Bo Chen, Ana Lopez")

    assert "Named in the line" in text_of(client.get(lab["ana"].url))


# --- the admin ---------------------------------------------------------------------------


def highlight_form(**changes):
    data = {
        "title": "",
        "slug": "",
        "publication": "",
        "summary": rich_text("<p>What we found.</p>"),
        "date": "",
        "figure": "",
        "figure_alt_text": "",
        "figure_caption": "",
        "authors_override": "",
        "venue_override": "",
        "arxiv_url": "",
        "code_url": "",
        "demo_url": "",
        "project_url": "",
        "video_url": "",
        "seo_title": "",
        "search_description": "",
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def editor(client):
    from django.contrib.auth.models import Group

    user = UserFactory(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=["research", "researchhighlightpage", parent.pk])


def test_editor_creates_a_highlight_whose_headline_is_the_papers_title(client, lab, editor):
    response = client.post(
        add_url(lab["research"]),
        highlight_form(publication=lab["paper"].pk, **{"action-publish": "publish"}),
    )

    assert response.status_code == 302, response.context["form"].errors
    highlight = ResearchHighlightPage.objects.get()
    assert highlight.title == "Sparse circuits in small transformers"
    assert highlight.slug == "sparse-circuits-in-small-transformers"
    assert highlight.date == date(2024, 3, 1)
    assert highlight.live


def test_a_headline_or_a_paper_is_required(client, lab, editor):
    response = client.post(add_url(lab["research"]), highlight_form())

    assert response.status_code == 200
    assert "Write a headline, or choose the paper" in response.content.decode()
    assert not ResearchHighlightPage.objects.exists()


def test_edit_form_shows_the_papers_values_as_placeholders(client, lab, editor):
    highlight = add_highlight(lab["research"], "Circuits, simply", publication=lab["paper"])

    html = client.get(reverse("wagtailadmin_pages:edit", args=[highlight.pk])).content.decode()

    assert 'placeholder="From the paper: ICLR 2024 (Oral)"' in html
    assert 'placeholder="From the paper: Ana Lopez, Bo Chen"' in html


def home_with_highlights(home, count=4):
    home.body = [
        {"type": "highlights", "value": {"heading": "Research", "intro": "", "count": count}}
    ]
    home.save_revision().publish()


def featured_titles(client):
    html = client.get("/").content.decode()
    return re.findall(r'class="highlight__title" id="[^"]+"><a href="[^"]+">([^<]+)</a>', html)


def test_featuring_and_reordering_in_the_admin_changes_the_home_page(client, lab, editor):
    home_with_highlights(lab["home"])
    first = add_highlight(lab["research"], "First result", feature_on_home=True)
    second = add_highlight(lab["research"], "Second result")
    assert featured_titles(client) == ["First result"]

    # Tick “Feature on the home page” on the second highlight and publish.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[second.pk]),
        highlight_form(
            title="Second result",
            slug=second.slug,
            feature_on_home="on",
            date="2024-01-01",
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 302
    assert featured_titles(client) == ["First result", "Second result"]

    # Drag the second above the first in the research page's list.
    response = client.post(
        reverse("wagtailadmin_pages:set_page_position", args=[second.pk]) + "?position=0"
    )
    assert response.status_code == 200
    assert featured_titles(client) == ["Second result", "First result"]
    assert first.pk  # still there, only moved


def test_research_page_lists_its_highlights_in_tree_order_in_the_admin(lab):
    assert lab["research"].get_admin_default_ordering() == "ord"


def test_members_cannot_edit_highlights(client, lab):
    from django.contrib.auth.models import Group

    member = UserFactory(username="member")
    member.groups.add(Group.objects.get(name="Members"))
    client.force_login(member)
    highlight = add_highlight(lab["research"], "Circuits, simply")

    response = client.get(reverse("wagtailadmin_pages:edit", args=[highlight.pk]))

    assert response.status_code in (302, 403)


def test_a_member_page_shows_the_newest_papers_and_links_to_all_of_them(client, lab):
    shown = PUBLICATIONS_SHOWN
    for number in range(shown + 4):
        add_publication(
            lab["publications"],
            f"Paper number {number}",
            date(2010 + number, 1, 1),
            authors=["Ana Lopez"],
            members={"Ana Lopez": lab["ana"]},
        )
    total = shown + 5  # with the lab's own paper

    html = text_of(client.get(lab["ana"].url))

    assert f"Paper number {shown + 3}" in html  # the newest
    assert "Paper number 3<" not in html  # too old
    assert html.count('<article class="pub"') == shown
    assert f'<a href="/publications/member/ana/">All {total} publications by Ana Lopez</a>' in html


def test_a_short_list_has_no_link_to_more(client, lab):
    html = text_of(client.get(lab["ana"].url))

    assert "Sparse circuits in small transformers" in html
    assert "publications by Ana Lopez" not in html


def test_the_editor_is_told_which_latex_commands_the_site_shows_by_name(client, lab, editor):
    response = client.post(
        add_url(lab["research"]),
        highlight_form(
            title="Steering \\gemma{} with \\emph{sparse} features",
            **{"action-publish": "publish"},
        ),
        follow=True,
    )

    warnings = [str(m) for m in response.context["messages"] if "does not know" in str(m)]
    assert len(warnings) == 1, warnings
    assert "Title: " in warnings[0] and "\\gemma" in warnings[0] and "“gemma”" in warnings[0]
    assert "\\emph" not in warnings[0]
    # The title itself is kept as written, and reads with the word on the site.
    highlight = ResearchHighlightPage.objects.get()
    assert highlight.title == "Steering \\gemma{} with \\emph{sparse} features"
    assert "Steering gemma with sparse features" in text_of(client.get(highlight.url))
