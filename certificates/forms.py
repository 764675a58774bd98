from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_(
            "The 16 characters printed on the certificate, for example ABCD-EFGH-JKMN-PQRS."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log and shown to no one outside the administration."),
    )
