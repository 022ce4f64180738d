"""Local development: debug pages, a throwaway key, e-mail printed to the console."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env, env_list

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY", "django-insecure-dev-only-key-never-use-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# The site's own 404 page, as visitors get it, rather than Django's list of URL patterns.
MIDDLEWARE = [*MIDDLEWARE, "lab_site.middleware.SiteNotFoundPageMiddleware"]
