import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from events import views as event_views
from funding import views as funding_views
from people import cv_views as people_cv_views
from people import views as people_views
from publications import views as publication_views
from search import views as search_views

from . import views
from .sitemap import sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Wagtail's own address, whose page now signs the person in once they have chosen.
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        people_views.ChoosePasswordView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("search/", search_views.search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    # A member's CV: "/people/<member>/cv/", with "cv.pdf" and "cv.resume.json" beside it.
    re_path(r"^(?P<path>(?:[\w-]+/)+)cv/$", people_cv_views.cv_page, name="member_cv"),
    re_path(
        r"^(?P<path>(?:[\w-]+/)+)cv\.(?P<file_format>pdf|resume\.json)$",
        people_cv_views.cv_file,
        name="member_cv_file",
    ),
    # A grant's report: "/funding/<grant>/report.csv" and "report.bib".
    re_path(
        r"^(?P<path>(?:[\w-]+/)+)report\.(?P<export_format>csv|bib)$",
        funding_views.report,
        name="grant_report",
    ),
    re_path(
        r"^(?P<path>(?:[\w-]+/)*)(?P<name>[\w-]+)\.(?P<export_format>bib|ris|json|txt)$",
        publication_views.export,
        name="publication_export",
    ),
    # "/news.atom", "/publications.atom": a listing's feed, beside its page.
    re_path(r"^(?P<path>(?:[\w-]+/)*[\w-]+)\.atom$", views.feed, name="feed"),
    # "/events.ics" (every event) and "/events/<event>.ics" (one), beside the pages.
    re_path(r"^(?P<path>(?:[\w-]+/)*[\w-]+)\.ics$", event_views.calendar, name="calendar"),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    # Django's static() helper serves nothing unless DEBUG is on, which would leave
    # `make serve` (production settings, SERVE_MEDIA) without photos.
    from .media import serve_public_media

    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_public_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [
    # Everything else is a page of the Wagtail page tree; this must come last.
    path("", include(wagtail_urls)),
]
