"""The applicant's download of the electronic result (by the signed status
token) and the public verification page its QR code opens."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from tuphap.core.context_processors import department_name
from tuphap.core.errors import ConflictError
from tuphap.dossiers.documents.build import code_from_token
from tuphap.dossiers.models import Dossier
from tuphap.dossiers.results import services
from tuphap.dossiers.results.models import ElectronicResult
from tuphap.dossiers.results.signing import signer
from tuphap.orgs.permissions import public

MAX_UPLOAD = 20 * 1024 * 1024


def _issued(request: HttpRequest, token: str, part: str) -> Any:
    code = code_from_token(token)
    dossier = Dossier.objects.select_related("procedure", "agency").filter(code=code).first() if code else None
    if dossier is None:
        raise Http404
    try:
        return services.result_download(
            actor=request.user if request.user.is_authenticated else None,
            dossier=dossier,
            part=part,
            base_url=request.build_absolute_uri("/"),
            signer=signer(),
            via="status_link",
        )
    except ConflictError:
        raise Http404 from None


#: each part of an issued result: its media type, its file extension, what it is (for the API's schema)
RESULT_PARTS: dict[str, tuple[str, str, str]] = {
    "pdf": ("application/pdf", "pdf", "The electronic result (PDF)"),
    "signature": ("application/pkcs7-signature", "p7s", "The agency's detached CMS signature (DER) over the PDF"),
}


def result_file(result: ElectronicResult, part: str) -> HttpResponse:
    """One part of an issued result as a private download (the status link's pages and the citizens' API)."""
    content_type, extension, _label = RESULT_PARTS[part]
    response = HttpResponse(bytes(result.pdf if part == "pdf" else result.signature), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ket-qua-{result.dossier.code}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@public
@require_GET
def download(request: HttpRequest, token: str) -> HttpResponse:
    """The result's PDF (issued on the first download, the same bytes afterwards)."""
    return result_file(_issued(request, token, "pdf"), "pdf")


@public
@require_GET
def signature(request: HttpRequest, token: str) -> HttpResponse:
    """The agency's detached CMS signature over the PDF."""
    return result_file(_issued(request, token, "signature"), "signature")


@public
@csrf_exempt  # the upload changes nothing: it is compared with the issued PDF's hash
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Is this result authentic? The essentials, no personal data; a PDF may be uploaded to compare."""
    verdict = services.verify_token(token)
    context: dict[str, Any] = {"verdict": verdict, "facts": verdict.facts, "token": token}
    status = 200 if verdict.valid else 404 if verdict.reason == "unknown" else 400
    if request.method == "POST" and verdict.valid:
        upload = request.FILES.get("pdf")
        if upload is None or upload.size is None or upload.size > MAX_UPLOAD:
            context["upload_error"] = True
            status = 400
        else:
            context["pdf_matches"] = services.pdf_matches(token, upload.read())
            if not context["pdf_matches"]:
                status = 409
    html = render_to_string(
        "dossiers/results/verify.html",
        {"tuphap_name": settings.TUPHAP_SITE_NAME, "department_name": department_name(), **context},
    )
    response = HttpResponse(html, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response
