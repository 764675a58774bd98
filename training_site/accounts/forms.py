from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from training_site.sanitize import UnsafeText, clean_text

from .models import User

PROFILE_FIELDS = ["full_name", "country", "service", "rank", "gender", "preferred_language"]


class ProfileForm(forms.ModelForm):
    """The profile fields that certificates and reports use. Names are stored as plain text:
    markup typed into them is removed here, before it can reach a certificate or an export."""

    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name", "country", "service"):
            self.fields[name].required = True
        # Django's blank label ("- Select an option -") has no Arabic translation: use ours.
        for name in ("country", "service", "gender"):
            field = self.fields[name]
            field.choices = [("", _("Choose…")), *(c for c in field.choices if c[0] != "")]

    def clean_full_name(self) -> str:
        name = _plain_text(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError(_("Enter your name as it must appear on certificates."))
        return name

    def clean_rank(self) -> str:
        return _plain_text(self.cleaned_data["rank"])


def _plain_text(value: str) -> str:
    try:
        return clean_text(value).strip()
    except UnsafeText:
        raise forms.ValidationError(
            _("Use letters, digits and punctuation only: no < or > and no control characters."),
            code="unsafe_text",
        ) from None


class SignupProfileForm(ProfileForm):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` after saving the user."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The language of the page the learner signs up on is the likeliest preference.
        language = (get_language() or "").split("-")[0]
        if language in dict(self.fields["preferred_language"].choices):
            self.fields["preferred_language"].initial = language

    def signup(self, request, user) -> None:
        for name in PROFILE_FIELDS:
            setattr(user, name, self.cleaned_data.get(name, getattr(user, name)))
        user.save()
