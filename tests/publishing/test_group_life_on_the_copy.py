"""The group's life beyond papers on the static copy: the awards and teaching pages, each
award and course, a course's uploaded materials, and what members' profiles and papers
say of them; an update after a new award brings the profile and the paper up to date."""

import json
import re
from datetime import date

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from people.models import MemberPage
from publications.models import PublicationPage
from publishing.models import StaticCopy
from teaching.models import Season

from ..factories import (
    add_award,
    add_awards_index,
    add_course,
    add_galleries_index,
    add_gallery,
    add_teaching_index,
)
from .test_publish_static import publish

pytestmark = pytest.mark.django_db


def page_file(out, page):
    return out / page.url.strip("/") / "index.html"


def test_awards_courses_and_their_files_are_on_the_copy(small_site, tmp_path):
    ziming = MemberPage.objects.get(title="Ziming Liu")
    paper = PublicationPage.objects.get(title="KAN: Kolmogorov-Arnold Networks")
    slides = get_document_model().objects.create(
        title="Slides", file=ContentFile(b"%PDF-1.4 lecture one", name="lecture-1.pdf")
    )
    teaching = add_teaching_index(small_site, show_in_menus=True)
    course = add_course(
        teaching,
        "Deep learning for physicists",
        code="8.S50",
        terms=[(Season.FALL, date.today().year)],
        members=[ziming],
        materials=[("document", {"title": "Lecture 1 slides", "document": slides})],
    )
    awards = add_awards_index(small_site, show_in_menus=True)
    first = add_award(awards, "Best Poster Award", 2023, members=[ziming])
    photos = add_galleries_index(small_site, show_in_menus=True)
    gallery = add_gallery(
        photos,
        "Group retreat",
        wagtail_factories.ImageFactory.create_batch(2, file__width=900, file__height=600),
        members=[ziming],
    )

    out = tmp_path / "copy"
    publish(out)

    for page in (teaching, course, awards, first, photos, gallery):
        assert page_file(out, page).is_file(), page.url
    # Each photo's own page, and the pictures it shows, in every format offered.
    for number in (1, 2):
        photo = out / gallery.url.strip("/") / "photo" / str(number) / "index.html"
        html = photo.read_text()
        sources = re.findall(r'srcset="([^" ]+)', html) + re.findall(
            r'<img[^>]+src="([^"]+)"', html
        )
        assert sources and all((out / source.lstrip("/")).is_file() for source in sources), sources
        assert 'type="image/avif"' in html
    course_html = page_file(out, course).read_text()
    # The material's link leads to a file the copy holds.
    link = course_html.split('">Lecture 1 slides</a>')[0].rsplit('href="', 1)[1]
    assert (out / link.lstrip("/")).read_bytes() == b"%PDF-1.4 lecture one"
    profile = page_file(out, ziming).read_text()
    assert "Best Poster Award" in profile and "8.S50 Deep learning for physicists" in profile
    assert f'href="{gallery.url}photo/1/"' in profile
    # The member's CV, its PDF and its JSON Resume.
    cv = out / ziming.url.strip("/") / "cv" / "index.html"
    assert "Best Poster Award" in cv.read_text() and "8.S50" in cv.read_text()
    stem = out / ziming.url.strip("/")
    assert (stem / "cv.pdf").read_bytes().startswith(b"%PDF-")
    resume = json.loads((stem / "cv.resume.json").read_text())
    assert [award["title"] for award in resume["awards"]] == ["Best Poster Award"]
    sitemap = (out / "sitemap.xml").read_text()
    assert all(page.url in sitemap for page in (teaching, course, awards, first))

    # A new award for a paper: published again, the profile and the paper's page say so.
    second = add_award(awards, "Outstanding Paper Award", 2025, members=[ziming], paper=paper)
    publish(out)

    assert "Outstanding Paper Award" in page_file(out, ziming).read_text()
    assert "Outstanding Paper Award" in (stem / "cv" / "index.html").read_text()
    resume = json.loads((stem / "cv.resume.json").read_text())
    assert [award["title"] for award in resume["awards"]][0] == "Outstanding Paper Award"
    assert "Outstanding Paper Award" in page_file(out, paper).read_text()
    assert page_file(out, second).is_file()


def test_an_update_brings_a_members_cv_and_its_files_up_to_date_and_no_one_elses(
    small_site, tmp_path, django_capture_on_commit_callbacks
):
    from people.models import PeopleIndexPage

    from ..factories import add_member

    ziming = MemberPage.objects.get(title="Ziming Liu")
    other = add_member(PeopleIndexPage.objects.get(), "Eric J. Michaud")
    out = tmp_path / "copy"
    publish(out)
    stem, others = out / ziming.url.strip("/"), out / other.url.strip("/")
    untouched = {path: path.stat().st_mtime_ns for path in others.rglob("*") if path.is_file()}
    assert (others / "cv.pdf").exists() and (others / "cv.resume.json").exists()

    paper = PublicationPage.objects.get(title="KAN: Kolmogorov-Arnold Networks")
    with django_capture_on_commit_callbacks(execute=True):
        paper.title = "KAN 2.0: Kolmogorov-Arnold Networks Meet Science"
        paper.save_revision().publish()

    state = StaticCopy.objects.get()
    assert state.last_error == "" and "pages and files" in state.last_kind  # an update
    assert "KAN 2.0" in (stem / "cv" / "index.html").read_text()
    assert "KAN 2.0" in (stem / "cv.resume.json").read_text()
    assert b"%PDF-" in (stem / "cv.pdf").read_bytes()
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(stem / "cv.pdf").pages)
    assert "KAN 2.0" in text
    # Another member's CV shows nothing of the paper: its files were not written again.
    assert {path: path.stat().st_mtime_ns for path in untouched} == untouched
