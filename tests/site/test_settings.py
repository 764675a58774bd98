import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(extra_env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "training_site.settings.production", **extra_env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_check({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_deploy_check_gives_no_warnings_with_the_environment_set():
    result = run_check(
        {
            "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-value-0123456789",
            "ALLOWED_HOSTS": "training.example.org",
            "SITE_URL": "https://training.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_deploy_check_warns_that_a_local_memory_cache_is_not_shared():
    result = run_check(
        {
            "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-value-0123456789",
            "ALLOWED_HOSTS": "training.example.org",
            "SITE_URL": "https://training.example.org",
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "training_site.W003" in result.stderr
