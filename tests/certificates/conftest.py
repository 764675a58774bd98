import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def media_and_cache(settings, tmp_path):
    """Stored PDFs go to a throwaway folder; rate-limit counters start at zero."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "https://training.example.org"
    cache.clear()
    yield
    cache.clear()
