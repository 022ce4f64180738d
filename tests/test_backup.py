"""`manage.py backup` and `restore`: all content, images included, round-trips."""

from io import StringIO

import pytest
import wagtail_factories
from django.core.management import CommandError, call_command
from django.db.models import Count
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from people.models import MemberPage

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot():
    """What a visitor and an editor would see, in comparable form."""
    pages = list(
        Page.objects.order_by("path").values_list(
            "path", "title", "slug", "live", "content_type__model"
        )
    )
    members = list(
        MemberPage.objects.order_by("path").values_list("title", "role", "photo__title", "bio")
    )
    revisions = (
        Revision.objects.values("object_id").annotate(count=Count("id")).order_by("object_id")
    )
    images = {image.title: image.file.read() for image in get_image_model().objects.all()}
    return pages, members, list(revisions), images


def test_backup_restores_into_an_empty_database_exactly(client, tmp_path):
    from tests.conftest import build_site_tree

    build_site_tree()
    call_command("load_demo_content", stdout=StringIO())
    member = MemberPage.objects.get(slug="ziming-liu")
    member.photo = wagtail_factories.ImageFactory(title="Ziming", file__width=300, file__height=300)
    member.photo_alt_text = "Ziming at a whiteboard"
    member.bio = "<p>Physics of learning.</p>"
    member.save_revision().publish()
    before = snapshot()
    path = tmp_path / "site.tar.gz"

    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert "files to" in out.getvalue()

    # An empty database: every row gone, uploaded files gone too.
    call_command("flush", interactive=False, verbosity=0)
    image_names = [name for name in before[3]]
    assert Page.objects.count() == 0 and image_names

    call_command("restore", str(path), "--yes", stdout=StringIO())

    assert snapshot() == before
    assert client.get("/people/ziming-liu/").status_code == 200
    assert "Physics of learning." in client.get("/people/ziming-liu/").content.decode()
    # The search index was rebuilt.
    assert "Ziming Liu" in client.get("/search/?q=Ziming").content.decode()


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(tmp_path, home_page):
    bogus = tmp_path / "notes.tar.gz"
    bogus.write_bytes(b"not a tar file")
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="cannot be read as a backup"):
        call_command("restore", str(bogus), "--yes", stdout=StringIO())
    assert Page.objects.count() == pages
