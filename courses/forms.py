from django import forms
from django.utils.translation import gettext_lazy as _


class CohortJoinForm(forms.Form):
    join_code = forms.CharField(
        label=_("Join code"),
        max_length=16,
        help_text=_("The code your trainer gave you."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
