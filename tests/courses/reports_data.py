"""Learners built for the Results tests, and readers of their exports (shared by the
test_reports* modules, which declare their own fixtures around these)."""

import csv
import io
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from assessments.models import Attempt, AttemptStatus, KnowledgeGain
from tests.factories.courses import (
    CohortMembershipFactory,
    EnrolmentFactory,
    attempt_graded_create,
)
from tests.factories.pages import build_course
from tests.factories.quizzes import FinalQuizPageFactory, QuizPageFactory
from tests.factories.users import UserFactory
from training_site.accounts.models import Roles


def admin_access_for_roles() -> None:
    permission = Permission.objects.get(codename="access_admin")
    for role in (Roles.TRAINERS, Roles.ADMINISTRATORS, Roles.INSTITUTIONS):
        Group.objects.get_or_create(name=role)[0].permissions.add(permission)


@dataclass
class Spec:
    """A learner to build, and what the report should count for them."""

    gender: str = ""
    country: str = "KE"
    service: str = "military"
    completed: bool = False
    finals: tuple[int, ...] = ()
    gain: int | None = None
    name: str = ""
    counted: bool = True
    user: object = field(default=None, repr=False)


def enrol(spec: Spec, *, course, final, pre_test, cohort=None) -> Spec:
    user = UserFactory(
        gender=spec.gender,
        country=spec.country,
        service=spec.service,
        **({"full_name": spec.name} if spec.name else {}),
    )
    now = timezone.now()
    EnrolmentFactory(
        user=user,
        course_key=course.translation_key,
        enrolled_at=now,
        completed_at=now if spec.completed else None,
    )
    post = None
    for percent in spec.finals:
        post = attempt_graded_create(user=user, quiz=final, percent=percent, passed=percent >= 75)
    if spec.gain is not None:
        pre = attempt_graded_create(user=user, quiz=pre_test, percent=10, passed=False)
        KnowledgeGain.objects.create(
            user=user,
            course_key=course.translation_key,
            pre_attempt=pre,
            post_attempt=post,
            points=spec.gain,
            percent=spec.gain,
            pre_percent=pre.percent,
            post_percent=post.percent,
        )
    if cohort is not None:
        CohortMembershipFactory(cohort=cohort, user=user)
    spec.user = user
    return spec


def row(results, breakdown: str, key: str):
    rows = next(b for b in results.breakdowns if b.key == breakdown).rows
    return next(r for r in rows if r.key == key)


WOMEN = [
    Spec("woman", "KE", "military", True, (60, 80), 30),
    Spec("woman", "KE", "police", True, (90,), 40),
    Spec("woman", "GH", "police", False, (70, 65), 25),
    Spec("woman", "GH", "military", True, (100,), 50),
    Spec("woman", "KE", "military", False, (), None),
    Spec("woman", "NP", "police", True, (55, 85), 35),
    Spec("woman", "BD", "military", True, (88,), 15),
    Spec("woman", "BD", "police", False, (45,), None),
]
MEN = [
    Spec("man", "KE", "military", True, (75,), 20),
    Spec("man", "GH", "military", False, (40, 50), 5),
    Spec("man", "GH", "police", True, (95, 88), 45),
    Spec("man", "NP", "military", False, (), None),
    Spec("man", "KE", "police", True, (82,), 12),
    Spec("man", "GH", "military", False, (33,), None),
    Spec("man", "NP", "military", True, (77, 79), 21),
]


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))


def tables_of(response) -> dict[str, list[list[str]]]:
    """The tables of a CSV export of several: each under its title, after an empty line."""
    tables: dict[str, list[list[str]]] = {}
    lines = rows_of(response)
    while lines:
        title, *lines = lines
        end = lines.index([]) if [] in lines else len(lines)
        tables[title[0]], lines = lines[:end], lines[end + 1 :]
    return tables


def streamed(response) -> bytes:
    """The body of an export, which streams (CSV) or is a file (XLSX)."""
    return b"".join(response.streaming_content)


def grant_learner_export(user) -> None:
    """Administrators may grant a trainer per-learner exports; scoping still applies."""
    user.user_permissions.add(Permission.objects.get(codename="export_learner_results"))


def learners_built(*, course, final, pre_test) -> list[Spec]:
    """Fifteen learners in two genders and four countries, and the noise the report ignores."""
    specs = [
        enrol(replace(spec), course=course, final=final, pre_test=pre_test) for spec in WOMEN + MEN
    ]
    # Noise the report must ignore: a learner who left without completing, another course,
    # a knowledge check, an attempt still in progress.
    left = enrol(Spec("woman", finals=(99,)), course=course, final=final, pre_test=pre_test)
    left.user.enrolments.update(unenrolled_at=timezone.now())
    left.counted = False
    other_course = build_course(course.get_parent(), lessons=0)
    other_final = FinalQuizPageFactory(parent=other_course)
    for spec in specs[:3]:
        attempt_graded_create(user=spec.user, quiz=other_final, percent=100)
        EnrolmentFactory(user=spec.user, course_key=other_course.translation_key)
        attempt_graded_create(user=spec.user, quiz=QuizPageFactory(parent=course), percent=100)
    Attempt.objects.create(
        user=specs[0].user,
        quiz_key=final.translation_key,
        course_key=course.translation_key,
        quiz_kind="final",
        number=9,
        status=AttemptStatus.IN_PROGRESS,
        percent=100,
    )
    return [*specs, left]
