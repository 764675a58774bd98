"""A newcomer's first screen: WeasyPrint's advice to install HarfBuzz-Subset comes once per
process, not once per font of every PDF."""

import logging

import pytest
import weasyprint.pdf.fonts
from weasyprint import HTML

from training_site.pdf import PDF_FONTS, STATIC_SCHEME, static_url_fetcher

ADVICE = "Using fontTools instead of HarfBuzz-Subset"
# Two embedded fonts (the project's own), as in a certificate.
DOCUMENT = f"""<style>
@font-face {{ font-family: Body; src: url("static:{PDF_FONTS["regular"]}"); }}
@font-face {{ font-family: Body; font-weight: bold; src: url("static:{PDF_FONTS["bold"]}"); }}
body {{ font-family: Body; }}
</style><p>Certificate شهادة</p><p><b>Holder</b></p>"""


def render() -> bytes:
    return HTML(
        string=DOCUMENT, base_url=STATIC_SCHEME, url_fetcher=static_url_fetcher()
    ).write_pdf()


@pytest.fixture
def no_harfbuzz_subset(monkeypatch):
    """As on a machine without Debian's libharfbuzz-subset0."""
    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    # The filter remembers what it let through: start each test with a fresh one.
    (weasyprint_filter,) = logging.getLogger("weasyprint").filters
    monkeypatch.setattr(weasyprint_filter, "seen", set())


def test_the_font_subsetting_advice_is_logged_once_for_many_pdfs(no_harfbuzz_subset, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        for _pdf in range(3):
            pdf = render()
            assert pdf.startswith(b"%PDF")

    advice = [record for record in caplog.records if record.getMessage().startswith(ADVICE)]
    assert len(advice) == 1


def test_other_weasyprint_warnings_still_pass(no_harfbuzz_subset, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        logging.getLogger("weasyprint").warning("Ignored `foo: bar` at 1:1, unknown property.")
        logging.getLogger("weasyprint").warning("Ignored `foo: bar` at 1:1, unknown property.")

    assert len(caplog.records) == 2
