"""A deploy target never removes files it did not write, and a git token never shows on a
command line or in a backup."""

import base64
import json
import tarfile
from http.server import BaseHTTPRequestHandler
from io import StringIO
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.documents import get_document_model

from publishing.models import StaticCopy
from tests.loopback import serving

pytestmark = pytest.mark.django_db

BASE = "https://lab.example.org/"


def publish(folder, **options):
    out, errors = StringIO(), StringIO()
    call_command(
        "publish_static",
        str(folder),
        base_url=BASE,
        no_search=True,
        stdout=out,
        stderr=errors,
        **options,
    )
    return out.getvalue()


def storage_in(location):
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location)},
    }


def test_the_media_and_static_storages_are_refused_and_keep_every_upload(home_page, tmp_path):
    image = wagtail_factories.ImageFactory(file__width=20, file__height=20)
    document = get_document_model().objects.create(title="Notes", file="documents/notes.txt")
    uploads = Path(settings.MEDIA_ROOT)
    before = sorted(p for p in uploads.rglob("*") if p.is_file())
    inside_media = storage_in(uploads / "copy")
    around_media = storage_in(uploads.parent)

    with override_settings(
        STORAGES={**settings.STORAGES, "inside": inside_media, "around": around_media}
    ):
        for alias in ("default", "staticfiles", "inside", "around"):
            with pytest.raises(CommandError, match="storage of its own"):
                publish(tmp_path / f"public-{alias}", storage=alias)

    assert sorted(p for p in uploads.rglob("*") if p.is_file()) == before
    assert image.file.storage.exists(image.file.name) and document.file.name


def test_a_storage_holding_files_of_others_is_refused_and_only_written_files_are_removed(
    home_page, tmp_path
):
    bucket = tmp_path / "bucket"
    bucket.mkdir()
    (bucket / "their-report.pdf").write_bytes(b"someone else's")
    with override_settings(STORAGES={**settings.STORAGES, "shared": storage_in(bucket)}):
        with pytest.raises(CommandError, match="did not write"):
            publish(tmp_path / "public", storage="shared")
        assert (bucket / "their-report.pdf").read_bytes() == b"someone else's"

        (bucket / "their-report.pdf").unlink()
        said = publish(tmp_path / "public", storage="shared")
        assert "uploaded to the storage “shared”" in said
        manifest = json.loads((bucket / "lab-site-static-copy.json").read_text())
        assert "index.html" in manifest["files"] and manifest["complete"] is True
        # Someone else puts a file there afterwards, and the database forgets the
        # manifest (a restore): the copy's clean-up leaves their file alone.
        (bucket / "their-notes.txt").write_text("mine")
        StaticCopy.objects.update(uploaded={})
        home_page.title = "Home again"
        home_page.save_revision().publish()
        publish(tmp_path / "public", storage="shared")
        assert (bucket / "their-notes.txt").read_text() == "mine"
        assert (bucket / "index.html").exists()

        # A push killed half-way leaves its manifest saying so, with the files it meant
        # to write: the next push says the bucket held two versions, and removes them.
        manifest = json.loads((bucket / "lab-site-static-copy.json").read_text())
        (bucket / "half-written.html").write_text("from the killed push")
        manifest["files"]["half-written.html"] = ""
        manifest["complete"] = False
        (bucket / "lab-site-static-copy.json").write_text(json.dumps(manifest))
        said = publish(tmp_path / "public", storage="shared")
        assert "stopped half-way (it held files of two versions until now)" in said
        assert not (bucket / "half-written.html").exists()
        assert (bucket / "their-notes.txt").read_text() == "mine"


def test_a_folder_holding_files_of_others_is_refused(home_page, tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "thesis.tex").write_text("years of work")
    with pytest.raises(CommandError, match="did not write"):
        publish(folder)
    assert (folder / "thesis.tex").read_text() == "years of work"
    with pytest.raises(CommandError, match="folder of its own"):
        publish(Path(settings.MEDIA_ROOT))
    with pytest.raises(CommandError, match="folder of its own"):
        publish(Path(settings.BASE_DIR).parent)
    # A folder the copy wrote is brought up to date, as before.
    publish(tmp_path / "public")
    publish(tmp_path / "public")


# --- git credentials --------------------------------------------------------------------


class GitServer(BaseHTTPRequestHandler):
    """A git host on loopback that asks for a password, and notes what each request
    carried and whether the token was on any process's command line meanwhile."""

    token = "s3cret-t0ken-4711"
    seen = []

    def do_GET(self):
        exposed = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if self.token.encode() in cmdline.read_bytes():
                    exposed.append(cmdline.parent.name)
            except OSError:
                continue
        authorization = self.headers.get("Authorization", "")
        GitServer.seen.append((self.path, authorization, exposed))
        if not authorization:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.end_headers()
            return
        self.send_response(403)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def git_host():
    GitServer.seen = []
    with serving(GitServer) as base:
        yield base.removeprefix("http://")


def test_a_git_token_reaches_the_host_but_no_command_line_and_no_backup(
    home_page, tmp_path, git_host
):
    token = GitServer.token
    with pytest.raises(CommandError) as failure:
        publish(tmp_path / "public", git_remote=f"http://deploy:{token}@{git_host}/lab.git")

    assert token not in str(failure.value)
    answered = [seen for seen in GitServer.seen if seen[1]]
    assert answered, GitServer.seen  # git asked, and the helper gave the token
    expected = "Basic " + base64.b64encode(f"deploy:{token}".encode()).decode()
    assert answered[0][1] == expected
    assert not [exposed for _path, _auth, exposed in GitServer.seen if exposed]
    copy = StaticCopy.objects.get()
    assert token not in copy.git_remote and token not in copy.last_error
    assert copy.git_remote == f"http://{git_host}/lab.git"

    backup = tmp_path / "site.tar.gz"
    call_command("backup", str(backup), stdout=StringIO())
    with tarfile.open(backup) as archive:
        assert token.encode() not in archive.extractfile("data.json").read()
