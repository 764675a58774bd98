from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Roles(models.TextChoices):
    """The four groups of DESIGN.md; their rights are declared in `roles.ROLE_MAP`."""

    LEARNERS = "Learners", _("Learners")
    TRAINERS = "Trainers", _("Trainers")
    INSTITUTIONS = "Institutions", _("Institutions")
    ADMINISTRATORS = "Administrators", _("Administrators")


class Service(models.TextChoices):
    MILITARY = "military", _("Military")
    POLICE = "police", _("Police")
    CIVILIAN = "civilian", _("Civilian")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class EmailUserManager(UserManager):
    """A manager whose users log in with their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person on the platform; e-mail is the login, the profile feeds certificates and reports."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("Your name exactly as it must appear on certificates."),
    )
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_("The troop- or police-contributing country you serve."),
    )
    service = models.CharField(_("service"), max_length=16, choices=Service.choices, blank=True)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=16,
        choices=Gender.choices,
        blank=True,
        help_text=_("Optional. Asked only to produce gender-disaggregated training statistics."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email
