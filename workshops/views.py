from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from training_site.storage import private_file_exists, private_file_response

from .forms import WorkshopResultsForm
from .models import Workshop
from .results import ResultsSheetError
from .selectors import (
    user_can_download_packs,
    user_can_report_workshops,
    user_institution,
    workshop_list_for_institution,
    workshop_pack_for_download,
    workshop_pack_index_page,
    workshop_summary,
)
from .services import workshop_pack_download_record, workshop_results_import

MAX_ERRORS_SHOWN = 50
NEEDS_MEMBERSHIP = _(
    "To report workshops, ask an administrator to add your account to your institution "
    "(an institution membership in the admin)."
)


def pack_index(request):
    """The workshop packs page in the current language (the header links here)."""
    page = workshop_pack_index_page(language_code=get_language())
    if page is None:
        raise Http404
    return redirect(page.get_url(request=request))


@login_required
def pack_download(request, slug: str, language_code: str):
    """Serve the stored pack to institutions and trainers and log the download; a 404 for
    everyone else, as for a pack that doesn't exist."""
    if not user_can_download_packs(user=request.user):
        raise Http404
    pack = workshop_pack_for_download(slug=slug, language_code=language_code)
    if pack is None or not private_file_exists(pack.file):
        raise Http404
    workshop_pack_download_record(pack=pack, user=request.user)
    return private_file_response(
        pack.file,
        filename=f"{slug}-{language_code}-workshop-pack-v{pack.version}.zip",
        content_type="application/zip",
    )


def _institution_or_403(request):
    if not user_can_report_workshops(user=request.user):
        raise PermissionDenied(NEEDS_MEMBERSHIP)
    return user_institution(user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_upload(request):
    institution = _institution_or_403(request)
    form = WorkshopResultsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = workshop_results_import(
                institution=institution,
                course=data["course"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                place=data["place"],
                facilitator=data["facilitator"],
                uploaded_by=request.user,
                data=data["results_file"].read(),
            )
        except ResultsSheetError as error:
            shown = error.errors[:MAX_ERRORS_SHOWN]
            form.add_error("results_file", shown)
            return render(
                request,
                "workshops/workshop_upload.html",
                {"form": form, "hidden_error_count": len(error.errors) - len(shown)},
                status=400,
            )
        return redirect("workshops:workshop_detail", pk=workshop.pk)
    return render(request, "workshops/workshop_upload.html", {"form": form})


@login_required
def workshop_list(request):
    institution = _institution_or_403(request)
    workshops = workshop_list_for_institution(institution=institution)
    return render(
        request,
        "workshops/workshop_list.html",
        {"institution": institution, "workshops": workshops},
    )


@login_required
def workshop_detail(request, pk: int):
    institution = _institution_or_403(request)
    workshop = get_object_or_404(Workshop, pk=pk, institution=institution)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "summary": workshop_summary(workshop=workshop),
            "participants": workshop.participants.all(),
        },
    )
