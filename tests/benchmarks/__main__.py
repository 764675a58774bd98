"""Set up Django with test settings on a throwaway SQLite database, build data, run every
registered benchmark and print a table. Exit status 1 if a benchmark's check fails."""

import importlib
import os
import sys
import tempfile
from pathlib import Path


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "training_site.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("DATABASE_TEST_NAME", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def print_table(rows) -> None:
    headers = ("benchmark", "median (ms)", "runs", "note")
    table = [(row.name, f"{row.median_ms:.2f}", str(row.runs), row.note) for row in rows]
    widths = [
        max(len(str(cell)) for cell in column) for column in zip(headers, *table, strict=True)
    ]
    line = "  ".join(f"{{:<{width}}}" for width in widths)
    out = sys.stdout
    out.write(line.format(*headers) + "\n")
    out.write(line.format(*("-" * width for width in widths)) + "\n")
    for cells in table:
        out.write(line.format(*cells) + "\n")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        setup_django(Path(workdir))
        from django.test.utils import setup_test_environment

        setup_test_environment()
        from tests.benchmarks import BENCHMARKS, MODULES, BenchContext

        for module in MODULES:
            importlib.import_module(module)
        context = BenchContext()
        rows = []
        for function in BENCHMARKS:
            rows.extend(function(context))
        print_table(rows)
        failed = [name for name, ok in context.checks if not ok]
        for name, ok in context.checks:
            sys.stdout.write(f"{'ok  ' if ok else 'FAIL'} {name}\n")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
