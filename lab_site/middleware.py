"""Security headers (the Content-Security-Policy, strict on public pages and scoped looser
for the admin; a Permissions-Policy that turns off browser features the site never uses)
and compression of public pages."""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from django.conf import settings
from django.http import Http404
from django.middleware.gzip import GZipMiddleware
from django.views.defaults import page_not_found

from .query import private_sections_read_once


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp, with ``ADMIN_CONTENT_SECURITY_POLICY`` for the admin's URLs."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.ADMIN_URL_PREFIXES)
        ):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PrivateSectionsMiddleware:
    """A visitor's page (a GET or HEAD outside the admin) reads which sections are private
    once, however many lists it shows (``query.private_sections_read_once``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(
            settings.ADMIN_URL_PREFIXES
        ):
            return self.get_response(request)
        with private_sections_read_once():
            return self.get_response(request)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Gzip for pages that hold no secret: the public pages seen by anonymous visitors.

    Lists of members and papers are repeated markup and compress well. Pages that
    can hold a secret (the admin, anything a signed-in person sees, anything with a CSRF
    token) are sent uncompressed, so that BREACH-style attacks have nothing to guess.
    It sits inside the page cache, which stores the compressed copy (see ``cache_key``).
    """

    def process_response(self, request, response):
        if (
            request.path_info.startswith(settings.ADMIN_URL_PREFIXES)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or request.META.get("CSRF_COOKIE_USED")
        ):
            return response
        return super().process_response(request, response)


class SiteNotFoundPageMiddleware:
    """Development: the site's own 404 page instead of Django's debug page, which lists
    the URL patterns and does not fit a phone. Tracebacks of errors stay on (DEBUG)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            # No URL pattern matched: Django answered with its debug page.
            return page_not_found(request, Http404(request.path))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
