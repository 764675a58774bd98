"""Certificate PDF: first render in the process, warm renders, and cached downloads."""

import time

from tests.benchmarks import BenchContext, Row, benchmark, median, timed

RUNS = 5
DOWNLOAD_RUNS = 25
MIN_SPEED_UP = 50


def _build(context: BenchContext):
    from django.test import Client

    from certificates.services import certificate_issue
    from tests.factories.pages import CourseIndexPageFactory, build_course, build_site
    from tests.factories.users import UserFactory

    home = build_site()
    course = build_course(CourseIndexPageFactory(parent=home), lessons=1)
    learner = UserFactory(full_name="Bench Learner", preferred_language="en")
    certificate = certificate_issue(user=learner, course_key=course.translation_key)
    client = Client()
    client.force_login(learner)
    context.data["certificate"] = certificate
    return certificate, client


@benchmark
def certificate_pdf(context: BenchContext) -> list[Row]:
    from django.urls import reverse

    from certificates.rendering import certificate_render_pdf
    from certificates.services import certificate_pdf_file

    certificate, client = _build(context)

    start = time.perf_counter()
    certificate_render_pdf(certificate=certificate, language="en")
    first = (time.perf_counter() - start) * 1000
    warm = median(
        timed(lambda: certificate_render_pdf(certificate=certificate, language="en"), runs=RUNS)
    )

    certificate_pdf_file(certificate=certificate, language="en")  # store it
    url = reverse("certificates:download", kwargs={"pk": certificate.pk, "language": "en"})

    def download():
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)

    from certificates.rendering import CERTIFICATE_TEMPLATE_VERSION
    from certificates.selectors import certificate_file_for_holder

    def stored_read():
        stored = certificate_file_for_holder(
            user=certificate.user,
            pk=certificate.pk,
            language="en",
            template_version=CERTIFICATE_TEMPLATE_VERSION,
        )
        with stored.file.open("rb") as handle:
            handle.read()

    cached = median(timed(stored_read, runs=DOWNLOAD_RUNS))
    http = median(timed(download, runs=DOWNLOAD_RUNS))
    speed_up = warm / cached if cached else float("inf")
    http_speed_up = warm / http if http else float("inf")
    context.checks.append(
        (
            f"cached download >= {MIN_SPEED_UP}x faster than a warm render ({speed_up:.0f}x)",
            speed_up >= MIN_SPEED_UP,
        )
    )
    return [
        Row("certificate render, first in process", first, 1),
        Row("certificate render, warm", warm, RUNS),
        Row(
            "certificate download, cached (lookup + read)",
            cached,
            DOWNLOAD_RUNS,
            f"{speed_up:.0f}x faster than warm render",
        ),
        Row(
            "certificate download, cached, full HTTP request",
            http,
            DOWNLOAD_RUNS,
            f"{http_speed_up:.0f}x (session + auth middleware included)",
        ),
    ]
