from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Content languages other than English that have their own organisation name and title fields.
TRANSLATED_LANGUAGES = ("fr", "ar")


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """The organisation behind the site: its name and logo, and who signs certificates.

    Read it through `training_site.selectors.organisation_settings` (cached)."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=200,
        default="Arms Management Training for Peace Operations",
        help_text=_("In the page header and on certificates; also where no translation is set."),
    )
    organisation_name_fr = models.CharField(
        _("organisation name (French)"),
        max_length=200,
        blank=True,
        default="Formation à la gestion des armes pour les opérations de paix",
        help_text=_("On French pages, e-mails and certificates; empty: the English name."),
    )
    organisation_name_ar = models.CharField(
        _("organisation name (Arabic)"),
        max_length=200,
        blank=True,
        default="التدريب على إدارة الأسلحة في عمليات السلام",
        help_text=_("On Arabic pages, e-mails and certificates; empty: the English name."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        default="Arms Management Training",
        help_text=_(
            "A short form of the name for the page header on phones (change it with the "
            "name); empty: the name."
        ),
    )
    short_name_fr = models.CharField(
        _("short name (French)"),
        max_length=60,
        blank=True,
        default="Formation à la gestion des armes",
        help_text=_("On French pages; empty: the French name, else the English short name."),
    )
    short_name_ar = models.CharField(
        _("short name (Arabic)"),
        max_length=60,
        blank=True,
        default="التدريب على إدارة الأسلحة",
        help_text=_("On Arabic pages; empty: the Arabic name, else the English short name."),
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
    signatory_title_fr = models.CharField(
        _("signatory title (French)"),
        max_length=200,
        blank=True,
        help_text=_("On French certificates; empty: the English title."),
    )
    signatory_title_ar = models.CharField(
        _("signatory title (Arabic)"),
        max_length=200,
        blank=True,
        help_text=_("On Arabic certificates; empty: the English title."),
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
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_name_fr"),
                FieldPanel("organisation_name_ar"),
                FieldPanel("short_name"),
                FieldPanel("short_name_fr"),
                FieldPanel("short_name_ar"),
                FieldPanel("logo"),
            ],
            _("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signatory_title_fr"),
                FieldPanel("signatory_title_ar"),
                FieldPanel("signature_image"),
            ],
            _("Certificate signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation settings")

    @property
    def name(self) -> str:
        """The organisation name in the active language (see `name_in`)."""
        return self.name_in(get_language())

    @property
    def short(self) -> str:
        """The short name in the active language (see `short_name_in`)."""
        return self.short_name_in(get_language())

    @property
    def title(self) -> str:
        """The signatory title in the active language (see `signatory_title_in`)."""
        return self.signatory_title_in(get_language())

    def name_in(self, language: str | None) -> str:
        """The organisation name in `language`, else the English one."""
        return self._in_language("organisation_name", language)

    def short_name_in(self, language: str | None) -> str:
        """The short name in `language`; without one, that language's own full name, else the
        English short name, else the English name."""
        base = _base_language(language)
        if base in TRANSLATED_LANGUAGES:
            if own := getattr(self, f"short_name_{base}"):
                return own
            if getattr(self, f"organisation_name_{base}"):
                return self.name_in(base)
        return self.short_name or self.organisation_name

    def signatory_title_in(self, language: str | None) -> str:
        """The signatory title in `language`, else the English one."""
        return self._in_language("signatory_title", language)

    def _in_language(self, field: str, language: str | None) -> str:
        base = _base_language(language)
        translated = getattr(self, f"{field}_{base}", "") if base in TRANSLATED_LANGUAGES else ""
        return translated or getattr(self, field)


def _base_language(language: str | None) -> str:
    return (language or "").split("-")[0].lower()
