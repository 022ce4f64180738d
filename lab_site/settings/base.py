"""Settings shared by every environment.

Everything that differs between machines is read from environment variables
(listed, with a comment each, in ``.env.example``). The per-environment modules
(``dev``, ``test``, ``production``) only change what they must.
"""

import os
import tomllib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    """Return the environment variable ``name``, or ``default`` when unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {value!r}).")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# The project's apps, lowest layer first: the import-linter contract's list in
# pyproject.toml, the one list every tool reads (adding an app is a line there and its
# layer below it; docs/architecture.md).
_PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT_APPS = _PYPROJECT["tool"]["importlinter"]["root_packages"]

INSTALLED_APPS = [
    *PROJECT_APPS,
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "axes",
]

# The backup's format (lab_site.backup_serializer): natural keys for content types and
# permissions only, so that rows naming a deleted page or user are saved as they are.
SERIALIZATION_MODULES = {"lab-site-backup": "lab_site.backup_serializer"}

# Background work (large imports, and Wagtail's own tasks) through Django's task framework.
# By default a task runs at once, in the process that starts it; set
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py db_worker` beside the
# site to run them in the background (with a cache the processes share: Redis).
# The static copy's updates have a backend of their own ("publishing"), so that they can
# run in a worker while everything else runs at once: `make run` sets
# PUBLISHING_TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs
# `manage.py db_worker --backend publishing` beside the web server, and Publish returns at
# once. They only write files, so they need no cache shared with the site. Discovery runs
# ("Look for new papers now") have one too, for the same reason: they only write
# suggestions, which no public page shows; `make run` runs its worker as well.
_IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
TASKS = {
    "default": {"BACKEND": env("TASKS_BACKEND", _IMMEDIATE)},
    "publishing": {"BACKEND": env("PUBLISHING_TASKS_BACKEND", env("TASKS_BACKEND", _IMMEDIATE))},
    "discovery": {"BACKEND": env("DISCOVERY_TASKS_BACKEND", env("TASKS_BACKEND", _IMMEDIATE))},
}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lab_site.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and CSRF: a cached page is served without touching either.
    "lab_site.page_cache.PageCacheMiddleware",
    # Inside the page cache, so that a cached page is stored already compressed.
    "lab_site.middleware.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lab_site.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lab_site.middleware.PrivateSectionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses locked-out ones before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "lab_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lab_site.context_processors.fragment_cache",
                "lab_site.static_copy.context",
            ],
        },
    },
]

WSGI_APPLICATION = "lab_site.wsgi.application"

# SQLite next to the project unless DATABASE_URL names another database,
# e.g. postgres://user:password@127.0.0.1:5432/lab_site
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writes take SQLite's lock when their transaction begins, and a second writer waits
    # for it (up to 20 s) instead of failing half-way: imports and restores that run at
    # the same time then happen one after the other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Let Django serve uploaded files itself (development and tests; production uses a web server or S3).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

STORAGES = {
    "default": {"BACKEND": "lab_site.media.SiteFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor of a long page can post many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail goes out through lab_site.mail, which puts the group's name (Site settings) on
# messages from DEFAULT_FROM_EMAIL, then through the backend that delivers it.
EMAIL_BACKEND = "lab_site.mail.NamedSenderBackend"
EMAIL_DELIVERY_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Wagtail. The admin names the site after the group (Site settings), read when it is
# shown (lab_site.mail.site_name), so that renaming the group renames the admin too;
# SITE_NAME_FALLBACK while the group has no name.
SITE_NAME_FALLBACK = env("WAGTAIL_SITE_NAME", "Research group")


def _group_name():
    from lab_site.mail import site_name

    return site_name()


WAGTAIL_SITE_NAME = lazy(_group_name, str)()
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Rich text goes into the form as it is typed, so that a quick Save keeps the last words.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "lab_site.widgets.PromptDraftailRichTextArea"},
}
# SEARCH_AUTO_UPDATE=false: saving a page leaves the search index alone, for bulk work
# that rebuilds the index at the end (`manage.py update_index`), as the benchmark does.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "AUTO_UPDATE": env("SEARCH_AUTO_UPDATE", "true").lower() != "false",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(env("IMAGE_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
# Refuses decompression bombs: a small file that would expand to a huge bitmap.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(env("IMAGE_MAX_PIXELS", str(40_000_000)))
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Uploads go through a form that reports damaged files as such (lab_site/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "lab_site.image_forms.ImageForm"
# The admin must not call out to Gravatar for avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Content-Security-Policy: public pages load nothing from other hosts and run no
# inline script or style. The Wagtail admin gets its own, looser policy, scoped to
# its URLs (lab_site.middleware.CSPMiddleware): its editors need inline styles and
# scripts, data: and blob: images, and same-origin frames for previews.
MEDIA_ORIGIN = env("MEDIA_ORIGIN", "")  # e.g. https://media.example.org when media is on S3
_IMG_SOURCES = ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": _IMG_SOURCES,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*_IMG_SOURCES, "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True

# Caching: Redis when REDIS_URL is set (shared by every worker), else files in
# CACHE_FOLDER (shared by one machine's processes), else memory of one process. When Redis is unreachable the site keeps serving, uncached, and logs it;
# it uses Redis again as soon as it answers.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    _REDIS = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }
    CACHES = {
        "default": {**_REDIS, "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lab-site")},
        "derived": {**_REDIS, "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lab-site") + "-derived"},
        "entries": {**_REDIS, "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lab-site") + "-entries"},
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
elif CACHE_FOLDER := env("CACHE_FOLDER"):
    # Files in a folder, shared by the processes of one machine: `make run` uses it, so
    # that what its workers change (an import in the background) moves the web server's
    # page cache on too, without Redis.
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(CACHE_FOLDER) / name),
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lab-site"),
            "OPTIONS": {"MAX_ENTRIES": entries},
        }
        for name, entries in (
            ("default", int(env("CACHE_MAX_ENTRIES", "2000"))),
            ("derived", int(env("DERIVED_CACHE_MAX_ENTRIES", "20000"))),
            ("entries", int(env("ENTRIES_CACHE_MAX_ENTRIES", "60000"))),
        )
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lab-site",
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "lab-site"),
            # Whole pages (tens of kB each) and the fragments every page shows.
            "OPTIONS": {"MAX_ENTRIES": int(env("CACHE_MAX_ENTRIES", "2000"))},
        },
        "derived": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lab-site-derived",
            # Django's default keeps 300 entries: fewer than one build of the demo's static
            # copy uses (a paper's formatted references, its title and abstract in MathML),
            # so each was dropped before it was read again. Entries are a few kB at most.
            "OPTIONS": {"MAX_ENTRIES": int(env("DERIVED_CACHE_MAX_ENTRIES", "20000"))},
        },
        # A list's exports by paper and revision (publications.list_exports): four or
        # five entries per paper.
        "entries": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lab-site-entries",
            "OPTIONS": {"MAX_ENTRIES": int(env("ENTRIES_CACHE_MAX_ENTRIES", "60000"))},
        },
    }
# What is slow to make from a paper and made again only when its inputs or the code change
# (scholarly_text/derived.py) has a cache of its own ("derived"): its keys name what each
# entry is made from, so it is never stale and nothing clears it; whole pages and
# fragments (the default cache) neither evict it nor are evicted by it. The entries of a
# list's exports are kept by paper and revision in a cache of their own ("entries").
# Whole public pages are cached this many seconds for anonymous visitors (0: never);
# publishing anything clears them at once (lab_site/page_cache.py).
# Seconds the parts every page shows (header, navigation, footer) and the publication
# list's filter counts are kept; publishing or changing content makes them stale at once.
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "600"))
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# At most this many citation entries (formatted references, BibTeX) are made in one
# visitor's request for a list export; the others were made when their papers were
# published (or by `manage.py warm_exports`). A list with more missing asks to reload.
EXPORT_ENTRIES_PER_REQUEST = int(env("EXPORT_ENTRIES_PER_REQUEST", "100"))

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# user name from one address, that pair is locked out for AXES_COOLOFF_TIME hours.
# Editors unlock accounts under Settings → Locked-out logins.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The person's address, not the proxy's (lab_site.client_address): X-Forwarded-For is read
# only from the proxies named here (the shipped nginx runs on the same machine).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
AXES_CLIENT_IP_CALLABLE = "lab_site.client_address.client_ip"
AXES_VERBOSE = False

# Media on S3-compatible object storage when a bucket is named; local files otherwise.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }

# Processes rendering a whole static copy (``publishing.build``): "auto" is one per core
# when the caches are shared between processes (Redis) and the database is not in memory,
# else one: a process of its own would render with empty local-memory caches.
STATIC_COPY_PROCESSES = env("STATIC_COPY_PROCESSES", "auto")

# Where a static copy made from the admin (Settings → Static copy) is written; the
# command ``publish_static`` takes any folder.
STATIC_COPY_FOLDER = env("STATIC_COPY_FOLDER", str(BASE_DIR / "static-copy"))

# The static copy also kept in an S3-compatible bucket (``publish_static --storage
# static_copy``): each file with its type and cache lifetime. Credentials as for media.
STATIC_COPY_BUCKET = env("STATIC_COPY_BUCKET")
if STATIC_COPY_BUCKET:
    STORAGES["static_copy"] = {
        "BACKEND": "publishing.storage.StaticCopyStorage",
        "OPTIONS": {
            "bucket_name": STATIC_COPY_BUCKET,
            "location": env("STATIC_COPY_PREFIX", ""),  # a folder in the bucket
            "endpoint_url": env("STATIC_COPY_ENDPOINT_URL", env("AWS_S3_ENDPOINT_URL")),
            "region_name": env("AWS_S3_REGION_NAME"),
            "querystring_auth": False,
            "file_overwrite": True,
        },
    }

# Purging a CDN when pages are published (wagtail.contrib.frontend_cache): either a
# purge address that accepts PURGE requests (Varnish, nginx) or Cloudflare.
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # Background-task and page-action chatter; raise to INFO when debugging.
        "django_tasks": {"level": "WARNING"},
        # The BibTeX importer reports unreadable entries itself, in plain words.
        "bibtexparser": {"level": "ERROR"},
        # The CV's PDF (WeasyPrint) reports each step of its layout at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}

# Publication importers: where they ask, and how long they wait between requests.
ARXIV_API_URL = env("ARXIV_API_URL", "https://export.arxiv.org/api/query")
CROSSREF_API_URL = env("CROSSREF_API_URL", "https://api.crossref.org/works")
IMPORTER_PAUSE_SECONDS = float(env("IMPORTER_PAUSE_SECONDS", "3"))
IMPORTER_TIMEOUT_SECONDS = float(env("IMPORTER_TIMEOUT_SECONDS", "30"))
IMPORTER_RETRIES = int(env("IMPORTER_RETRIES", "3"))  # after a 429, a 5xx or a timeout
IMPORTER_BACKOFF_SECONDS = float(env("IMPORTER_BACKOFF_SECONDS", "2"))  # doubled each retry
# One answer, all of it (a server trickling bytes included), and its largest size.
IMPORTER_REQUEST_SECONDS = float(env("IMPORTER_REQUEST_SECONDS", "120"))
IMPORTER_MAX_BYTES = int(env("IMPORTER_MAX_BYTES", str(50 * 1024 * 1024)))
# Hosts a service may redirect to besides its own (over HTTPS only), comma-separated.
IMPORTER_REDIRECT_HOSTS = env_list("IMPORTER_REDIRECT_HOSTS", "")
# A whole discovery run: past this, sources not yet asked are reported as not asked.
DISCOVERY_RUN_SECONDS = float(env("DISCOVERY_RUN_SECONDS", "1800"))

# Publication discovery (manage.py discover_publications, and its weekly task): the
# services asked about members' ids, and the contact address sent to them in the
# user agent (OpenAlex and Crossref ask for one: their "polite pool").
ORCID_API_URL = env("ORCID_API_URL", "https://pub.orcid.org/v3.0")
OPENALEX_API_URL = env("OPENALEX_API_URL", "https://api.openalex.org")
ARXIV_AUTHOR_FEED_URL = env("ARXIV_AUTHOR_FEED_URL", "https://arxiv.org/a")
DISCOVERY_CONTACT_EMAIL = env("DISCOVERY_CONTACT_EMAIL", "")
DISCOVERY_INTERVAL_HOURS = float(env("DISCOVERY_INTERVAL_HOURS", str(7 * 24)))
# A paper published this many months after a member left is still counted as the group's
# (it was in the pipeline when they left); see docs/importing-and-discovery.md.
DISCOVERY_GRACE_MONTHS = int(env("DISCOVERY_GRACE_MONTHS", "12"))
