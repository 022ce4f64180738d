"""Test runs: fast password hashing, in-memory e-mail, no debug pages."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# One folder per pytest-xdist worker, so that tests that compare stored files run side by
# side; MEDIA_ROOT from the environment wins (tests that run manage.py on a copy set it).
MEDIA_ROOT = Path(  # noqa: F405
    env("MEDIA_ROOT", BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main"))  # noqa: F405
)
SERVE_MEDIA = True
# Tests never run collectstatic; look files up on each request instead of at start-up.
WHITENOISE_AUTOREFRESH = True
IMPORTER_PAUSE_SECONDS = 0
IMPORTER_BACKOFF_SECONDS = 0
IMPORTER_TIMEOUT_SECONDS = 2
IMPORTER_REQUEST_SECONDS = 4
# Most tests count the queries of a page; the caches have tests of their own.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than SQLite's shared in-memory database, whose table locks fail at once
    # ("database table is locked"): a browser sends several requests to the live server at
    # the same time (autosave, editing-session pings, an upload), and each must wait for
    # the other's lock (the timeout in base.py) as it does on a real site. Durability is
    # no concern for a test database.
    (BASE_DIR / ".test-db").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db" / "lab_site.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous=OFF"  # noqa: F405
