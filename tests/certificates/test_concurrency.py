import threading

import pytest
from django.db import connection

from certificates.models import Certificate
from certificates.services import certificate_issue


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_completions_give_one_certificate(course, learner):
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    results, errors = [], []

    def complete():
        try:
            barrier.wait()
            results.append(certificate_issue(user=learner, course_key=course.translation_key).pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Certificate.objects.filter(user=learner, course_key=course.translation_key).count() == 1
    assert len(set(results)) == 1
