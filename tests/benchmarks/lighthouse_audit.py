"""Lighthouse (mobile) scores of the demo site's main pages in English and Arabic, and of
the demo learner's dashboard (signed in through a session cookie sent as a header).

`make audit` runs it against a server it starts on the demo database: it needs `make demo`'s
data (or `manage.py load_demo`), Node.js with npm (Lighthouse is installed into .audit/) and
Debian's chromium (CHROME_PATH). Prints one row per page and exits 1 below the target.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = 95
PORT = int(os.environ.get("AUDIT_PORT", "8765"))
PAGES = [
    "/{lang}/",
    "/{lang}/courses/",
    "/{lang}/courses/stockpile-management/",
    "/{lang}/courses/stockpile-management/physical-security/",
    "/{lang}/courses/stockpile-management/final-assessment/",
]
SIGNED_IN_PAGES = ["/{lang}/learning/"]
CATEGORIES = ("performance", "accessibility", "best-practices")
SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
client = Client()
client.force_login(get_user_model().objects.get(email="learner@example.org"))
print(client.cookies["sessionid"].value)
"""


def learner_session() -> str:
    """A session of the demo learner, made through Django's test client."""
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "shell", "-c", SESSION],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1]


def lighthouse() -> Path:
    binary = ROOT / ".audit" / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                shutil.which("npm") or "npm",
                "install",
                "--silent",
                "--prefix",
                str(ROOT / ".audit"),
                "lighthouse@13",
            ],
            check=True,
        )
    return binary


def audit(binary: Path, path: str, extra: list[str], env: dict) -> dict:
    """One Lighthouse report of `path`; a run Lighthouse itself gives up on (a trace it failed
    to record, NO_NAVSTART) is tried again, up to three times."""
    for attempt in range(3):
        with tempfile.NamedTemporaryFile(suffix=".json") as report:
            done = subprocess.run(  # noqa: S603 - fixed arguments
                [
                    str(binary),
                    f"http://127.0.0.1:{PORT}{path}",
                    "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--output=json",
                    f"--output-path={report.name}",
                    *extra,
                ],
                check=attempt == 2,
                env=env,
            )
            if done.returncode == 0:
                return json.loads(Path(report.name).read_text())
    raise AssertionError("unreachable")


def main() -> int:
    binary = lighthouse()
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failed = False
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/en/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(1)
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        sys.stdout.write(f"{'page':<62} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES) + "\n")
        cookie = json.dumps({"Cookie": f"sessionid={learner_session()}"})
        pages = [(page, []) for page in PAGES]
        pages += [(page, [f"--extra-headers={cookie}"]) for page in SIGNED_IN_PAGES]
        for lang in ("en", "ar"):
            for page, extra in pages:
                path = page.format(lang=lang)
                result = audit(binary, path, extra, env)
                scores = [round(result["categories"][c]["score"] * 100) for c in CATEGORIES]
                failed = failed or min(scores) < TARGET
                sys.stdout.write(f"{path:<62} " + " ".join(f"{s:>13}" for s in scores) + "\n")
    finally:
        server.terminate()
        server.wait(timeout=10)
    sys.stdout.write(f"target: {TARGET} or more in every column\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
