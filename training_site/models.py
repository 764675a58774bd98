from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation behind the site: its name and logo, and who signs certificates.

    Read it through `training_site.selectors.organisation_settings` (cached)."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Arms Management Training for Peace Operations",
        help_text=_("Shown in the page header and on certificates."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A small logo for certificates and workshop packs."),
    )
    signatory_name = models.CharField(
        _("signatory name"),
        max_length=150,
        blank=True,
        help_text=_("The person whose name appears under the signature on certificates."),
    )
    signatory_title = models.CharField(
        _("signatory title"),
        max_length=200,
        blank=True,
        help_text=_("For example: Director, Regional Peacekeeping Training Centre."),
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scanned signature with a transparent or white background."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("organisation_name"), FieldPanel("logo")], _("Organisation")),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
            ],
            _("Certificate signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation settings")
