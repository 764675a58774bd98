"""Languages and time zone of the interface and of the content, in Django and Wagtail."""

from .core import PROJECT_DIR

# Internationalisation: interface strings in five languages, content in three.
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("es", "Español"),
    ("pt", "Português"),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("ar", "العربية"),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
