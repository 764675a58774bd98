from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from courses.models import CoursePage
from training_site.page_menus import EditorPageMenuItem, page_menu_item_register
from training_site.permissions import RecordPermissionPolicy
from training_site.spreadsheets import FormulaGuardedExportMixin

from . import admin_views
from .models import Institution, InstitutionMembership, Workshop, WorkshopPackDownload


class GuardedIndexView(FormulaGuardedExportMixin, IndexView):
    """Place, facilitator and names are typed by institutions: exported through the guard."""


class InstitutionViewSet(ModelViewSet):
    model = Institution
    icon = "home"
    menu_label = _("Institutions")
    list_display = ["name", "country"]
    search_fields = ["name"]
    form_fields = ["name", "country"]


class InstitutionMembershipViewSet(ModelViewSet):
    model = InstitutionMembership
    icon = "user"
    menu_label = _("Institution members")
    list_display = ["user", "institution"]
    list_filter = ["institution"]
    form_fields = ["user", "institution"]


register_permission_policy(WorkshopPackDownload, RecordPermissionPolicy(WorkshopPackDownload))


class WorkshopPackDownloadViewSet(ModelViewSet):
    """The download log, read by administrators and exported as CSV."""

    model = WorkshopPackDownload
    index_view_class = GuardedIndexView
    icon = "download"
    menu_label = _("Pack downloads")
    list_display = [
        "downloaded_at",
        "user_email",
        "institution_name",
        "course_title",
        "language_code",
        "version",
    ]
    list_export = [
        "downloaded_at",
        "user_email",
        "institution_name",
        "course_title",
        "language_code",
        "version",
    ]
    export_filename = "workshop-pack-downloads"
    list_filter = ["language_code", "institution"]
    search_fields = ["user_email", "institution_name", "course_title"]
    form_fields = ["user_email"]  # never shown: the log is read-only (RecordPermissionPolicy)
    inspect_view_enabled = True


class WorkshopViewSet(ModelViewSet):
    model = Workshop
    index_view_class = GuardedIndexView
    icon = "group"
    menu_label = _("Workshops")
    list_display = ["course_title", "institution", "start_date", "end_date", "place"]
    list_export = [
        "course_title",
        "institution",
        "start_date",
        "end_date",
        "place",
        "facilitator",
    ]
    list_filter = ["institution", "start_date"]
    form_fields = ["place", "facilitator", "start_date", "end_date"]
    inspect_view_enabled = True


class WorkshopPacksViewSetGroup(ViewSetGroup):
    menu_label = _("Workshop packs")
    menu_icon = "folder-open-inverse"
    items = (
        InstitutionViewSet,
        InstitutionMembershipViewSet,
        WorkshopPackDownloadViewSet,
        WorkshopViewSet,
    )


@hooks.register("register_admin_viewset")
def register_workshop_pack_viewsets():
    return WorkshopPacksViewSetGroup()


@hooks.register("register_admin_urls")
def scorm_admin_urls():
    return [path("scorm/<int:course_id>/", admin_views.scorm_download, name="workshops_scorm")]


class ScormMenuItem(EditorPageMenuItem):
    label = _("SCORM 1.2 package")
    icon_name = "download"
    url_name = "workshops_scorm"


page_menu_item_register(
    ScormMenuItem, page_model=CoursePage, listing_priority=46, header_priority=63
)
