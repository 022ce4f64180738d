"""Backing up and restoring the whole site: every database row that holds content, and
the uploaded files (original images and documents), in one .tar.gz file.

Derived data is left out and rebuilt on restore: image renditions (made again on
demand), the search index and Wagtail's reference index. Sessions, login-throttling
records and content types are left out too (content types are recreated by
``migrate``; rows refer to them by natural key).
"""

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

FORMAT = 1
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "admin.logentry",
    "wagtailsearch",
    "wagtailimages.rendition",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
]


class BackupError(Exception):
    """A backup file that cannot be restored, with the reason in plain words."""


def media_names():
    """The stored names of every uploaded original image and document."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    names = []
    for model in (get_image_model(), get_document_model()):
        names += [name for name in model.objects.values_list("file", flat=True) if name]
    return names


def create_backup(path, stdout=None):
    """Write the backup to ``path``; returns the manifest (what it holds)."""
    data = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=EXCLUDED,
        stdout=data,
    )
    payload = data.getvalue().encode()
    names = media_names()
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "objects": len(json.loads(payload)),
        "media_files": len(names),
    }
    with tarfile.open(path, "w:gz") as archive:
        _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add(archive, "data.json", payload)
        for name in names:
            with default_storage.open(name, "rb") as handle:
                _add(archive, f"media/{name}", handle.read())
    return manifest


def _add(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def read_backup(path):
    """(manifest, data bytes, {media name: bytes}) of a backup file, checked."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            files = {member.name: member for member in archive.getmembers() if member.isfile()}
            if "manifest.json" not in files or "data.json" not in files:
                raise BackupError(f"{path} is not a lab-site backup (no manifest or data).")
            manifest = json.loads(archive.extractfile(files["manifest.json"]).read())
            if manifest.get("format") != FORMAT:
                raise BackupError(
                    f"{path} was made by another version (format {manifest.get('format')})."
                )
            data = archive.extractfile(files["data.json"]).read()
            media = {}
            for name, member in files.items():
                if not name.startswith("media/"):
                    continue
                relative = name.removeprefix("media/")
                if relative.startswith("/") or ".." in Path(relative).parts:
                    raise BackupError(f"{path} holds an unsafe file name: {name}")
                media[relative] = archive.extractfile(member).read()
    except (tarfile.TarError, OSError, json.JSONDecodeError, EOFError) as error:
        raise BackupError(f"{path} cannot be read as a backup: {error}") from error
    return manifest, data, media


def restore_backup(path):
    """Replace the site's content with the backup's: all of it, or nothing if it fails."""
    manifest, data, media = read_backup(path)
    with tempfile.NamedTemporaryFile(suffix=".json") as dump:
        dump.write(data)
        dump.flush()
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", dump.name, verbosity=0)
    for name, content in media.items():
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(content))
    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    return manifest
