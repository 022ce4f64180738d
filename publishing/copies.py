"""Making a static copy: the folder it may go to, and the first publish started from the
admin (the command ``publish_static`` makes one from the server's shell)."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from .build import PublishError, Renderer
from .files import GENERATION_FILE
from .models import StaticCopy


def folder_refusal(target):
    """Why the copy may not be written to the folder ``target``, or "": a publish removes
    every file there that the site no longer has, so the folder must be the copy's own
    (empty, or written by an earlier publish), and never hold the site's own files."""
    for name, place, inside_too in (
        ("the project", settings.BASE_DIR, False),  # a folder in it is fine: not the project
        ("uploaded images and documents (MEDIA_ROOT)", settings.MEDIA_ROOT, True),
        ("static files (STATIC_ROOT)", settings.STATIC_ROOT, True),
    ):
        place = Path(place).resolve()
        if place.is_relative_to(target) or (inside_too and target.is_relative_to(place)):
            return (
                f"{target} holds or is inside the folder of {name}: the static copy needs "
                "a folder of its own, since it removes the files the site no longer has."
            )
    if not target.is_dir() or StaticCopy.objects.filter(folder=str(target)).exists():
        return ""
    if (target / GENERATION_FILE).exists() or not any(target.iterdir()):
        return ""
    return (
        f"{target} already holds files that the static copy did not write. The copy removes "
        "what the site no longer has, so it goes to an empty folder (or one it wrote "
        "before): choose another, or empty it."
    )


def start_copy(base_url, folder=None):
    """Make the static copy in ``folder`` (``STATIC_COPY_FOLDER``), served at ``base_url``,
    and queue its first publish; the new ``StaticCopy``. ``PublishError`` says why not (an
    address that cannot be one, a folder that is not the copy's own)."""
    target = Path(folder or settings.STATIC_COPY_FOLDER).resolve()
    base_url = Renderer(base_url).base_url
    if target.exists() and not target.is_dir():
        raise PublishError(f"{target} exists and is not a folder.")
    if refusal := folder_refusal(target):
        raise PublishError(refusal)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PublishError(f"Cannot make the folder {target}: {error.strerror}.") from error
    from .tasks import update_static_copies

    with transaction.atomic():
        copy, _made = StaticCopy.objects.get_or_create(
            folder=str(target), defaults={"base_url": base_url, "state": {"search": True}}
        )
        transaction.on_commit(lambda: update_static_copies.enqueue([], True))
    return copy
