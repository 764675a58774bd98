from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

EXAMPLE_CODE = "ABCD-EFGH-JKMN-PQRS"


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_(
            "The 16 characters printed on the certificate, for example ABCD-EFGH-JKMN-PQRS."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
                "dir": "ltr",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The example code in the help (shown unescaped) must not split across lines or
        # reorder its groups in a right-to-left sentence.
        field = self.fields["code"]
        field.help_text = escape(field.help_text).replace(
            EXAMPLE_CODE, f'<code dir="ltr">{EXAMPLE_CODE}</code>'
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log and shown to no one outside the administration."),
    )
