from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User

PROFILE_FIELDS = ["full_name", "country", "service", "rank", "gender", "preferred_language"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS


class SignupProfileForm(forms.ModelForm):
    """Extra fields on allauth's sign-up form; allauth calls `signup()` after saving the user."""

    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["country"].required = True
        self.fields["service"].required = True
        self.fields["gender"].help_text = _(
            "Optional. Asked only to produce gender-disaggregated training statistics."
        )

    def signup(self, request, user) -> None:
        for name in PROFILE_FIELDS:
            setattr(user, name, self.cleaned_data.get(name, getattr(user, name)))
        user.save()
