"""The static copy's deploy targets beside its folder: an S3-compatible bucket through
django-storages (moto's S3 server on loopback) and a git branch (a local bare repository),
kept up to date by each publish, and failures the admin shows."""

import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import boto3
import pytest
import requests
from django.core.management import CommandError, call_command
from django.test import override_settings

from publications.models import PublicationPage
from publishing.files import is_compressed_twin, tree_files
from publishing.models import StaticCopy

pytestmark = pytest.mark.django_db

BASE = "https://lab.example.org/"
BUCKET = "lab-site-static"


def served_files(folder):
    """The copy's files that a bucket or a branch holds: all but the gzip twins that the
    folder keeps for nginx (which the folder must have)."""
    every = tree_files(folder)
    assert "index.html.gz" in every
    return {name: path for name, path in every.items() if not is_compressed_twin(name, every)}


def publish(folder, **options):
    out = StringIO()
    call_command("publish_static", str(folder), base_url=BASE, stdout=out, **options)
    return out.getvalue()


def publish_through_admin(action, capture):
    """Do ``action`` as an editor would, and run the publish it enqueues."""
    with capture(execute=True):
        action()
    return StaticCopy.objects.get()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")  # noqa: S105 (moto's fake key)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
        ),
    )
    # What settings make of STATIC_COPY_BUCKET (a folder in the bucket, as many sites share one).
    static_copy = {
        "BACKEND": "publishing.storage.StaticCopyStorage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "location": "lab",
            "endpoint_url": s3_endpoint,
            "region_name": "us-east-1",
            "querystring_auth": False,
            "file_overwrite": True,
        },
    }
    from django.conf import settings

    with override_settings(STORAGES={**settings.STORAGES, "static_copy": static_copy}):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    found = set()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        found |= {item["Key"] for item in page.get("Contents", [])}
    return found


def test_the_bucket_holds_the_copy_with_types_and_cache_lifetimes(
    small_site, tmp_path, bucket, s3_endpoint, django_capture_on_commit_callbacks
):
    folder = tmp_path / "copy"

    output = publish(folder, storage="static_copy")

    files = served_files(folder)
    manifest = "lab/lab-site-static-copy.json"  # what the copy wrote there, and only that
    assert keys(bucket) == {f"lab/{name}" for name in files} | {manifest}
    assert f"{len(files)} files uploaded to the storage “static_copy”, 0 deleted" in output
    expected = {
        "index.html": "text/html; charset=utf-8",
        "publications/index.html": "text/html; charset=utf-8",
        "publications.atom": "application/atom+xml; charset=utf-8",
        "publications/omnigrok-grokking-beyond-algorithmic-data.bib": (
            "application/x-bibtex; charset=utf-8"
        ),
        "sitemap.xml": "application/xml",
        "static/css/site.css": "text/css; charset=utf-8",
        "pagefind/pagefind.js": "text/javascript; charset=utf-8",
    }
    for name, content_type in expected.items():
        served = requests.get(f"{s3_endpoint}/{BUCKET}/lab/{name}", timeout=10)
        assert served.status_code == 200, name
        assert served.headers["Content-Type"] == content_type, name
        assert served.headers["Cache-Control"] == "public, max-age=60", name
        assert served.content == (folder / name).read_bytes(), name

    # An edit: only what shows it is uploaded again.
    paper = PublicationPage.objects.get(slug="omnigrok-grokking-beyond-algorithmic-data")

    def edit():
        paper.title = "Omnigrok (revised)"
        paper.save_revision().publish()

    copy = publish_through_admin(edit, django_capture_on_commit_callbacks)
    assert copy.last_error == ""
    uploaded = int(copy.last_pushed.split()[0])
    assert 0 < uploaded < len(files) / 2, copy.last_pushed
    page = requests.get(f"{s3_endpoint}/{BUCKET}/lab/{paper.url.strip('/')}/", timeout=10)
    assert page.status_code in (200, 404)  # buckets do not serve index.html by themselves
    body = bucket.get_object(Bucket=BUCKET, Key=f"lab{paper.url}index.html")["Body"].read()
    assert "Omnigrok (revised)" in body.decode()

    # A deletion: its files leave the bucket.
    doomed = PublicationPage.objects.exclude(pk=paper.pk).first()
    bib = f"lab{doomed.url.rstrip('/')}.bib"
    assert bib in keys(bucket)
    copy = publish_through_admin(doomed.delete, django_capture_on_commit_callbacks)
    assert bib not in keys(bucket)
    assert keys(bucket) == {f"lab/{name}" for name in served_files(folder)} | {manifest}
    assert "deleted" in copy.last_pushed and copy.last_error == ""


def test_a_storage_that_is_not_in_the_settings_is_named(small_site, tmp_path):
    with pytest.raises(CommandError, match="There is no storage “bucket” in the settings"):
        publish(tmp_path / "copy", storage="bucket")
    assert not StaticCopy.objects.exists()


def git(*arguments, cwd=None):
    return subprocess.run(  # noqa: S603 - git with the test's own arguments
        [shutil.which("git"), *arguments], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout.strip()


def branch_files(remote, branch="gh-pages"):
    listed = git("--git-dir", str(remote), "ls-tree", "-r", "--name-only", branch)
    return set(listed.splitlines())


def test_the_copy_is_pushed_to_a_git_branch_one_commit_per_change(
    small_site, tmp_path, django_capture_on_commit_callbacks
):
    remote = tmp_path / "site.git"
    git("init", "--quiet", "--bare", str(remote))
    folder = tmp_path / "public"

    output = publish(folder, git_remote=str(remote))

    assert f"pushed to the branch gh-pages of {remote}" in output
    files = set(served_files(folder))
    assert branch_files(remote) == files | {".nojekyll"}
    shown = git("--git-dir", str(remote), "show", "gh-pages:publications/index.html")
    assert shown == (folder / "publications/index.html").read_text().strip()
    assert not any(Path(name).parts[0].endswith(".git") for name in files)  # kept beside

    # GitHub keeps a custom domain in the branch: a publish keeps it.
    work = tmp_path / "work"
    git("clone", "--quiet", "--branch", "gh-pages", str(remote), str(work))
    (work / "CNAME").write_text("lab.example.org\n")
    git("add", "CNAME", cwd=work)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "Domain", cwd=work)
    git("push", "--quiet", "origin", "gh-pages", cwd=work)

    doomed = PublicationPage.objects.first()
    copy = publish_through_admin(doomed.unpublish, django_capture_on_commit_callbacks)

    assert copy.last_error == "" and copy.last_pushed.startswith("pushed to the branch")
    log = git("--git-dir", str(remote), "log", "--format=%s", "gh-pages").splitlines()
    assert len(log) == 3 and log[0].startswith("Publish the site (")
    on_branch = branch_files(remote)
    assert on_branch == set(served_files(folder)) | {".nojekyll", "CNAME"}
    assert f"{doomed.url.strip('/')}/index.html" not in on_branch

    # Publishing the whole site again changes nothing: no empty commit.
    output = publish(folder)
    assert "already had these files" in output
    assert len(git("--git-dir", str(remote), "log", "--format=%s", "gh-pages").splitlines()) == 3


def test_a_failed_push_is_shown_without_the_password_and_the_render_is_kept(
    small_site, tmp_path, django_capture_on_commit_callbacks
):
    folder = tmp_path / "public"
    unreachable = "https://deploy:s3cret-token@127.0.0.1:9/lab.git"

    with pytest.raises(CommandError) as failure:
        publish(folder, git_remote=unreachable)

    message = str(failure.value)
    assert "Pushing to the branch gh-pages of https://127.0.0.1:9/lab.git failed" in message
    assert "s3cret" not in message
    copy = StaticCopy.objects.get()
    assert "s3cret" not in copy.last_error and "failed" in copy.last_error
    assert copy.state.get("files")  # the folder is right; only the push failed
    assert (folder / "index.html").exists()

    # The next publish renders only its change, and pushes again (and fails again).
    paper = PublicationPage.objects.first()
    copy = publish_through_admin(
        lambda: paper.save_revision().publish(), django_capture_on_commit_callbacks
    )
    assert "pages and files" in copy.last_kind and "failed" in copy.last_error
