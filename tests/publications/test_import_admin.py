"""The admin import page: preview first, then confirm; problems shown in plain words."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from publications.models import PublicationIndexPage, PublicationPage

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
FILES = Path(__file__).resolve().parents[1] / "files"


@pytest.fixture
def editor_client(client, home_page):
    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


def test_upload_previews_then_imports_on_confirm(editor_client):
    url = reverse("publications_import")
    upload = SimpleUploadedFile("papers.bib", (FILES / "sample.bib").read_bytes())

    preview = editor_client.post(url, {"source": "bibtex", "file": upload})

    html = preview.content.decode()
    assert "Preview" in html and "Omnigrok: Grokking Beyond Algorithmic Data" in html
    assert not PublicationPage.objects.exists()

    text = (FILES / "sample.bib").read_text()
    confirm = editor_client.post(url, {"source": "bibtex", "text": text, "confirm": "1"})

    assert confirm.status_code == 302
    assert PublicationPage.objects.count() == 4


def test_bad_input_is_listed_and_nothing_is_saved(editor_client):
    text = (FILES / "bad_dates.bib").read_text()

    response = editor_client.post(
        reverse("publications_import"), {"source": "bibtex", "text": text, "confirm": "1"}
    )

    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "“noyear” (line 1): it has no year" in html
    assert not PublicationPage.objects.exists()


def test_empty_form_asks_for_something_to_import(editor_client):
    response = editor_client.post(reverse("publications_import"), {"source": "bibtex", "text": ""})

    assert "Choose a file or paste something to import." in response.content.decode()


def test_members_cannot_import(client, home_page):
    home_page.add_child(instance=PublicationIndexPage(title="Publications", slug="publications"))
    member = UserFactory(username="member")
    member.groups.add(Group.objects.get(name="Members"))
    client.force_login(member)

    response = client.post(
        reverse("publications_import"),
        {"source": "bibtex", "text": (FILES / "sample.bib").read_text(), "confirm": "1"},
    )

    assert response.status_code in {302, 403}
    assert not PublicationPage.objects.exists()


def test_the_preview_names_the_authors_and_offers_to_cancel(editor_client):
    text = (FILES / "sample.bib").read_text()

    html = editor_client.post(
        reverse("publications_import"), {"source": "bibtex", "text": text}
    ).content.decode()

    assert "Ziming Liu, Eric J. Michaud, Max Tegmark" in html
    assert "Jörg Müller et al." in html
    assert "New paper" in html
    assert f'href="{reverse("publications_import")}">Cancel</a>' in html


def test_the_result_links_to_every_paper_it_wrote(editor_client):
    text = (FILES / "sample.bib").read_text()

    done = editor_client.post(
        reverse("publications_import"),
        {"source": "bibtex", "text": text, "confirm": "1"},
        follow=True,
    ).content.decode()

    papers = PublicationPage.objects.all()
    assert papers.count() == 4
    for paper in papers:
        assert reverse("wagtailadmin_pages:edit", args=[paper.pk]) in done
        assert f'href="{paper.url}"' in done
    assert "Created" in done and "Imported: 4 created" in done
