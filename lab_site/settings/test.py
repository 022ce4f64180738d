"""Test runs: fast password hashing, in-memory e-mail, no debug pages."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
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
# Most tests count the queries of a page; the caches have tests of their own.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
