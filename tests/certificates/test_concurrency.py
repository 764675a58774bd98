import pytest

from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.concurrency import run_in_parallel


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_completions_give_one_certificate(course, learner):
    results, errors = run_in_parallel(
        lambda: certificate_issue(user=learner, course_key=course.translation_key).pk, threads=8
    )

    assert errors == []
    assert len(results) == 8
    assert Certificate.objects.filter(user=learner, course_key=course.translation_key).count() == 1
    assert len(set(results)) == 1
