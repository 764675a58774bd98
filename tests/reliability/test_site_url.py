"""Production refuses to start without SITE_URL, or with one whose host ALLOWED_HOSTS refuses:
every certificate QR code and e-mail link is built from it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from training_site.settings.base import site_url_error

ROOT = Path(__file__).resolve().parents[2]
HOSTS = ["training.example.org", "localhost"]


@pytest.mark.parametrize(
    "site_url",
    [
        "https://training.example.org",
        "https://training.example.org/",
        "https://Training.Example.org:8443",
        "http://localhost:8000",
    ],
)
def test_a_public_address_on_an_allowed_host_is_accepted(site_url):
    assert site_url_error(site_url, HOSTS) is None


@pytest.mark.parametrize(
    ("site_url", "complaint"),
    [
        ("", "must be set"),
        ("training.example.org", "http(s) address"),
        ("ftp://training.example.org", "http(s) address"),
        ("https://training.example.org/en/", "without a path"),
        ("https://training.example.org?x=1", "without a path"),
        ("https://127.0.0.1:8000", "not in ALLOWED_HOSTS"),
        ("https://training.example.org.evil.test", "not in ALLOWED_HOSTS"),
    ],
)
def test_a_missing_malformed_or_foreign_address_is_refused(site_url, complaint):
    assert complaint in site_url_error(site_url, HOSTS)


def start_production(**environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"DJANGO_SETTINGS_MODULE": "training_site.settings.production", "SECRET_KEY": "k"}
    env |= environment
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"ALLOWED_HOSTS": "training.example.org"}, "SITE_URL must be set"),
        (
            {"ALLOWED_HOSTS": "training.example.org", "SITE_URL": "http://127.0.0.1:8000"},
            "not in ALLOWED_HOSTS",
        ),
    ],
)
def test_production_settings_refuse_to_start(environment, complaint):
    result = start_production(**environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_production_settings_start_with_a_matching_site_url():
    result = start_production(
        ALLOWED_HOSTS="training.example.org", SITE_URL="https://training.example.org"
    )

    assert result.stdout.strip() == "started", result.stderr
