"""End to end through the views, with real commits: a learner enrols, reads and completes every
lesson, passes the final assessment, and the course completes, the certificate is issued and
the e-mail goes out. Nothing here calls a service or sends a signal by hand; the on-commit
hooks and the immediate task backend run as they do in production."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from certificates.models import Certificate
from courses.models import Enrolment
from tests.factories.quizzes import FinalQuizPageFactory, multiple_select, single_choice, true_false

pytestmark = pytest.mark.django_db(transaction=True)


class AnswerForm(HTMLParser):
    """The attempt page's answer inputs (name, value) and its submit actions."""

    def __init__(self, html: str):
        super().__init__()
        self.inputs: list[tuple[str, str]] = []
        self.actions: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") in {"radio", "checkbox"}:
            self.inputs.append((attributes["name"], attributes["value"]))
        elif tag == "button" and attributes.get("name") == "action":
            self.actions.append(attributes["value"])


def answer_key(quiz) -> dict[str, set[str]]:
    """Question block id -> the values a learner ticks to get it right, from the editor's data."""
    key = {}
    for block in quiz.questions.raw_data:
        value = block["value"]
        if block["type"] == "true_false":
            key[block["id"]] = {value["correct_answer"]}
        else:
            key[block["id"]] = {c["id"] for c in value["choices"] if c["value"]["correct"]}
    return key


def correct_post(html: str, key: dict[str, set[str]]) -> dict:
    """POST data that ticks the right answers of the questions this page shows."""
    form = AnswerForm(html)
    assert form.inputs, "the page shows no question"
    data: dict[str, list[str]] = {}
    for name, value in form.inputs:
        question_id = next(qid for qid in key if qid in name)
        data.setdefault(name, [])
        if value in key[question_id]:
            data[name].append(value)
    data["action"] = "next" if "next" in form.actions else "review"
    return data


@pytest.fixture
def final(course):
    return FinalQuizPageFactory(
        parent=course,
        title="Final assessment",
        pass_mark=75,
        questions=[
            single_choice("Which record is kept for every weapon?"),
            multiple_select("Which belong in a register?"),
            true_false("Ammunition may be stored with weapons."),
        ],
    )


def test_a_learner_passes_the_final_and_gets_the_course_the_certificate_and_the_email(
    client, course, final, learner
):
    client.force_login(learner)

    response = client.post(reverse("courses:enrol", kwargs={"course_key": course.translation_key}))
    assert response.status_code == 302
    for lesson in course.lessons():
        assert client.get(lesson.url).status_code == 200
        done = client.post(reverse("courses:lesson_complete", kwargs={"lesson_id": lesson.pk}))
        assert done.status_code == 302
    assert Enrolment.objects.get(user=learner).completed_at is None  # the final is still ahead
    assert not Certificate.objects.exists()

    assert client.get(final.url).status_code == 200
    response = client.post(reverse("assessments:start", kwargs={"quiz_id": final.pk}))
    assert response.status_code == 302
    key = answer_key(final)
    page_url = response["Location"]
    for _page in range(len(key)):  # at most one page per question
        page = client.get(page_url)
        assert page.status_code == 200
        response = client.post(page_url, correct_post(page.content.decode(), key))
        assert response.status_code == 302
        page_url = response["Location"]
        if "/submit/" in page_url:
            break
    assert "/submit/" in page_url, page_url
    assert "You have answered every question." in client.get(page_url).content.decode()
    result = client.post(page_url, follow=True)
    assert result.status_code == 200
    assert re.search(r"/quiz/attempts/\d+/result/$", result.redirect_chain[-1][0])

    enrolment = Enrolment.objects.get(user=learner, course_key=course.translation_key)
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(user=learner, course_key=course.translation_key)
    assert certificate.holder_name == learner.full_name
    assert certificate.revoked_at is None
    assert len(mail.outbox) == 1
    (message,) = mail.outbox
    assert message.to == [learner.email]
    assert certificate.formatted_code in message.body

    download = reverse("certificates:download", kwargs={"pk": certificate.pk, "language": "en"})
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert f'<code dir="ltr">{certificate.formatted_code}</code>' in dashboard
    assert f'href="{download}"' in dashboard
    pdf = client.get(download)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
