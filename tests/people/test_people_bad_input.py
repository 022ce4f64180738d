"""A member's mistakes get a field error they understand, and nothing is saved half-way."""

from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import rich_text

from people.models import MemberPage, PeopleIndexPage, Role
from people.validators import normalise_orcid, scholar_validator

from ..factories import UserFactory
from .test_people_permissions import member_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(home_page, client):
    index = home_page.add_child(instance=PeopleIndexPage(title="People", slug="people"))
    user = UserFactory(username="ana")
    user.groups.add(Group.objects.get(name="Members"))
    page = index.add_child(instance=MemberPage(title="Ana A", slug="ana", role=Role.PHD, user=user))
    page.save_revision().publish()
    client.force_login(user)
    return page


def post_profile(client, member, **changes):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[member.pk]), member_form(member, **changes)
    )


def errors_of(response):
    return response.context["form"].errors


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("website", "not a url", "Enter a valid URL."),
        ("x_url", "https://facebook.com/ana", "This is not a X (Twitter) address"),
        ("github_url", "https://gitlab.com/ana", "This is not a GitHub address"),
        ("scholar_url", "https://example.org/scholar", "This is not a Google Scholar address"),
        ("linkedin_url", "https://linked.in/ana", "This is not a LinkedIn address"),
        ("orcid", "0000-0002-1825-0098", "This is not a valid ORCID iD"),
        ("email", "ana@", "Enter a valid email address."),
        ("openalex_id", "W123456", "This is not an OpenAlex author id"),
        ("arxiv_author_id", "https://arxiv.org/abs/2210.01117", "This is not an arXiv author id"),
        ("semantic_scholar_id", "ana-lopez", "This is not a Semantic Scholar author id"),
        ("title", "A" * 256, "Ensure this value has at most 255 characters"),
    ],
)
def test_bad_profile_input_gets_a_clear_field_error_and_saves_nothing(
    client, member, field, value, message
):
    revisions = member.revisions.count()

    response = post_profile(client, member, **{field: value, "bio": rich_text("<p>Changed</p>")})

    assert response.status_code == 200
    assert message in " ".join(errors_of(response)[field])
    assert MemberPage.objects.get(pk=member.pk).revisions.count() == revisions


def test_valid_links_are_accepted_and_orcid_is_normalised(client, member):
    response = post_profile(
        client,
        member,
        x_url="https://x.com/ana",
        github_url="https://github.com/ana",
        scholar_url="https://scholar.google.co.uk/citations?user=abc",
        orcid="0000-0002-1825-0097",
        linkedin_url="https://www.linkedin.com/in/ana",
    )

    assert response.status_code == 302
    draft = MemberPage.objects.get(pk=member.pk).get_latest_revision_as_object()
    assert draft.orcid == "https://orcid.org/0000-0002-1825-0097"


def test_a_member_sets_their_own_ids_for_finding_papers_in_any_usual_form(client, member):
    response = post_profile(
        client,
        member,
        openalex_id="https://openalex.org/a5023888391",
        arxiv_author_id="https://arxiv.org/a/Lopez_A_1.html",
        semantic_scholar_id="https://www.semanticscholar.org/author/Ana-Lopez/2110453",
        discover_publications="",
    )

    assert response.status_code == 302
    draft = MemberPage.objects.get(pk=member.pk).get_latest_revision_as_object()
    assert draft.openalex_id == "A5023888391"
    assert draft.arxiv_author_id == "lopez_a_1"
    assert draft.semantic_scholar_id == "2110453"
    assert draft.discover_publications is False


def test_orcid_check_digit_x_is_accepted():
    assert normalise_orcid("0000-0002-9079-593x") == "https://orcid.org/0000-0002-9079-593X"


def test_a_photo_needs_a_description(client, member):
    photo = get_image_model().objects.create(
        title="p",
        file=SimpleUploadedFile("p.png", png(), content_type="image/png"),
        uploaded_by_user=member.user,
    )

    response = post_profile(client, member, photo=photo.pk, photo_alt_text="")

    assert "Describe the photo" in " ".join(errors_of(response)["photo_alt_text"])


def png(size=(20, 20)):
    buffer = BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content)},
    )


def test_a_file_that_is_not_an_image_is_refused(client, member):
    response = upload(client, "cv.png", b"%PDF-1.4 this is not an image")

    assert response.status_code == 200
    assert "Upload a valid image" in " ".join(response.context["form"].errors["file"])
    assert not get_image_model().objects.exists()


def test_an_image_over_the_upload_limit_is_refused(client, member, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000

    response = upload(client, "big.png", png((400, 400)) + b"\0" * 2000)

    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "https://scholar.google.attacker-site.com/citations?user=abc",
        "https://scholar.google.com.evil.org/citations?user=abc",
        "https://scholar.google.evil/citations?user=abc",
        "https://scholar.googlex.com/citations?user=abc",
        "https://evil.com/?scholar.google.com",
    ],
)
def test_a_google_scholar_address_on_another_site_is_refused(address):
    with pytest.raises(ValidationError, match="not a Google Scholar address"):
        scholar_validator(address)


@pytest.mark.parametrize(
    "address",
    [
        "https://scholar.google.com/citations?user=abc",
        "https://scholar.google.de/citations?user=abc",
        "https://scholar.google.co.uk/citations?user=abc",
        "https://scholar.google.com.au/citations?user=abc",
    ],
)
def test_google_scholar_country_addresses_are_accepted(address):
    scholar_validator(address)
