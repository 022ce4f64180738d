"""`manage.py load_demo_content`: the group's real content, loaded once, never over edits."""

import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from demo.loader import DEMO_DIR, read_toml
from home.models import HomePage
from lab_site.models import SiteSettings

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "004_315420c5495b9ce8.txt"


def load(*args):
    out = StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def home():
    return HomePage.objects.get()


def squash(text):
    """Whitespace collapsed and demo link markup ("[words](slug)") reduced to its words."""
    return " ".join(re.sub(r"\[([^\]]+)\]\([\w-]+\)", r"\1", text).split())


@pytest.mark.skipif(
    not SEED.exists(), reason="the seeds folder (../shared/seeds) is not beside this checkout"
)
def test_demo_data_is_word_for_word_the_seed():
    seed = squash(SEED.read_text())
    data = read_toml(DEMO_DIR / "home.toml")

    texts = [data["home"]["heading"], data["home"]["intro"]]
    for section in data["home"]["sections"]:
        texts += [section.get("intro", ""), section.get("closing", ""), section.get("text", "")]
        texts += section.get("items", [])
    for text in filter(None, texts):
        assert squash(text) in seed


def test_loads_the_home_page_and_the_group_identity(home_page):
    output = load()

    page = home()
    assert page.live
    assert page.heading == "Welcome to the Tegmark AI Safety Group!"
    assert page.intro.startswith("<p>Our main focus is on mechanistic interpretability (MI)")
    motivations = page.body[0].value
    assert [item["title"] for item in motivations["items"]] == [
        "Diagnose trustworthiness",
        "Improve trustworthiness",
        "Guarantee trustworthiness",
    ]
    assert [block.block_type for block in page.body] == [
        "motivations",
        "members",
        "highlights",
        "publications",
        "call_to_action",
    ]
    settings = SiteSettings.for_site(page.get_site())
    assert settings.group_name == "Tegmark AI Safety Group"
    assert "Loaded the demo content" in output


def test_running_twice_changes_nothing(demo_site):
    revisions = home().revisions.count()
    latest = home().latest_revision_id

    output = load()

    assert "already loaded" in output
    assert "Nothing to load" in output
    assert home().revisions.count() == revisions
    assert home().latest_revision_id == latest


def test_refuses_to_overwrite_an_editors_changes(demo_site):
    page = home()
    page.heading = "Our own heading"
    page.save_revision().publish()

    with pytest.raises(CommandError, match="differs from the demo: home page.*--force"):
        load()

    assert home().heading == "Our own heading"


def test_force_replaces_edits_and_keeps_them_in_the_history(demo_site):
    page = home()
    page.heading = "Our own heading"
    page.save_revision().publish()

    load("--force")

    page = home()
    assert page.heading == "Welcome to the Tegmark AI Safety Group!"
    old_headings = [rev.as_object().heading for rev in page.revisions.all()]
    assert "Our own heading" in old_headings


def test_if_empty_leaves_edited_content_alone_without_failing(demo_site):
    page = home()
    page.heading = "Our own heading"
    page.save_revision().publish()

    output = load("--if-empty")

    assert "left as edited" in output
    assert home().heading == "Our own heading"


def test_edited_site_settings_count_as_content(home_page):
    settings = SiteSettings.for_site(home_page.get_site())
    settings.group_name = "Another Lab"
    settings.save()

    with pytest.raises(CommandError):
        load()

    assert SiteSettings.for_site(home_page.get_site()).group_name == "Another Lab"
    assert home().heading == ""


def test_dry_run_writes_nothing(home_page):
    output = load("--dry-run")

    assert "would load" in output
    assert home().heading == ""
    assert home().revisions.count() == 0


SEED_MEMBERS = [
    ("Max Tegmark", "PI"),
    ("Peter S. Park", "Postdoc"),
    ("Eric J. Michaud", "PhD student"),
    ("Ziming Liu", "PhD student"),
    ("Josh Engels", "PhD student"),
    ("Wes Gurnee", "PhD student"),
    ("Isaac Liao", "Master's student"),
    ("Vedang Lad", "Master's student"),
]


def test_loads_the_eight_members_in_the_seeds_order_without_invented_links(demo_site, client):
    from people.models import MemberPage

    members = list(MemberPage.objects.live().order_by("path"))
    assert [(member.title, member.role_label) for member in members] == SEED_MEMBERS
    for member in members:
        assert member.links() == []
        assert member.photo is None
    html = client.get("/people/").content.decode()
    for name, _role in SEED_MEMBERS:
        assert name in html
    assert (
        '<a class="main-nav__link" href="/people/">People</a>' in client.get("/").content.decode()
    )


@pytest.mark.skipif(
    not SEED.exists(), reason="the seeds folder (../shared/seeds) is not beside this checkout"
)
def test_demo_members_are_the_seeds_members():
    lines = [line.strip() for line in SEED.read_text().splitlines() if line.strip()]
    start, end = lines.index("Members"), lines.index("Research")
    block = [line for line in lines[start + 1 : end] if not line.startswith("Website")]
    seed_members = list(zip(block[0::2], block[1::2], strict=True))

    assert seed_members == SEED_MEMBERS


def test_an_edited_member_counts_as_edited_content(demo_site):
    from people.models import MemberPage

    member = MemberPage.objects.get(slug="ziming-liu")
    member.title = "Ziming Liu (on leave)"
    member.save_revision().publish()

    with pytest.raises(CommandError, match="people page and members"):
        load()
    assert MemberPage.objects.get(slug="ziming-liu").title == "Ziming Liu (on leave)"


HIGHLIGHTS_TOML = Path(__file__).resolve().parents[2] / "demo" / "data" / "highlights.toml"


@pytest.mark.skipif(
    not SEED.exists(), reason="the seeds folder (../shared/seeds) is not beside this checkout"
)
def test_highlight_data_is_word_for_word_the_seed():
    seed = squash(SEED.read_text())
    data = read_toml(HIGHLIGHTS_TOML)

    assert squash(data["research_page"]["intro"]) in seed
    assert len(data["highlights"]) == 4
    for entry in data["highlights"]:
        for text in (entry["title"], entry["authors"], entry["venue"], entry["summary"]):
            assert squash(text) in seed


def test_demo_highlights_feature_their_papers_and_keep_the_seeds_lines(demo_site):
    from research.models import ResearchHighlightPage

    highlights = list(ResearchHighlightPage.objects.order_by("path").select_related("publication"))

    assert [highlight.publication.title for highlight in highlights] == [
        highlight.title for highlight in highlights
    ]
    assert all(highlight.live and highlight.feature_on_home for highlight in highlights)
    # The publication list cuts two author lists short; the papers carry the whole lists
    # the highlights give, and the venue, so no highlight needs a line of its own.
    assert [highlight.authors_override for highlight in highlights] == ["", "", "", ""]
    assert [highlight.venue_override for highlight in highlights] == ["", "", "", ""]
    assert [highlight.venue_line for highlight in highlights] == [
        "",
        "",
        "ICLR 2023 (Spotlight)",
        "ICLR 2023 (Spotlight)",
    ]
    grokking = highlights[3].publication
    assert [author.name for author in grokking.authors.all()] == [
        "Ziming Liu",
        "Ouail Kitouni",
        "Niklas Nolte",
        "Eric J. Michaud",
        "Max Tegmark",
        "Mike Williams",
    ]
    assert not grokking.authors_cut and not highlights[1].publication.authors_cut
    # So both papers are on Eric J. Michaud's profile, and under his filter.
    linked = {author.member.slug for author in grokking.authors.all() if author.member_id}
    assert "eric-j-michaud" in linked
    quantization = highlights[1].publication
    assert "eric-j-michaud" in {a.member.slug for a in quantization.authors.all() if a.member_id}


def missing_paper_data(**extra):
    return {
        "research_page": {"title": "Research", "slug": "research", "intro": "Our work."},
        "highlights": [
            {
                "title": "A Paper Not In The List",
                "authors": "Max Tegmark, Guest Author",
                "venue": "NeurIPS 2024 (Oral)",
                "summary": "What it found.",
                **extra,
            }
        ],
    }


def test_a_highlight_whose_paper_is_not_listed_adds_it_as_a_publication(demo_site):
    from demo.research import HighlightsLoader
    from publications.models import PublicationPage

    HighlightsLoader(missing_paper_data(date=date(2024, 12, 1))).load()

    paper = PublicationPage.objects.get(title="A Paper Not In The List")
    assert paper.live
    assert (paper.venue, paper.venue_note) == ("NeurIPS 2024", "Oral")
    assert paper.publication_date == date(2024, 12, 1)
    assert [author.name for author in paper.authors.all()] == ["Max Tegmark", "Guest Author"]
    assert paper.authors.first().member.title == "Max Tegmark"
    assert paper.highlights.get().authors_override == ""


def test_a_missing_paper_without_a_date_is_refused_with_a_clear_message(demo_site):
    from demo.research import HighlightsLoader
    from publications.models import PublicationPage

    with pytest.raises(ValueError, match="give its date in highlights.toml"):
        HighlightsLoader(missing_paper_data()).load()
    assert not PublicationPage.objects.filter(title="A Paper Not In The List").exists()
