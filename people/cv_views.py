"""A member's CV at ``<profile>cv/``, beside it as a PDF (``<profile>cv.pdf``) and as
JSON Resume (``<profile>cv.resume.json``, a name no paper export can have). A ``cv/`` that
is not a live member's falls through to the page tree (a page may be called "cv")."""

import hashlib
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail.views import serve as serve_page

from lab_site.views import live_page

from .cv import compose, cv_address, resume
from .cv_pdf import PDFUnavailable, render_pdf
from .models import MemberPage


def _member(request, path):
    page = live_page(request, path)
    return page if isinstance(page, MemberPage) else None


def cv_page(request, path):
    member = _member(request, path)
    if member is None:
        return serve_page(request, f"{path}cv/")
    address = cv_address(member)
    return TemplateResponse(
        request,
        "people/member_cv.html",
        {
            "page": member,
            "member": member,
            "sections": compose(member, request),
            "cv_url": request.build_absolute_uri(address + "/"),
            "pdf_url": address + ".pdf",
            "json_url": address + ".resume.json",
        },
    )


def cv_file(request, path, file_format):
    member = _member(request, path)
    if member is None:
        raise Http404("No member here.")
    filename = f"{member.slug}-cv.{file_format}"
    if file_format == "resume.json":
        body = json.dumps(
            resume(member, request), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        html = render_to_string(
            "people/cv_print.html",
            {"member": member, "sections": compose(member, request), "request": request},
            request=request,
        )
        # Kept by what it is made from: a publish that changes nothing of this CV (or a
        # whole static copy made again) takes the PDF from the cache.
        key = "cv-pdf:" + hashlib.sha256(html.encode()).hexdigest()
        pdf = cache.get(key)
        if pdf is None:
            try:
                pdf = render_pdf(html)
            except PDFUnavailable as error:
                return HttpResponse(
                    f"The PDF cannot be made on this server: {error}\n",
                    status=503,
                    content_type="text/plain; charset=utf-8",
                )
            cache.set(key, pdf, 7 * 24 * 3600)
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
