"""Writing a build to a folder, indexing it for search, and bringing a served folder up to
date with it: only changed files are written, files that no longer exist are removed, and
each file appears whole (written beside, then renamed)."""

import ctypes
import errno
import gzip
import logging
import mimetypes
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .build import PublishError

logger = logging.getLogger(__name__)

# Text files get a gzip-compressed twin ("index.html.gz"), which nginx sends as it is
# (``gzip_static``, deploy/nginx/) rather than compressing the page again for each visitor.
# Same bytes in, same bytes out (no time stamp), so full and incremental builds agree.
COMPRESSED = (
    ".html",
    ".css",
    ".js",
    ".json",
    ".xml",
    ".txt",
    ".atom",
    ".ics",
    ".bib",
    ".ris",
    ".svg",
)
# Pagefind's index, in the copy's folder.
SEARCH_FOLDER = "pagefind"
SMALLEST_COMPRESSED = 256  # below this, gzip saves nothing worth a second file


def has_twin(relative, body):
    """Whether the file ``relative`` holding ``body`` has a ``.gz`` twin."""
    return str(relative).endswith(COMPRESSED) and len(body) >= SMALLEST_COMPRESSED


def compressed_twin(relative, body):
    """The ``.gz`` twin's bytes for the file ``relative``, or None when it has none."""
    if not has_twin(relative, body):
        return None
    return gzip.compress(body, compresslevel=9, mtime=0)


def is_compressed_twin(relative, names):
    """Whether ``relative`` is the ``.gz`` twin of a file among ``names``."""
    return str(relative).endswith(".gz") and str(relative)[:-3] in names


def write_file(target, body):
    """Write ``target`` and its compressed twin, each unless it already holds these bytes;
    a twin the file no longer has is removed. The number of files written (0 to 2). A
    file that held these bytes already keeps its twin, which the same bytes make."""
    twin = target.with_name(target.name + ".gz")
    written = _replace(target, body)
    if not written and twin.is_file() and not twin.is_symlink():
        return 0
    compressed = compressed_twin(target.name, body)
    if compressed is None:
        twin.unlink(missing_ok=True)
    else:
        written += _replace(twin, compressed)
    return written


def _replace(path, data):
    """``path`` holding ``data``: written beside, then renamed (a visitor never gets half
    of it); left alone when it holds them already. 1 if written, else 0."""
    try:
        if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
            return 0
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)
    return 1


def remove_file(target):
    """Remove ``target`` and its compressed twin."""
    target.unlink(missing_ok=True)
    target.with_name(target.name + ".gz").unlink(missing_ok=True)


def write_tree(build, directory, keep=()):
    """Make ``directory`` hold the files of ``build``, with their compressed twins, and
    nothing else but what is below the folders ``keep``; (written, removed) file counts.
    A file that holds its bytes already is left as it is."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    before = tree_files(directory)
    wanted, written = set(), 0
    for relative, body in sorted(build.files.values()):
        written += write_file(directory / relative, body)
        wanted.add(relative)
        if has_twin(relative, body):
            wanted.add(relative + ".gz")
    kept = tuple(folder.rstrip("/") + "/" for folder in keep)
    removed = 0
    for relative in sorted(set(before) - wanted, reverse=True):
        if relative.startswith(kept) or not (directory / relative).exists():
            continue
        (directory / relative).unlink()
        removed += 1
    _remove_empty_folders(directory)
    return written, removed


def _remove_empty_folders(directory):
    for folder in sorted((p for p in Path(directory).rglob("*") if p.is_dir()), reverse=True):
        if not folder.is_symlink() and not any(folder.iterdir()):
            folder.rmdir()


def pagefind_binary():
    """Pagefind's program: ``PAGEFIND_BINARY`` when set, else npm's (``npm ci``), else the
    one the Python package ``pagefind-bin`` holds (a dependency, so that ``make run``
    has search on a machine without npm), else one on PATH. npm's comes first: PyPI's
    newest (1.5.2) indexes the same pages in the order the file system lists them, so that
    a publish of unchanged pages may rewrite the index's meta file; npm's 1.6 does not."""
    configured = getattr(settings, "PAGEFIND_BINARY", "")
    candidates = [configured] if configured else []
    candidates.append(str(Path(settings.BASE_DIR) / "node_modules" / ".bin" / "pagefind"))
    try:
        import pagefind_bin

        candidates.append(str(pagefind_bin.get_executable()))
    except (ImportError, FileNotFoundError, OSError):
        pass  # no build of it for this system: one on PATH may do
    candidates.append(shutil.which("pagefind") or "")
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    raise PublishError(
        "Pagefind, which builds the static copy's search, is not installed: run `make "
        "install` (or `npm ci`) in the project folder (or set PAGEFIND_BINARY), or publish with --no-search."
    )


def _pagefind_command(directory, output=None):
    command = [pagefind_binary(), "--site", str(directory), "--silent"]
    if output is not None:
        command += ["--output-path", str(output)]
    return command


def _pagefind_failed(stderr):
    return PublishError(f"Pagefind could not index the copy: {stderr.strip()[:500]}")


def _search_view(directory, pages, view):
    """``view`` holding the files ``pages`` (paths below ``directory``) and nothing else, as
    hard links (copies across file systems): what Pagefind reads. The lists' other states
    (``year/2024/``, ``page/2/``) are not indexed, and parsing them would double its time."""
    for relative in sorted(set(pages)):
        source, target = directory / relative, view / relative
        if not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system: a copy (never over the link, which is the page)
            shutil.copyfile(source, target)


@contextmanager
def _pages_to_index(directory, pages, staging):
    if pages is None:
        yield directory
        return
    view = Path(staging) / "pages"
    view.mkdir()
    _search_view(Path(directory), pages, view)
    yield view


@dataclass
class Counts:
    written: int = 0
    removed: int = 0


@contextmanager
def indexing_for_search(directory, pages=None):
    """Pagefind indexes the pages below ``directory`` (``pages``, their paths below it,
    when given) while the block runs (which may write other files there, not pages); its
    index then replaces ``directory/pagefind/``. Yields the ``Counts`` of the index's
    files written and removed, filled in when the block ends."""
    directory = Path(directory)
    with (
        tempfile.TemporaryDirectory(
            prefix=f".{directory.name}.pagefind-", dir=directory.parent
        ) as staging,
        _pages_to_index(directory, pages, staging) as site,
    ):
        output = Path(staging) / SEARCH_FOLDER
        counts = Counts()
        process = subprocess.Popen(  # noqa: S603 - a fixed program on our own output folder
            _pagefind_command(site, output),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            yield counts
        except BaseException:
            process.kill()
            process.communicate()
            raise
        try:
            _output, errors = process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            process.kill()
            _output, errors = process.communicate()
            raise _pagefind_failed("it took more than ten minutes.") from None
        if process.returncode != 0:
            raise _pagefind_failed(errors)
        counts.written, counts.removed = sync_tree(output, directory / SEARCH_FOLDER)


def tree_files(directory):
    """{relative path: absolute path} of every file below ``directory`` (but the folder's
    generation mark, which is the publisher's, not the site's)."""
    directory = Path(directory)
    if not directory.exists():
        return {}
    return {
        str(path.relative_to(directory)): path
        for path in directory.rglob("*")
        if (path.is_file() or path.is_symlink()) and path.name != GENERATION_FILE
    }


def sync_tree(source, target):
    """Make ``target`` hold exactly what ``source`` holds; (written, removed) file counts.
    A file is replaced by writing it beside and renaming, so a visitor never gets half."""
    source_files, target_files = tree_files(source), tree_files(target)
    target = Path(target)
    written = removed = 0
    for relative, path in sorted(source_files.items()):
        destination = target / relative
        body = path.read_bytes()
        existing = target_files.get(relative)
        if existing is not None and existing.is_file() and existing.read_bytes() == body:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
        partial.write_bytes(body)
        partial.replace(destination)
        written += 1
    for relative in sorted(set(target_files) - set(source_files), reverse=True):
        (target / relative).unlink()
        removed += 1
    _remove_empty_folders(target)  # folders left empty by removals go too
    return written, removed


# The types a static host must send for the copy's files (as Debian's nginx does), where
# Python's table has none or another: feeds, calendars, citations, Pagefind's index.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
}


# A name the production static files storage made from the file's content: site.3f2a9c1b7d4e.css
HASHED = re.compile(r"\.[0-9a-f]{12}\.[\w]+$")


def content_type(name):
    """The Content-Type to serve the copy's file ``name`` with."""
    suffix = os.path.splitext(name)[1].lower()
    return TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(name):
    """How long browsers and CDNs may keep ``name``, as the nginx setup in ``deploy/`` says:
    a year for files with hashed names, a day for images, a minute for the rest (pages
    change when they are published)."""
    if name.startswith(settings.STATIC_URL.lstrip("/")) and HASHED.search(name):
        return "public, max-age=31536000, immutable"
    if name.startswith(settings.MEDIA_URL.lstrip("/")):
        return "public, max-age=86400"
    return "public, max-age=60"


# --- the whole folder at once -------------------------------------------------------------


def staging_name(folder, kind):
    """A working folder beside ``folder`` (hidden, named after it): ``.public.staging-123``."""
    folder = Path(folder)
    return folder.with_name(f".{folder.name}.{kind}-{os.getpid()}")


def remove_stale_work(folder):
    """Remove what a publish stopped half-way (killed, the machine restarted) left beside
    ``folder``: its staging and previous folders. Called with the copy locked, so that no
    other publish of this folder is running."""
    folder = Path(folder)
    for kind in ("staging", "previous"):
        for stale in folder.parent.glob(f".{folder.name}.{kind}-*"):
            logger.warning("Removing %s, left by a publish that did not finish", stale)
            shutil.rmtree(stale, ignore_errors=True)


def link_tree(source, target):
    """``target`` holding the files of ``source`` as hard links (copies across file
    systems): a second folder to change, for the price of the names alone."""
    source, target = os.fspath(source), os.fspath(target)
    # os.walk reads each folder once (scandir); each folder is made once, before its files.
    for folder, folders, files in os.walk(source):
        relative = os.path.relpath(folder, source)
        destination = target if relative == "." else os.path.join(target, relative)
        os.makedirs(destination, exist_ok=True)
        # A symbolic link to a folder is linked as itself, not followed (os.walk lists it
        # among the folders and does not enter it).
        links = [name for name in folders if os.path.islink(os.path.join(folder, name))]
        for name in [*files, *links]:
            path, copy = os.path.join(folder, name), os.path.join(destination, name)
            try:
                os.link(path, copy, follow_symlinks=False)
            except OSError:
                shutil.copy2(path, copy, follow_symlinks=False)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(first, second):
    """Swap two folders in one step (Linux's renameat2 with RENAME_EXCHANGE): a visitor
    gets the old folder or the new one, never a mix. False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except AttributeError:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


# Inside the folder, what publish wrote it last; the copy's state names the same, unless a
# publish was stopped between swapping the folder and saving the state.
GENERATION_FILE = ".lab-site-generation"


def generation_of(folder):
    try:
        return (Path(folder) / GENERATION_FILE).read_text().strip()
    except OSError:
        return ""


@contextmanager
def staged(folder, generation):
    """A copy of ``folder`` to change (hard links, so unchanged files cost nothing); when
    the block ends without an error, it takes the folder's place in one step, so that a
    publish stopped half-way (an error, ``kill -9``) leaves the folder as it was. Where
    the system cannot swap folders, the old one is renamed away first: for an instant,
    there is no folder."""
    folder = Path(folder)
    remove_stale_work(folder)
    existed = folder.is_dir()
    work = staging_name(folder, "staging")
    work.mkdir()
    try:
        if existed:
            shutil.copymode(folder, work)
            link_tree(folder, work)
        yield work
        _replace(work / GENERATION_FILE, generation.encode())
        if not existed:
            work.rename(folder)
        elif not exchange(work, folder):
            previous = staging_name(folder, "previous")
            folder.rename(previous)
            work.rename(folder)
            work = previous
    finally:
        shutil.rmtree(work, ignore_errors=True)
