"""Admin: cohorts. Trainers see and edit only the cohorts they run; administrators see all."""

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Cohort, CoursePage
from .selectors import cohorts_visible_to

OWN_COHORT_ACTIONS = frozenset({"add", "change", "delete", "view"})


class CohortPermissionPolicy(ModelPermissionPolicy):
    """The standard cohort permissions (administrators) cover every cohort;
    `courses.run_cohort` (trainers) covers the cohorts one runs (see the scoped views)."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in OWN_COHORT_ACTIONS and user.has_perm("courses.run_cohort")

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        return self.user_has_permission(user, action) and instance.trainer_id == user.pk

    def instances_user_has_any_permission_for(self, user, actions):
        return cohorts_visible_to(user=user)


register_permission_policy(Cohort, CohortPermissionPolicy(Cohort))


class CohortForm(WagtailAdminModelForm):
    course_key = forms.TypedChoiceField(label=_("Course"), coerce=str, choices=())

    class Meta:
        model = Cohort
        fields = ["name", "course_key"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = Locale.get_default()
        courses = CoursePage.objects.filter(locale=default).order_by("path")
        self.fields["course_key"].choices = [
            (str(course.translation_key), course.title) for course in courses
        ]
        if self.instance.pk:
            self.initial["course_key"] = str(self.instance.course_key)


class ScopedObjectMixin:
    """404 for a cohort the user may not see, whatever the id in the URL."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not cohorts_visible_to(user=self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        return cohorts_visible_to(user=self.request.user)


class CohortCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.trainer = self.request.user
        return super().save_instance()


class CohortEditView(ScopedObjectMixin, generic.EditView):
    pass


class CohortDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class CohortInspectView(ScopedObjectMixin, generic.InspectView):
    pass


class CohortHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class CohortUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    inspect_view_class = CohortInspectView
    history_view_class = CohortHistoryView
    usage_view_class = CohortUsageView
    copy_view_enabled = False
    form_fields = ["name", "course_key"]
    list_display = [
        "name",
        "join_code",
        "trainer",
        Column("member_count", label=_("Members")),
        "created_at",
    ]
    search_fields = ["name", "join_code"]

    def get_form_class(self, for_update=False):
        return CohortForm


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("cohorts")


@hooks.register("register_admin_urls")
def register_results_urls():
    from django.urls import include, path

    from . import report_views

    return [path("results/", include((report_views.urlpatterns, report_views.app_name)))]


@hooks.register("register_admin_menu_item")
def register_results_menu_item():
    from django.urls import reverse

    from .report_views import ResultsMenuItem

    return ResultsMenuItem(
        _("Results"), reverse("course_results:index"), name="results", icon_name="table", order=250
    )
