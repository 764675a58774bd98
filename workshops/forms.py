from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def course_choices() -> list[tuple[str, str]]:
    """One (translation key, title) per live course, titled in the current language when the
    course has it, else in any language; by title. One query."""
    current = get_language()
    titles: dict[str, tuple[bool, str]] = {}
    for key, title, language in (
        CoursePage.objects.live()
        .order_by("path")
        .values_list("translation_key", "title", "locale__language_code")
    ):
        preferred = language == current
        if str(key) not in titles or (preferred and not titles[str(key)][0]):
            titles[str(key)] = (preferred, title)
    return sorted(
        ((key, title) for key, (_preferred, title) in titles.items()),
        key=lambda choice: choice[1].casefold(),
    )


class WorkshopResultsForm(forms.Form):
    course = forms.ChoiceField(label=_("Course"), choices=course_choices)
    language = forms.ChoiceField(
        label=_("Language of the workshop"),
        choices=lambda: [(code, _(name)) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES],
        help_text=_("The language the course was taught in (the pack you used)."),
    )
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=200)
    results_file = forms.FileField(
        label=_("Results sheet (CSV or XLSX)"),
        help_text=_(
            "The attendance_sheet.csv from the pack, filled in; saved as CSV (any encoding "
            "Excel offers) or as an Excel workbook. Errors name rows as your spreadsheet "
            "numbers them: the header is row 1."
        ),
    )

    def clean_results_file(self):
        upload = self.cleaned_data["results_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        key, language = cleaned.get("course"), cleaned.get("language")
        if key and language:
            course = (
                CoursePage.objects.live()
                .filter(translation_key=key, locale__language_code=language)
                .first()
            )
            if course is None:
                self.add_error("language", _("This course is not available in that language."))
            cleaned["course"] = course
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day can't be before the first day."))
        return cleaned
