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


def pass_final(course, learner, *, right: int, total: int):
    """A final of `total` questions under `course`, passed by `learner` with `right` of them
    (percent = right / total): the score a certificate then snapshots."""
    from assessments import services
    from tests.assessments.conftest import correct_answers
    from tests.factories.quizzes import FinalQuizPageFactory, single_choice

    final = FinalQuizPageFactory(
        parent=course, pass_mark=75, questions=[single_choice(f"Q{i}") for i in range(total)]
    )
    final.save_revision().publish()  # the bank version an attempt records
    attempt = services.attempt_start(user=learner, quiz=final)
    right_answers = correct_answers(final)
    services.attempt_save_answers(
        attempt=attempt, answers={qid: right_answers[qid] for qid in attempt.question_ids[:right]}
    )
    return services.attempt_submit(attempt=attempt)


def read_qr_from_pdf(pdf: bytes) -> list[str]:
    """The texts of the QR codes zxing-cpp finds on a PDF's first page rendered at 200 dpi (by
    PDFium, as a viewer or printer would)."""
    import pypdfium2
    import zxingcpp

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=200 / 72).to_pil()
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]
