"""Where a static copy goes after each publish, besides its folder.

- **A storage** (``--storage ALIAS``): any of the site's ``STORAGES``; for an S3-compatible
  bucket, ``static_copy`` (set up from ``STATIC_COPY_BUCKET``, see the settings) stores
  each file with its type and cache lifetime. Only files whose bytes changed are uploaded,
  assets before the pages that use them, and files the copy no longer has are deleted.
- **A git branch** (``--git-remote URL --git-branch gh-pages``): the folder is committed on
  top of the branch as the remote has it and pushed, for GitHub Pages and the like. The
  repository is kept beside the folder (never in it, so a web server cannot serve it); the
  branch also gets an empty ``.nojekyll``, so that GitHub Pages serves the files as they are.

Each push says what it did ("12 files uploaded, 1 deleted"), or raises ``DeployError``
naming the target and the cause.
"""

import hashlib
import json
import logging
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages

from .build import PublishError
from .files import COMPRESSED, GENERATION_FILE, is_compressed_twin, tree_files

# git pathspecs leaving out the compressed twins (nginx's: GitHub Pages compresses by itself)
# and the folder's generation mark (the publisher's).
GIT_EXCLUDES = [f":(exclude)*{suffix}.gz" for suffix in COMPRESSED]
GIT_EXCLUDES.append(f":(exclude){GENERATION_FILE}")

logger = logging.getLogger(__name__)

GIT_TIMEOUT = 300
CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s'\"]+@", re.IGNORECASE)


class DeployError(PublishError):
    """A target that could not be brought up to date; the message names it and why."""


def targets_of(copy):
    """The targets ``copy`` is pushed to, in order."""
    targets = []
    if copy.storage:
        targets.append(StorageTarget(copy.storage))
    if copy.git_remote:
        targets.append(
            GitTarget(copy.git_remote, copy.git_branch, Path(copy.folder), copy.git_credentials)
        )
    return targets


def split_credentials(remote):
    """(the remote's address without user and token, "user:token" or ""): the address is
    shown and kept as it is, the credentials kept apart (see ``GitTarget``)."""
    parts = urlsplit(remote)
    if parts.scheme not in ("http", "https") or "@" not in parts.netloc:
        return remote, ""
    credentials, _at, host = parts.netloc.rpartition("@")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment)), unquote(
        credentials
    )


# Storages that hold what others wrote: the site's uploads and its own static files.
SITE_STORAGES = ("default", "staticfiles")


def check_storage(alias):
    """The storage ``alias`` names, or a ``DeployError`` saying why the copy may not go
    there: not in the settings, or a storage (or a place inside or around one) that holds
    the site's uploads or static files, which a copy's clean-up would delete."""
    from django.conf import settings

    try:
        storage = storages[alias]
    except InvalidStorageError:
        known = ", ".join(sorted(settings.STORAGES)) or "none"
        raise DeployError(
            f"There is no storage “{alias}” in the settings (there are: {known}). For a "
            "bucket, set STATIC_COPY_BUCKET, which makes the storage “static_copy”."
        ) from None
    for other in SITE_STORAGES:
        if other in settings.STORAGES and (alias == other or _overlap(storage, storages[other])):
            raise DeployError(
                f"The storage “{alias}” holds the site's "
                f"{'uploaded images and documents' if other == 'default' else 'static files'}"
                ": the static copy must go to a storage of its own (e.g. static_copy, from "
                "STATIC_COPY_BUCKET), where it removes the files it no longer has."
            )
    return storage


def _place(storage):
    """Where a storage keeps its files, comparable between storages: a folder, or a
    bucket and a prefix."""
    bucket = getattr(storage, "bucket_name", None)
    location = str(getattr(storage, "location", "") or "")
    if bucket:
        return ("bucket", bucket, location.strip("/"))
    return ("folder", None, str(Path(location).resolve()) if location else "")


def _overlap(first, second):
    """Whether two storages keep files in the same place, or one inside the other."""
    kind, bucket, one = _place(first)
    other_kind, other_bucket, two = _place(second)
    if (kind, bucket) != (other_kind, other_bucket):
        return False
    if not one or not two:
        return True  # a bucket's root holds every prefix
    return one == two or one.startswith(two + "/") or two.startswith(one + "/")


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


MANIFEST = "lab-site-static-copy.json"


class StorageTarget:
    """A Django storage, kept equal to the folder. What the copy wrote there is listed in
    a manifest (``lab-site-static-copy.json`` in the storage, with each file's digest, and
    ``copy.uploaded``): a publish uploads only what changed, and removes only files it
    wrote itself. A storage that holds files the copy did not write is refused."""

    def __init__(self, alias):
        self.alias = alias

    def __str__(self):
        return f"storage “{self.alias}”"

    def push(self, copy):
        storage = check_storage(self.alias)
        folder = Path(copy.folder)
        every = tree_files(folder)
        # The compressed twins are for nginx; a bucket serves (and a CDN compresses) the files.
        files = {name: path for name, path in every.items() if not is_compressed_twin(name, every)}
        uploaded, interrupted = self._written_before(storage, copy)
        # Assets before the pages that use them: a visitor never gets a page whose
        # stylesheet or image is not there yet.
        order = sorted(files, key=lambda name: (name.endswith(".html"), name))
        digests = {name: _digest(files[name]) for name in order}
        # Before the first upload, the manifest names every file this push may write and
        # says it is under way: a push stopped half-way (killed) is known to the next one,
        # which says so, and may still remove every file it wrote.
        self._write_manifest(storage, {**dict.fromkeys(files, ""), **uploaded}, complete=False)
        written = removed = 0
        try:
            for name in order:
                digest = digests[name]
                if uploaded.get(name) == digest:
                    continue
                if storage.get_available_name(name) != name:  # a storage that keeps both
                    storage.delete(name)
                saved = storage.save(name, ContentFile(files[name].read_bytes()))
                uploaded[name] = digest
                if saved != name:
                    uploaded[saved] = digest
                    raise DeployError(f"The {self} stored {name} as {saved}.")
                written += 1
            for name in sorted(set(uploaded) - set(files)):
                storage.delete(name)
                del uploaded[name]
                removed += 1
        except DeployError:
            raise
        except Exception as error:  # noqa: BLE001 - the storage's own errors, named
            raise DeployError(f"Uploading to the {self} failed: {error}") from error
        finally:
            copy.uploaded = uploaded  # what is there now, also after a failure
            # After a failure the files the push may have written stay listed (removable).
            self._write_manifest(storage, uploaded, complete=True)
        said = f"{written} files uploaded to the {self}, {removed} deleted"
        if interrupted:
            said = (
                f"the previous upload to the {self} was stopped half-way (it held files of "
                f"two versions until now); {said}"
            )
        return said

    def _written_before(self, storage, copy):
        """({name: digest} of the files the copy wrote to the storage before, whether the
        push that wrote them was stopped half-way). With no manifest, the storage must be
        empty: its files are someone else's."""
        manifest = _read_manifest(storage)
        if manifest is not None:
            return manifest["files"], not manifest["complete"]
        if copy.uploaded:
            return dict(copy.uploaded), False
        others = [name for name in _stored_names(storage) if name != MANIFEST]
        if others:
            raise DeployError(
                f"The {self} already holds {len(others)} file(s) the static copy did not "
                f"write (e.g. {others[0]}). The copy removes what it no longer has, so it "
                "only goes to an empty storage or folder: choose another, or empty it."
            )
        return {}, False

    def _write_manifest(self, storage, uploaded, complete):
        manifest = {"complete": complete, "files": uploaded}
        try:
            if storage.exists(MANIFEST):
                storage.delete(MANIFEST)
            storage.save(MANIFEST, ContentFile(json.dumps(manifest, sort_keys=True).encode()))
        except Exception:  # the manifest in the database (copy.uploaded) still holds
            logger.exception("Could not write the manifest of the %s", self)


def _read_manifest(storage):
    """{"complete": bool, "files": {name: digest}} of the storage's manifest, or None."""
    try:
        if not storage.exists(MANIFEST):
            return None
        with storage.open(MANIFEST) as handle:
            manifest = json.loads(handle.read())
    except (OSError, ValueError) as error:
        raise DeployError(
            f"The static copy's manifest in the storage is unreadable: {error}"
        ) from error
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        raise DeployError("The static copy's manifest in the storage is not a list of files.")
    return {
        "complete": bool(manifest.get("complete", True)),
        "files": {str(name): str(digest) for name, digest in files.items()},
    }


def _stored_names(storage, directory=""):
    try:
        folders, names = storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return []
    found = [f"{directory}{name}" for name in names]
    for folder in folders:
        found.extend(_stored_names(storage, f"{directory}{folder}/"))
    return found


class GitTarget:
    """A branch of a git remote, one commit per publish that changed something."""

    def __init__(self, remote, branch, folder, credentials=""):
        self.remote, given = split_credentials(remote)
        self.credentials = credentials or given
        self.branch = branch or "gh-pages"
        self.folder = Path(folder)
        self.git_dir = self.folder.parent / f".{self.folder.name}.git"

    def __str__(self):
        return f"branch {self.branch} of {redact(self.remote)}"

    def git(self, *arguments, input=None):
        repository = [f"--git-dir={self.git_dir}", f"--work-tree={self.folder}"]
        if arguments[0] == "init":
            repository = []
        command = [
            "git",
            *repository,
            "-c",
            "user.name=lab-site",
            "-c",
            "user.email=lab-site@localhost",
            "-c",
            "commit.gpgsign=false",
            *arguments,
        ]
        environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        environment.update(self.credential_environment())
        try:
            result = subprocess.run(  # noqa: S603 - git with our own arguments
                command,
                input=input,
                capture_output=True,
                text=True,
                timeout=GIT_TIMEOUT,
                env=environment,
                check=False,
            )
        except FileNotFoundError:
            raise DeployError("git is not installed on the server (apt-get install git).") from None
        except subprocess.TimeoutExpired:
            raise DeployError(f"git took longer than {GIT_TIMEOUT} s for the {self}.") from None
        return result

    def credential_environment(self):
        """The user name and token for git, through the environment (readable by this
        user only), never its command line (``/proc/*/cmdline``, readable by all): a
        credential helper, set by environment too, prints them with the shell's own
        printf. Helpers configured elsewhere (which might store them) are switched off."""
        if not self.credentials:
            return {}
        user, _colon, token = self.credentials.partition(":")
        helper = (
            '!f() { test "$1" = get || return 0; '
            'printf "username=%s\\npassword=%s\\n" "$LAB_SITE_GIT_USER" "$LAB_SITE_GIT_TOKEN"; }; f'
        )
        return {
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "credential.helper",
            "GIT_CONFIG_VALUE_0": "",
            "GIT_CONFIG_KEY_1": "credential.helper",
            "GIT_CONFIG_VALUE_1": helper,
            "LAB_SITE_GIT_USER": user,
            "LAB_SITE_GIT_TOKEN": token,
        }

    def run(self, *arguments, input=None):
        result = self.git(*arguments, input=input)
        if result.returncode != 0:
            message = redact(result.stderr.strip() or result.stdout.strip())
            raise DeployError(f"Pushing to the {self} failed: {message[:500]}")
        return result.stdout.strip()

    def push(self, copy):
        if not self.git_dir.exists():
            self.run("init", "--quiet", "--bare", str(self.git_dir))
            self.run("config", "core.bare", "false")
        heads = self.run("ls-remote", "--heads", self.remote, f"refs/heads/{self.branch}")
        parents = []
        if heads:
            self.run("fetch", "--quiet", "--no-tags", self.remote, f"refs/heads/{self.branch}")
            parents = [self.run("rev-parse", "FETCH_HEAD")]
        self.run("add", "--all", "--force", "--", ".", *GIT_EXCLUDES)
        # GitHub Pages would otherwise run the files through Jekyll (which drops some).
        empty = self.run("hash-object", "-w", "--stdin", input="")
        self.run("update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll")
        # A custom domain set in GitHub's settings is a CNAME file on the branch: kept.
        if parents and not (self.folder / "CNAME").exists():
            kept = self.run("ls-tree", parents[0], "CNAME")
            if kept:
                mode, _kind, blob = kept.split("\t")[0].split()
                self.run("update-index", "--add", "--cacheinfo", f"{mode},{blob},CNAME")
        tree = self.run("write-tree")
        if parents and self.run("rev-parse", f"{parents[0]}^{{tree}}") == tree:
            return f"the {self} already had these files"
        arguments = ["commit-tree", tree, "-m", f"Publish the site ({copy.last_kind})"]
        for parent in parents:
            arguments += ["-p", parent]
        commit = self.run(*arguments)
        self.run("push", "--quiet", self.remote, f"{commit}:refs/heads/{self.branch}")
        return f"pushed to the {self}"


def redact(text):
    """``text`` with the user and password or token of any URL in it replaced by ***."""
    return CREDENTIALS.sub(r"\1***@", text)


def push_all(copy):
    """Push ``copy``'s folder to each of its targets; what each did, in words."""
    return [target.push(copy) for target in targets_of(copy)]
