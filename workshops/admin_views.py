"""Admin downloads for trainers: a course as a SCORM 1.2 package."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.defaults import permission_denied

from courses.models import CoursePage
from workshops.scorm import scorm_filename, scorm_package_build


def scorm_download(request: HttpRequest, course_id: int) -> HttpResponse:
    """The course as a SCORM package, for users who may edit it (404 unknown, 403 others)."""
    course = get_object_or_404(CoursePage, pk=course_id)
    if not course.permissions_for_user(request.user).can_edit():
        # Wagtail turns a raised PermissionDenied into a redirect; trainers get a 403.
        return permission_denied(request, PermissionDenied())
    response = HttpResponse(scorm_package_build(course=course), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{scorm_filename(course=course)}"'
    return response
