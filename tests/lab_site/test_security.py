"""Security: headers on every public response, the admin's own CSP, login throttling, uploads."""

import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PATHS = [
    "/",
    "/people/",
    "/people/max-tegmark/",
    "/publications/",
    "/publications/omnigrok-grokking-beyond-algorithmic-data/",
    "/research/",
    "/research/omnigrok-grokking-beyond-algorithmic-data/",
    "/search/?q=grokking",
    "/no-such-page/",
]


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_public_response_carries_the_security_headers(client, demo_site):
    for path in PUBLIC_PATHS:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], path
        assert policy["style-src"] == ["'self'"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["frame-ancestors"] == ["'self'"], path
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_have_no_inline_script_or_style(client, demo_site):
    for path in PUBLIC_PATHS:
        html = client.get(path).content.decode()
        # Only external scripts, and JSON-LD data (which browsers never run).
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (path, tag)
        assert "<style" not in html, path
        assert " style=" not in html, path


def test_the_admin_has_its_own_policy_scoped_to_it(client, demo_site):
    client.force_login(UserFactory(is_superuser=True))
    policy = directives(client.get("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


# --- login throttling -------------------------------------------------------------------


def sign_in(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_login_with_a_clear_message(client, settings):
    UserFactory(username="ana", password="the-right-password")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "ana", "wrong").status_code == 200

    locked = sign_in(client, "ana", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert sign_in(client, "ana", "the-right-password").status_code == 429


def test_an_editor_unlocks_a_locked_out_login(client, settings):
    UserFactory(username="ana", password="the-right-password")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "ana", "wrong")
    attempt = AccessAttempt.objects.get(username="ana")

    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    page = client.get(reverse("locked_out_logins"))
    assert page.status_code == 200
    assert "ana" in page.content.decode()
    client.post(reverse("locked_out_logins"), {"attempt": attempt.pk})
    client.logout()

    assert sign_in(client, "ana", "the-right-password").status_code == 302


def test_members_cannot_unlock_logins(client):
    member = UserFactory(username="member")
    member.groups.add(Group.objects.get(name="Members"))
    client.force_login(member)
    assert client.get(reverse("locked_out_logins")).status_code in (302, 403)


# --- image uploads ----------------------------------------------------------------------


def png_bytes(width, height, mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def uploader(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def upload(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Upload",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def test_a_real_image_is_accepted(uploader):
    response = upload(uploader, "photo.png", png_bytes(40, 30))
    assert response.status_code == 302
    assert get_image_model().objects.count() == 1


def test_an_oversized_file_is_refused_with_a_clear_message(uploader):
    with override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024):
        response = upload(uploader, "big.png", png_bytes(600, 600, "RGB") + b"\0" * 4096)
    assert "This file is too big" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_file_that_is_not_an_image_is_refused(uploader):
    response = upload(uploader, "notes.png", b"%PDF-1.4 this is not a picture")
    assert "The file you uploaded was either not an image or a corrupted image" in (
        response.content.decode()
    )
    assert not get_image_model().objects.exists()


def test_a_disallowed_extension_is_refused(uploader):
    response = upload(uploader, "vector.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert "Not a supported image format" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_decompression_bomb_is_refused(uploader, settings):
    # 8,000 × 8,000 pixels in a few kilobytes: 64 million pixels, over the 40 million limit.
    bomb = png_bytes(8000, 8000, "1")
    assert len(bomb) < settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    response = upload(uploader, "bomb.png", bomb)
    assert "too many pixels" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_unlocking_with_a_bad_attempt_value_says_so_instead_of_failing(client):
    editor = UserFactory(username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    for value in ["abc", "", "1e9", "99999999999999999999999", "\x00", "-1"]:
        response = client.post(reverse("locked_out_logins"), {"attempt": value}, follow=True)
        assert response.status_code == 200, value
        assert "no longer locked out" in response.content.decode()


# Files that start like an image of one format and are not one: each gets the form's
# message, never a server error.
IMPOSTORS = {
    "gif.gif": b"GIF89a" + b"\x00" * 20,
    "gif-short.gif": b"GIF89a",
    "gif-header.gif": b"GIF89a\x10\x00\x10\x00\x80\x00\x00" + b"\xff" * 10,
    "gif87.gif": b"GIF87a\x01\x00\x01\x00" + b"junk" * 10,
    "png.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
    "jpeg.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 30,
    "webp.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20,
    "avif.avif": b"\x00\x00\x00\x1cftypavif" + b"\x00" * 20,
    "heic.heic": b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20,
}


@pytest.mark.parametrize("name", IMPOSTORS)
def test_a_file_that_only_starts_like_an_image_is_refused_with_a_message(uploader, name):
    response = upload(uploader, name, IMPOSTORS[name])

    assert response.status_code == 200
    html = response.content.decode()
    assert "not an image or a corrupted image" in html or "Not a supported image format" in html
    assert not get_image_model().objects.exists()
