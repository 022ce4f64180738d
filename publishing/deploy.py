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
import os
import re
import subprocess
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages

from .build import PublishError
from .files import COMPRESSED, GENERATION_FILE, is_compressed_twin, tree_files

# git pathspecs leaving out the compressed twins (nginx's: GitHub Pages compresses by itself)
# and the folder's generation mark (the publisher's).
GIT_EXCLUDES = [f":(exclude)*{suffix}.gz" for suffix in COMPRESSED]
GIT_EXCLUDES.append(f":(exclude){GENERATION_FILE}")

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
        targets.append(GitTarget(copy.git_remote, copy.git_branch, Path(copy.folder)))
    return targets


def check_storage(alias):
    """The storage ``alias`` names, or a ``DeployError`` listing the ones there are."""
    try:
        return storages[alias]
    except InvalidStorageError:
        from django.conf import settings

        known = ", ".join(sorted(settings.STORAGES)) or "none"
        raise DeployError(
            f"There is no storage “{alias}” in the settings (there are: {known}). For a "
            "bucket, set STATIC_COPY_BUCKET, which makes the storage “static_copy”."
        ) from None


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class StorageTarget:
    """A Django storage, kept equal to the folder: ``copy.uploaded`` remembers the digest of
    each file uploaded, so a publish uploads only what changed."""

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
        uploaded = dict(copy.uploaded or {})
        if not uploaded:
            # Nothing remembered (a new target, or a failure lost it): what is there is
            # unknown, so every file is uploaded and anything else there is deleted.
            uploaded = dict.fromkeys(_stored_names(storage), "")
        # Assets before the pages that use them: a visitor never gets a page whose
        # stylesheet or image is not there yet.
        order = sorted(files, key=lambda name: (name.endswith(".html"), name))
        written = removed = 0
        try:
            for name in order:
                digest = _digest(files[name])
                if uploaded.get(name) == digest:
                    continue
                if storage.get_available_name(name) != name:  # a storage that keeps both
                    storage.delete(name)
                saved = storage.save(name, ContentFile(files[name].read_bytes()))
                if saved != name:
                    raise DeployError(f"The {self} stored {name} as {saved}.")
                uploaded[name] = digest
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
        return f"{written} files uploaded to the {self}, {removed} deleted"


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

    def __init__(self, remote, branch, folder):
        self.remote = remote
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
