from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.locale.language_code})"


class WorkshopResultsForm(forms.Form):
    course = CourseChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.live().select_related("locale").order_by("title"),
    )
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=200)
    results_file = forms.FileField(
        label=_("Results sheet (CSV)"),
        help_text=_("The attendance_sheet.csv from the pack, filled in and saved as CSV UTF-8."),
    )

    def clean_results_file(self):
        upload = self.cleaned_data["results_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day can't be before the first day."))
        return cleaned
