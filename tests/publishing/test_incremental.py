"""Publishing keeps the static copy up to date through the background task, rendering only
what a change shows; after a scripted sequence of publish, edit, unpublish, move, delete
and a settings change, the copy is byte for byte what a full build makes."""

import filecmp
from datetime import date
from io import BytesIO, StringIO

import pytest
import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from wagtail.models import PageViewRestriction

from events.models import EventPage
from home.models import ContentPage, HomePage
from lab_site.models import SiteSettings
from people.models import MemberPage
from publications.models import PublicationIndexPage, PublicationPage
from publishing.files import GENERATION_FILE
from publishing.models import StaticCopy
from research.models import ResearchHighlightPage

from ..factories import add_event, add_events_index, add_news, add_news_index, add_publication

pytestmark = pytest.mark.django_db

BASE = "https://example.org/lab/"


def differences(left, right):
    """Paths that differ between two folders (missing on either side, or other bytes), but
    the mark of which publish wrote each (it differs by design)."""
    found = []

    def walk(comparison, prefix=""):
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            comparison.left, comparison.right, comparison.common_files, shallow=False
        )
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[GENERATION_FILE]))
    return sorted(found)


def publish(folder):
    """``publish_static`` into ``folder``, which the copy then keeps up to date."""
    call_command("publish_static", str(folder), base_url=BASE, stdout=StringIO())


def full_build(folder):
    publish(folder)
    StaticCopy.objects.filter(folder=str(folder.resolve())).delete()  # only a reference


@pytest.fixture
def copy(demo_site, tmp_path, django_capture_on_commit_callbacks):
    folder = tmp_path / "copy"
    publish(folder)

    def step(action):
        """Do ``action`` as the admin would, and run the publish it enqueues."""
        with django_capture_on_commit_callbacks(execute=True):
            result = action()
        copy = StaticCopy.objects.get()
        assert copy.last_error == "", copy.last_error
        return result, copy

    return folder, step


def test_each_change_updates_the_copy_and_equals_a_full_build(copy, tmp_path, admin_client):
    folder, step = copy
    index = PublicationIndexPage.objects.get()

    # Publish a new paper.
    def publish_new():
        paper = add_publication(index, "Grokking in the wild", date(2026, 11, 30), live=False)
        paper.save_revision().publish()
        return paper

    paper, state = step(publish_new)
    assert "pages and files" in state.last_kind, state.last_kind  # only what shows it
    page = folder / paper.url.strip("/") / "index.html"
    assert "Grokking in the wild" in page.read_text()
    assert (folder / (paper.url.strip("/") + ".bib")).exists()
    assert "Grokking in the wild" in (folder / "publications" / "index.html").read_text()
    assert (
        "Grokking in the wild"
        in (folder / "publications" / "year" / "2026" / "index.html").read_text()
    )

    # Edit a paper's title and publish.
    def edit():
        omnigrok = PublicationPage.objects.get(slug="omnigrok-grokking-beyond-algorithmic-data")
        omnigrok.title = "Omnigrok: Grokking Beyond Algorithmic Data (revised)"
        omnigrok.save_revision().publish()

    step(edit)
    # Unpublish one.
    unpublished = PublicationPage.objects.live().exclude(pk=paper.pk).last()
    step(lambda: unpublished.unpublish())
    assert not (folder / unpublished.url_path.split("/home/")[-1] / "index.html").exists()

    # Move: a highlight to another place in the order (the home page shows them in it),
    # and a text page below another (its address changes).
    highlights = list(ResearchHighlightPage.objects.live().order_by("path"))
    step(lambda: highlights[-1].move(highlights[0], pos="left"))
    home = HomePage.objects.get()

    def add_pages():
        about = home.add_child(
            instance=ContentPage(title="About the group", slug="about-the-group")
        )
        about.save_revision().publish()
        visits = home.add_child(instance=ContentPage(title="Visiting us", slug="visiting-us"))
        visits.save_revision().publish()
        return visits

    visits, _ = step(add_pages)
    assert (folder / "visiting-us" / "index.html").exists()
    step(lambda: visits.move(ContentPage.objects.get(slug="about-the-group"), pos="last-child"))
    assert (folder / "about-the-group" / "visiting-us" / "index.html").exists()
    assert not (folder / "visiting-us").exists()

    # Delete a paper.
    doomed = PublicationPage.objects.live().exclude(pk=paper.pk).first()
    doomed_file = folder / (doomed.url.strip("/") + ".bib")
    assert doomed_file.exists()
    step(lambda: doomed.delete())
    assert not doomed_file.exists()

    # A member's photo is replaced (Wagtail's "Change image file"): the pages that use it
    # are rendered, with what lists them; not the whole site.
    member = MemberPage.objects.live().get(slug="ziming-liu")

    def give_a_photo():
        member.photo = wagtail_factories.ImageFactory(title="Ziming Liu")
        member.photo_alt_text = "Portrait of Ziming Liu"
        member.save_revision().publish()
        return member.photo

    photo, _ = step(give_a_photo)

    def replace_photo():
        picture = BytesIO()
        Image.new("RGB", (120, 160), "teal").save(picture, "PNG")
        answer = admin_client.post(
            reverse("wagtailimages:edit", args=[photo.pk]),
            {
                "title": photo.title,
                "collection": photo.collection_id,
                "tags": "",
                "file": SimpleUploadedFile("new-photo.png", picture.getvalue(), "image/png"),
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]

    _, state = step(replace_photo)
    assert "pages and files" in state.last_kind, state.last_kind
    member_page = (folder / member.url.strip("/") / "index.html").read_text()
    people_page = (folder / "people" / "index.html").read_text()
    assert "new-photo" in member_page and "new-photo" in people_page

    middle = tmp_path / "full-middle"
    full_build(middle)
    assert differences(folder, middle) == []

    # A settings change shows on every page: everything is rendered again.
    def rename():
        settings = SiteSettings.objects.get()
        settings.group_name = "Tegmark Group (renamed)"
        settings.save()

    _, state = step(rename)
    assert state.last_kind == "the whole site"
    assert "Tegmark Group (renamed)" in (folder / "people" / "index.html").read_text()

    # A page made private leaves the copy (with its files).
    private = PublicationPage.objects.live().exclude(pk=paper.pk).first()
    private_file = folder / (private.url.strip("/") + ".bib")
    assert private_file.exists()
    step(lambda: PageViewRestriction.objects.create(page=private, restriction_type="login"))
    assert not private_file.exists()

    end = tmp_path / "full-end"
    full_build(end)
    assert differences(folder, end) == []
    assert state.last_duration is not None


def test_the_events_and_news_lists_by_year_and_kind_follow_their_items(
    home_page, tmp_path, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get()
    events = add_events_index(home, show_in_menus=True)
    guest = [("Grace Guest", "Stanford University")]
    add_event(events, "Old seminar", date(2024, 3, 1), None, kind="seminar", guests=guest)
    talk = add_event(events, "A talk", date(2025, 2, 1), None, kind="talk", guests=guest)
    news = add_news_index(home, show_in_menus=True)
    add_news(news, "Earlier news", date(2024, 5, 1))
    folder = tmp_path / "copy"
    publish(folder)

    def step(action):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        copy = StaticCopy.objects.get()
        assert copy.last_error == "" and "pages and files" in copy.last_kind, copy.last_kind

    assert (folder / "events" / "kind" / "seminar" / "index.html").exists()
    workshop = add_event(
        events, "Workshop", date(2026, 5, 1), None, kind="workshop", guests=guest, live=False
    )
    step(lambda: workshop.save_revision().publish())
    for state in ("year/2026", "kind/workshop"):
        assert "Workshop" in (folder / "events" / state / "index.html").read_text()
    assert "Workshop" in (folder / "events.ics").read_text()

    def change_kind():
        talk.kind = "seminar"
        talk.save_revision().publish()

    step(change_kind)
    assert not (folder / "events" / "kind" / "talk").exists()
    assert "A talk" in (folder / "events" / "kind" / "seminar" / "index.html").read_text()
    item = add_news(news, "New news", date(2026, 1, 2), live=False)
    step(lambda: item.save_revision().publish())
    assert "New news" in (folder / "news" / "year" / "2026" / "index.html").read_text()
    step(lambda: EventPage.objects.get(title="Old seminar").unpublish())
    assert not (folder / "events" / "year" / "2024").exists()
    step(lambda: workshop.delete())
    assert not (folder / "events" / "year" / "2026").exists()

    full = tmp_path / "full"
    full_build(full)
    assert differences(folder, full) == []


STATE = {"files": {"/": "index.html"}, "links": {}, "pages": {}, "search": False}


def test_a_failed_publish_is_kept_for_the_admin_and_the_next_renders_everything(
    demo_site, tmp_path, django_capture_on_commit_callbacks
):
    folder = tmp_path / "copy"
    StaticCopy.objects.create(folder=str(folder), base_url="ftp://nowhere/", state=STATE)
    paper = PublicationPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        paper.save_revision().publish()
    copy = StaticCopy.objects.get()
    assert "is not an address" in copy.last_error
    assert copy.state == {"search": False}  # only the choice is kept
    assert copy.last_duration is not None
    assert not folder.exists()


def test_only_the_list_states_a_change_shows_on_are_rendered_again(demo_site):
    from people.models import MemberPage
    from publishing.incremental import describe_listings, listing_states_to_render

    index = PublicationIndexPage.objects.get()
    omnigrok = PublicationPage.objects.get(slug="omnigrok-grokking-beyond-algorithmic-data")
    before = describe_listings()
    every = {index.url + state for state in index.listing_states()}

    def to_render(*pages):
        now = describe_listings()
        urls = {page.url for page in pages}
        found = listing_states_to_render(before, now, {page.pk for page in pages}, urls)
        return {address for address in found if address.startswith(index.url)}

    # A new title: the states that show the paper, and only those.
    omnigrok.title = "Omnigrok (revised)"
    omnigrok.save_revision().publish()
    showing = {
        address
        for address in every
        if omnigrok.pk in before[index.url]["contents"][address[len(index.url) :]]
    }
    assert to_render(omnigrok) == showing
    assert f"{index.url}year/2022/" in showing and len(showing) < len(every) / 2

    # A new paper changes the counts every state's filters show: every state.
    added = add_publication(index, "Grokking in the wild", date(2026, 11, 30))
    assert to_render(added) == {index.url + state for state in index.listing_states()}

    # So does a member's new name (the member filter lists it).
    before = describe_listings()
    member = MemberPage.objects.live().first()
    member.title = member.title + " Jr."
    member.save_revision().publish()
    assert to_render(member) == {index.url + state for state in index.listing_states()}


def test_the_changed_page_is_on_the_copy_before_the_rest_is_rendered(
    copy, monkeypatch, django_capture_on_commit_callbacks
):
    """The paper's own page is written into the served folder first; the lists, exports
    and search index follow and change the folder at once. A publish stopped after the
    first write leaves the published page (what the editor published) and the folder
    marked unfinished, so that the next publish renders everything."""
    from publishing import incremental
    from publishing.files import generation_of

    folder, step = copy
    paper = PublicationPage.objects.get(slug="omnigrok-grokking-beyond-algorithmic-data")
    page_file = folder / paper.url.strip("/") / "index.html"
    list_file = folder / "publications" / "index.html"
    seen = {}
    original = incremental.publish_changes

    def watched(copy, page_ids, work):
        seen["page"] = page_file.read_text()
        seen["list"] = list_file.read_text()
        seen["generation"] = generation_of(folder)
        return original(copy, page_ids, work)

    monkeypatch.setattr(incremental, "publish_changes", watched)

    def rename(title):
        paper.title = title
        paper.save_revision().publish()

    _, state = step(lambda: rename("Omnigrok, first"))
    assert "Omnigrok, first" in seen["page"] and "Omnigrok, first" not in seen["list"]
    assert seen["generation"] == ""  # unfinished while the rest is rendered
    assert "Omnigrok, first" in list_file.read_text() and generation_of(folder)
    assert "pages and files" in state.last_kind

    def stopped(copy, page_ids, work):
        raise RuntimeError("the process was stopped")

    monkeypatch.setattr(incremental, "publish_changes", stopped)
    with django_capture_on_commit_callbacks(execute=True):
        rename("Omnigrok, second")
    assert "Omnigrok, second" in page_file.read_text()
    assert "Omnigrok, second" not in list_file.read_text()  # the rest was not swapped in
    assert generation_of(folder) == ""
    assert "stopped" in StaticCopy.objects.get().last_error

    monkeypatch.setattr(incremental, "publish_changes", original)
    _, state = step(lambda: rename("Omnigrok, third"))
    assert state.last_kind == "the whole site"
    assert "Omnigrok, third" in list_file.read_text() and generation_of(folder)
