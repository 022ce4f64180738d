"""Photo galleries: each photo described (required to publish), captioned and dated, at
an address of its own (the viewer is links, no script); a gallery made from a collection's
photos; members see the photos they are in on their profile once the gallery is
published; a home section of recent photos; ImageGallery JSON-LD."""

import json
import re
from datetime import date

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Collection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from galleries.models import GalleryPage, GalleryPhoto
from people.models import PeopleIndexPage

from ..conftest import count_queries
from ..factories import UserFactory, add_galleries_index, add_gallery, add_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def photos_index(home_page):
    return add_galleries_index(home_page, show_in_menus=True)


@pytest.fixture
def ziming(home_page):
    people = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    return add_member(people, "Ziming Liu")


@pytest.fixture
def pictures():
    return [
        wagtail_factories.ImageFactory(
            title=f"retreat-{n}.jpg", file__width=1600, file__height=1200
        )
        for n in range(3)
    ]


def main(client, url):
    return client.get(url).content.decode().split("<main", 1)[1]


def test_a_gallery_shows_each_photo_described_and_linked_to_its_own_page(
    client, photos_index, ziming, pictures
):
    gallery = add_gallery(photos_index, "Group retreat 2025", pictures, members=[ziming])

    html = main(client, gallery.url)

    links = re.findall(r'class="photo-grid__link" href="([^"]+)"', html)
    assert links == [f"{gallery.url}photo/{n}/" for n in (1, 2, 3)]
    assert 'alt="Members of the group at group retreat 2025, photo 1"' in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html


def test_a_photo_page_has_its_caption_date_people_and_the_way_on(
    client, photos_index, ziming, pictures
):
    gallery = add_gallery(photos_index, "Group retreat 2025", pictures, members=[ziming])
    first = gallery.photos.first()
    first.caption, first.taken_on = "Talks in the morning", date(2025, 6, 3)
    first.save()

    one = main(client, gallery.url + "photo/1/")
    two = main(client, gallery.url + "photo/2/")
    three = main(client, gallery.url + "photo/3/")

    assert '<h1 class="photo-page__title">Talks in the morning</h1>' in one
    assert 'datetime="2025-06-03"' in one
    assert f'In the photo: <a href="{ziming.url}">Ziming Liu</a>' in one
    assert "Photo 1 of 3" in one and "Previous photo" not in one
    assert 'rel="next" href="/photos/group-retreat-2025/photo/2/"' in one
    assert 'rel="prev"' in two and 'rel="next"' in two
    assert "Next photo" not in three
    for missing in ("photo/0/", "photo/4/", "photo/x/", "photo/99999999999999999999/"):
        assert client.get(gallery.url + missing).status_code == 404, missing


def test_the_index_lists_galleries_newest_first_with_their_count(client, photos_index, pictures):
    add_gallery(photos_index, "Older", pictures[:1], date=date(2023, 5, 1))
    add_gallery(photos_index, "Newer", pictures, date=date(2025, 5, 1))

    html = main(client, photos_index.url)

    assert html.index("Newer") < html.index("Older")
    assert "3 photos" in html and "1 photo<" in html
    assert 'class="main-nav__link" href="/photos/"' in client.get("/").content.decode()


def test_a_member_sees_the_photos_they_are_in_once_the_gallery_is_published(
    client, photos_index, ziming, pictures
):
    gallery = add_gallery(photos_index, "Group retreat 2025", pictures)
    assert 'id="member-photos"' not in main(client, ziming.url)

    # Named in a draft: not on the profile.
    draft = gallery.get_latest_revision_as_object()
    photos = list(draft.photos.all())
    photos[0].people.set([ziming])
    draft.photos = photos
    revision = draft.save_revision()
    assert 'id="member-photos"' not in main(client, ziming.url)

    revision.publish()  # an editor's (or a moderator's) approval
    profile = main(client, ziming.url)
    assert 'id="member-photos"' in profile and f'href="{gallery.url}photo/1/"' in profile


def test_publishing_needs_a_description_of_every_photo_and_a_draft_does_not(
    admin_client, photos_index, pictures
):
    url = reverse("wagtailadmin_pages:add", args=["galleries", "gallerypage", photos_index.pk])

    def form(action, alt):
        return nested_form_data(
            {
                "title": "Retreat",
                "slug": "retreat",
                "date": "2025-06-03",
                "intro": rich_text(""),
                "collection": "",
                "photos": inline_formset(
                    [{"image": pictures[0].pk, "alt_text": alt, "caption": "", "taken_on": ""}]
                ),
                action: "1",
            }
        )

    refused = admin_client.post(url, form("action-publish", ""))
    assert refused.status_code == 200
    assert "Describe the photo for people who cannot see it" in refused.content.decode()
    assert not GalleryPage.objects.exists()

    draft = admin_client.post(url, form("", ""))
    assert draft.status_code == 302 and not GalleryPage.objects.get().live


def test_a_collections_photos_are_added_to_the_draft_described_where_they_were(
    admin_client, photos_index
):
    root = Collection.get_first_root_node()
    retreat = root.add_child(name="Retreat 2025")
    other = root.add_child(name="Other")
    inside = [
        wagtail_factories.ImageFactory(collection=retreat, title=f"r{n}", description=text)
        for n, text in enumerate(["Five people at a whiteboard", ""])
    ]
    wagtail_factories.ImageFactory(collection=other, title="elsewhere")
    gallery = add_gallery(photos_index, "Retreat", [inside[0]], collection=retreat)
    url = reverse("galleries_add_collection", args=[gallery.pk])

    asked = admin_client.get(url).content.decode()
    assert "One photo of “Retreat 2025” is not in the gallery yet" in asked
    done = admin_client.post(url)

    assert done.status_code == 302 and done.url.endswith(f"/pages/{gallery.pk}/edit/")
    draft = GalleryPage.objects.get(pk=gallery.pk).get_latest_revision_as_object()
    assert [photo.image_id for photo in draft.photos.all()] == [inside[0].pk, inside[1].pk]
    assert GalleryPage.objects.get(pk=gallery.pk).photos.count() == 1  # live: as it was
    again = admin_client.get(url).content.decode()
    assert "Every photo of “Retreat 2025” is in the gallery already." in again


def test_a_member_may_not_add_photos_to_a_gallery(client, photos_index, ziming, pictures):
    gallery = add_gallery(
        photos_index, "Retreat", pictures, collection=Collection.get_first_root_node()
    )
    user = UserFactory(username="ziming")
    user.groups.add(Group.objects.get(name="Members"))
    client.force_login(user)

    response = client.post(reverse("galleries_add_collection", args=[gallery.pk]))

    # Wagtail's admin answers a refusal by sending the person back to the dashboard.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not GalleryPage.objects.get(pk=gallery.pk).revisions.exists()


def test_the_home_section_shows_recent_photos_and_hides_while_none(
    client, home_page, photos_index, pictures
):
    home_page.body = [("photos", {"heading": "Life in the group", "intro": "", "count": 2})]
    home_page.save_revision().publish()
    assert "Life in the group" not in client.get("/").content.decode()

    gallery = add_gallery(photos_index, "Retreat", pictures)
    html = client.get("/").content.decode()

    assert "Life in the group" in html
    assert re.findall(r'class="photo-grid__link" href="([^"]+)"', html) == [
        f"{gallery.url}photo/1/",
        f"{gallery.url}photo/2/",
    ]


def test_the_json_ld_is_an_image_gallery(client, photos_index, ziming, pictures):
    gallery = add_gallery(photos_index, "Retreat", pictures, members=[ziming])

    html = client.get(gallery.url).content.decode()
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])

    assert data["@type"] == "ImageGallery" and len(data["image"]) == 3
    first = data["image"][0]
    assert first["@type"] == "ImageObject" and first["contentUrl"].endswith(".jpg")
    assert first["url"].endswith(f"{gallery.url}photo/1/")
    assert first["about"] == [
        {"@type": "Person", "name": "Ziming Liu", "url": ziming.get_full_url()}
    ]


def test_a_gallery_reads_a_constant_number_of_queries(client, photos_index, ziming):
    few = add_gallery(
        photos_index, "Few", wagtail_factories.ImageFactory.create_batch(2), members=[ziming]
    )
    many = add_gallery(
        photos_index, "Many", wagtail_factories.ImageFactory.create_batch(8), members=[ziming]
    )
    client.get(few.url), client.get(many.url)  # the renditions are made once

    assert count_queries(client, few.url) == count_queries(client, many.url)


def test_galleries_are_found_by_the_site_search(client, photos_index, pictures):
    add_gallery(photos_index, "Group retreat in Woods Hole", pictures, intro="<p>By the sea.</p>")

    html = client.get("/search/?q=woods").content.decode()

    assert 'id="group-galleries">Photos' in html and "Group retreat in Woods Hole" in html
    assert GalleryPhoto.objects.count() == 3


def test_a_profile_links_each_photo_to_its_number_in_its_gallery(
    client, photos_index, ziming, pictures
):
    first = add_gallery(photos_index, "Retreat", pictures, members=[ziming])
    second = add_gallery(photos_index, "Barbecue", pictures[:2], date=date(2020, 1, 1))
    draft = second.get_latest_revision_as_object() if second.revisions.exists() else second
    photos = list(draft.photos.all())
    photos[1].people.set([ziming])
    draft.photos = photos
    draft.save_revision().publish()

    profile = main(client, ziming.url)

    links = re.findall(r'class="photo-grid__link" href="([^"]+)"', profile)
    assert links == [f"{first.url}photo/1/", f"{second.url}photo/2/"]
