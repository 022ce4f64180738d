"""Backing up and restoring the whole site: every database row that holds content, and
the uploaded files (original images and documents), in one .tar.gz file.

Derived data is left out and rebuilt on restore: image renditions (made again on
demand), the search index and Wagtail's reference index. Sessions, login-throttling
records and content types are left out too (content types are recreated by
``migrate``; rows refer to them by natural key).
"""

import hashlib
import io
import json
import logging
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.text import get_valid_filename

logger = logging.getLogger(__name__)

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
    "django_tasks_database",
    "scholarly_text.derivedtext",  # made again from the papers
    "lab_site.pagecreation",  # editing sessions of new pages, useless a day later
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
    """Write the backup to ``path``; returns the manifest (what it holds).

    The file is written beside ``path`` and renamed when whole: a backup that fails or is
    stopped half-way leaves no half-written file under the name, nor an earlier backup
    of that name damaged.
    """
    path = Path(path)
    data = io.StringIO()
    try:
        call_command(
            "dumpdata",
            format="lab-site-backup",
            natural_foreign=True,
            exclude=EXCLUDED,
            stdout=data,
        )
    except CommandError as error:
        raise BackupError(f"The database could not be read for the backup: {error}") from error
    payload = data.getvalue().encode()
    names = media_names()
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "objects": len(json.loads(payload)),
        "media_files": len(names),
    }
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            _add(archive, "data.json", payload)
            for name in names:
                with default_storage.open(name, "rb") as handle:
                    _add(archive, f"media/{name}", handle, default_storage.size(name))
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _add(archive, name, content, size=None):
    """Add ``content`` (bytes, or a file streamed ``size`` bytes long) as ``name``."""
    if isinstance(content, bytes):
        content, size = io.BytesIO(content), len(content)
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, content)


MANIFEST, DATA, MEDIA_PREFIX = "manifest.json", "data.json", "media/"
MANIFEST_MAX_BYTES = 1024 * 1024
COPY_CHUNK = 1024 * 1024


@dataclass
class MediaFile:
    """A file a backup's records refer to: its stored name, size and hash as the records say,
    and where the restore staged it."""

    name: str
    size: int | None
    sha1: str
    staged: Path | None = None


@dataclass
class CheckedBackup:
    """A backup read whole and found restorable: its manifest, its data (a file) and its
    media files, staged on local disk, each one referred to by a record."""

    manifest: dict
    data_path: Path
    media: dict = field(default_factory=dict)


def checked_backup(path, work):
    """Read the backup at ``path`` in one pass, streaming its files into ``work``, and check
    everything before anything is changed. BackupError names the first problem.

    The archive must hold manifest.json, then data.json, then the media files; each media
    file must be one that a record refers to, with the size and hash the record gives,
    under a plain relative name the storage would also give it.
    """
    try:
        # "r:gz": gzip's reader decompresses in bounded pieces; the "r|gz" stream reader
        # inflates each read whole, and a run of zeros packs about a thousandfold.
        with tarfile.open(path, "r:gz") as archive:
            return _read_members(path, archive, work)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{path} cannot be read as a backup: {error}") from error


def _read_members(path, archive, work):
    manifest, data_path, expected, media = None, None, {}, {}
    for member in archive:
        name = member.name
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(
                f"{path} holds “{name}”, which is not a plain file; nothing was changed."
            )
        if name == MANIFEST and manifest is None:
            if member.size > MANIFEST_MAX_BYTES:
                raise BackupError(f"{path}: its manifest is too large to be one.")
            manifest = _manifest(path, archive.extractfile(member).read())
        elif name == DATA and manifest is not None and data_path is None:
            data_path = work / DATA
            _copy(archive.extractfile(member), data_path)
            expected = _referenced_files(path, data_path)
        elif name.startswith(MEDIA_PREFIX) and data_path is not None:
            relative = name.removeprefix(MEDIA_PREFIX)
            _check_name(path, name, relative)
            wanted = expected.get(relative)
            if wanted is None:
                raise BackupError(
                    f"{path} holds the file {name}, which no record refers to; nothing was changed."
                )
            if relative in media:
                raise BackupError(f"{path} holds the file {name} twice; nothing was changed.")
            if wanted.size is not None and member.size != wanted.size:
                raise BackupError(
                    f"{path}: the file {name} has {member.size:,} bytes, but its record says "
                    f"{wanted.size:,}; nothing was changed."
                )
            wanted.staged = work / "media" / f"{len(media)}"
            digest = _copy(archive.extractfile(member), wanted.staged)
            if wanted.sha1 and digest != wanted.sha1:
                raise BackupError(
                    f"{path}: the file {name} is damaged (its hash differs); nothing was changed."
                )
            media[relative] = wanted
        else:
            raise BackupError(
                f"{path} is not a lab-site backup: “{name}” is not expected there (a backup "
                "holds manifest.json, then data.json, then media/…); nothing was changed."
            )
    if manifest is None or data_path is None:
        raise BackupError(f"{path} is not a lab-site backup (no manifest or data).")
    missing = sorted(set(expected) - set(media))
    if missing:
        raise BackupError(
            f"{path} lacks {len(missing)} file(s) its records refer to, e.g. media/{missing[0]}; "
            "nothing was changed."
        )
    _check_no_file_is_a_folder(path, media)
    return CheckedBackup(manifest, data_path, media)


def _manifest(path, raw):
    try:
        manifest = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} cannot be read as a backup: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"{path} was made by another version (format {found}).")
    return manifest


def _copy(source, target):
    """Stream ``source`` into the file ``target``; returns the SHA-1 of what was copied."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1()  # noqa: S324 - Wagtail's file_hash, an integrity check
    with open(target, "wb") as out:
        while chunk := source.read(COPY_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _referenced_files(path, data_path):
    """{stored name: MediaFile} of every image and document record in the data."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    labels = {model._meta.label_lower for model in (get_image_model(), get_document_model())}
    try:
        with open(data_path, "rb") as handle:
            objects = json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise BackupError(f"{path}: its data cannot be read ({error}).") from error
    if not isinstance(objects, list):
        raise BackupError(f"{path}: its data is not a list of records.")
    files = {}
    for item in objects:
        if not isinstance(item, dict) or item.get("model") not in labels:
            continue
        fields_ = item.get("fields") or {}
        name = fields_.get("file")
        if not isinstance(name, str) or not name:
            continue
        size = fields_.get("file_size")
        sha1 = fields_.get("file_hash") or ""
        files[name] = MediaFile(
            name, size if isinstance(size, int) else None, sha1 if isinstance(sha1, str) else ""
        )
    return files


def _check_name(path, member_name, relative):
    parts = relative.split("/")
    plain = (
        relative
        and "\\" not in relative
        and "\x00" not in relative
        and all(part not in ("", ".", "..") and get_valid_filename(part) == part for part in parts)
    )
    if not plain:
        raise BackupError(
            f"{path} holds a file with an unsafe or unusual name: {member_name}; nothing was changed."
        )


def _check_no_file_is_a_folder(path, media):
    folders = {
        "/".join(name.split("/")[:depth])
        for name in media
        for depth in range(1, name.count("/") + 1)
    }
    clash = sorted(folders & set(media))
    if clash:
        raise BackupError(
            f"{path} holds media/{clash[0]} both as a file and as a folder; nothing was changed."
        )


def restore_backup(path, confirm=None):
    """Replace the site's content with the backup's: all of it, or nothing if it fails.

    ``confirm(manifest)``, when given, is asked once the file has been checked; unless it
    answers True, nothing is changed.

    The whole file is checked first (``checked_backup``). Then, in one transaction, the
    database is replaced, the files are written and the search and reference indexes are
    rebuilt; if any step fails, the transaction is rolled back and every file written is
    removed, or put back as it was.
    """
    with tempfile.TemporaryDirectory(prefix="lab-site-restore-") as work:
        work = Path(work)
        backup = checked_backup(path, work)
        if confirm is not None and not confirm(backup.manifest):
            raise BackupError("Nothing was changed.")
        undo = FileUndo(work / "undo")
        try:
            with transaction.atomic():
                empty_content_tables()
                relabel_moved_models(backup.data_path)
                upgrade_records(backup.data_path)
                call_command("loaddata", str(backup.data_path), verbosity=0)
                for media_file in backup.media.values():
                    undo.write(media_file.name, media_file.staged)
                call_command("rebuild_references_index", verbosity=0)
                call_command("update_index", verbosity=0)
        except Exception as error:
            undo.roll_back()
            if isinstance(error, BackupError):
                raise
            raise BackupError(
                f"{path} could not be restored ({error}); nothing was changed."
            ) from error
    return backup.manifest


# Models that moved to another app since a backup may have been made: (old app, model) to
# the new app. Their rows are restored under the new label.
MOVED_MODELS = {
    ("lab_site", "homepage"): "home",
    ("lab_site", "contentpage"): "home",
    ("publications", "researchhighlightpage"): "research",
    ("publications", "researchindexpage"): "research",
    ("publications", "researchtopic"): "scholarly_text",
    ("publications", "derivedtext"): "scholarly_text",
    ("publications", "suggestion"): "discovery",
    ("publications", "suggestionmember"): "discovery",
    ("publications", "discoveryrun"): "discovery",
    ("publications", "citationcount"): "discovery",
}


def relabel_moved_models(data_path):
    """Rewrite a backup's data file made before a model moved app: its records' ``model``
    and every natural key naming the model's content type (``["lab_site", "homepage"]``,
    or a permission's ``["add_homepage", "lab_site", "homepage"]``)."""

    def moved(value):
        if (
            isinstance(value, list)
            and len(value) in (2, 3)
            and all(isinstance(item, str) for item in value)
        ):
            app, model = value[-2:]
            if (app, model) in MOVED_MODELS:
                return [*value[:-2], MOVED_MODELS[app, model], model]
        if isinstance(value, list):
            return [moved(item) for item in value]
        return value

    records = json.loads(data_path.read_text(encoding="utf-8"))
    for record in records:
        app, _dot, model = record.get("model", "").partition(".")
        if (app, model) in MOVED_MODELS:
            record["model"] = f"{MOVED_MODELS[app, model]}.{model}"
        record["fields"] = {name: moved(value) for name, value in record.get("fields", {}).items()}
    data_path.write_text(json.dumps(records), encoding="utf-8")


# How a model's rows, as an earlier version wrote them, become what its fields are now:
# "app.model" → functions changing a row's fields in place, which the app that changed
# its fields registers (``register_upgrade``) beside its migration. They are applied to
# the rows and to the content of each revision of the model, so that a backup made
# before the change restores, and its older revisions can still be restored from.
RECORD_UPGRADES = {}


def register_upgrade(model_label, upgrade):
    RECORD_UPGRADES.setdefault(model_label.lower(), []).append(upgrade)


def upgrade_records(data_path):
    """Rewrite a backup's data file with ``RECORD_UPGRADES``."""
    records = json.loads(data_path.read_text(encoding="utf-8"))
    changed = False
    for record in records:
        label = record.get("model", "").lower()
        fields = record.get("fields")
        if not isinstance(fields, dict):
            continue
        upgrades = RECORD_UPGRADES.get(label, [])
        if label == "wagtailcore.revision":
            content_type = fields.get("content_type")
            if isinstance(content_type, list) and len(content_type) == 2:
                upgrades = RECORD_UPGRADES.get(".".join(content_type).lower(), [])
            fields = fields.get("content")
            if not isinstance(fields, dict):
                continue
        for upgrade in upgrades:
            upgrade(fields)
            changed = True
    if changed:
        data_path.write_text(json.dumps(records), encoding="utf-8")


# Kept as they are: rows refer to content types and permissions by natural key, and
# keeping their ids keeps them valid in every running process's cache as well.
KEPT_TABLES = {"django_content_type", "auth_permission", "django_migrations"}


def empty_content_tables():
    """Empty every table but the content types and permissions (what ``flush`` does,
    without recreating those two with new ids)."""
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table not in KEPT_TABLES
    ]
    statements = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    connection.ops.execute_sql_flush(statements)


class FileUndo:
    """Writes files to the storage, remembering how to take each write back."""

    def __init__(self, folder):
        self.folder = folder
        self.written = []  # (name, saved copy of what was there before, or None)

    def write(self, name, staged):
        previous = None
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as current, open(staged, "rb") as new:
                if _same_content(current, new):
                    return
            previous = self.folder / str(len(self.written))
            with default_storage.open(name, "rb") as current:
                _copy(current, previous)
            default_storage.delete(name)
        self.written.append((name, previous))
        with open(staged, "rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage refused the name {name} (it saved {saved}).")

    def roll_back(self):
        for name, previous in reversed(self.written):
            try:
                if default_storage.exists(name):
                    default_storage.delete(name)
                if previous is not None:
                    with open(previous, "rb") as handle:
                        default_storage.save(name, File(handle, name=name))
            except Exception:
                logger.exception("Could not put back %s after a failed restore", name)


def _same_content(first, second):
    while True:
        a, b = first.read(COPY_CHUNK), second.read(COPY_CHUNK)
        if a != b:
            return False
        if not a:
            return True
