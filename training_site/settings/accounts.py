"""Accounts: authentication, django-allauth sign-in and sign-up, two-factor, e-mail."""

import os

from .core import env_bool

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "courses:dashboard"

# django-allauth: e-mail is the login; verification is mandatory unless the
# environment says otherwise (demo accounts are created already verified).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "training_site.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "training_site.accounts.adapter.AccountAdapter"
# Failed logins: a hard limit per client address; per account, a separate count for each
# browser that signed in to it before (see accounts/adapter.py), so guessers can't lock the
# owner out.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_email": "1/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Everyone who can open /admin/ (Trainers, Administrators, superusers) sets up TOTP first.
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Arms Management Training"
# Accept the previous and next 30-second code too: phones in the field drift.
MFA_TOTP_TOLERANCE = 1

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "training@localhost")
MAILERS = {
    "default": {
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
    }
}
