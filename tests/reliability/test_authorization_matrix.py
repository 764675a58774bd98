"""The authorization matrix: every URL of the project that takes an id, code, slug or file,
requested by each role, answers what the role may see and nothing more.

The URL list is not written by hand: `in_scope_urls()` walks the resolver, so a new URL that
takes a parameter and has no row in MATRIX fails `test_every_url_that_takes_an_id_has_a_row`.
Public-by-design URLs are rows too, with their reason. Wagtail's own admin (pages, images,
users...) is out of scope; the admin views and viewsets this project registers are in.

Each request is also made with ids, codes and slugs that name nothing: a role that reaches the
object gets a 404 (never a 500), and a role that doesn't gets the same answer as for a real
object, so no answer tells whether an id exists.
"""

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlparse

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.admin.viewsets import viewsets
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from assessments import services as attempts
from certificates.models import CertificateExport, CertificateFile, ExportStatus
from certificates.rendering import CERTIFICATE_TEMPLATE_VERSION
from tests.assessments.conftest import correct_answers
from tests.courses.test_job_aids import job_aid
from tests.factories.certificates import CertificateFactory
from tests.factories.courses import CohortFactory, CohortMembershipFactory, EnrolmentFactory
from tests.factories.pages import CourseIndexPageFactory, build_course, build_site
from tests.factories.quizzes import QuizPageFactory
from tests.factories.users import UserFactory
from tests.factories.workshops import institution_user, trainer_user
from training_site.accounts.models import Roles
from training_site.accounts.roles import roles_sync
from workshops.models import Workshop, WorkshopPack, WorkshopPackStatus
from workshops.services import workshop_pack_download_record

PROJECT_PACKAGES = {
    "training_site",
    "assessments",
    "courses",
    "certificates",
    "workshops",
    "content",
}

# Roles
ANONYMOUS = "anonymous"
OWNER = "owner"  # the learner whose attempt, certificate and cohort place these are
OTHER = "other learner"
TRAINER = "trainer of the owner's cohort"
OUTSIDER = "trainer of another cohort"
INSTITUTION = "institution"  # a member of the institution that ran the workshop
ADMINISTRATOR = "administrator"  # the Administrators group, not a superuser
ROLES = [ANONYMOUS, OWNER, OTHER, TRAINER, OUTSIDER, INSTITUTION, ADMINISTRATOR]

# Outcomes
OK = "200"
LOGIN = "302 to sign-in"
ELSEWHERE = "302 to a page of the site"  # a POST that did its work, a page that moved on
ADMIN_HOME = "302 to the admin home"  # Wagtail's "no permission" answer
FORBIDDEN = "403"
NOT_FOUND = "404"

MISSING_INT = 987654321
MISSING_UUID = uuid.UUID("00000000-0000-4000-8000-000000000000")


def learner_record(owner: str = OK) -> dict[str, str]:
    """A learner's own record: the owner only, everyone else as if it did not exist."""
    return {role: NOT_FOUND for role in ROLES} | {ANONYMOUS: LOGIN, OWNER: owner}


def signed_in(outcome: str) -> dict[str, str]:
    return {role: outcome for role in ROLES} | {ANONYMOUS: LOGIN}


def public(outcome: str = OK) -> dict[str, str]:
    return {role: outcome for role in ROLES}


def admin(*, trainer: str, outsider: str, administrator: str) -> dict[str, str]:
    """Admin views: learners and institutions have no admin access at all."""
    return {
        ANONYMOUS: LOGIN,
        OWNER: LOGIN,
        OTHER: LOGIN,
        INSTITUTION: LOGIN,
        TRAINER: trainer,
        OUTSIDER: outsider,
        ADMINISTRATOR: administrator,
    }


CERTIFICATE_SCOPED = admin(trainer=OK, outsider=NOT_FOUND, administrator=OK)
COHORT_SCOPED = CERTIFICATE_SCOPED
NEVER_IN_ADMIN = admin(trainer=ADMIN_HOME, outsider=ADMIN_HOME, administrator=ADMIN_HOME)
# Views of a record (certificate, attempt) that need a permission nobody has, behind the
# trainer's scope.
SCOPED_RECORD = admin(trainer=ADMIN_HOME, outsider=NOT_FOUND, administrator=ADMIN_HOME)
ADMINISTRATORS_ONLY = admin(trainer=ADMIN_HOME, outsider=ADMIN_HOME, administrator=OK)


@dataclass(frozen=True)
class Row:
    """How one URL answers each role. `kwargs` and each of `missing` build the URL's
    arguments from the world (those under "?" go in the query string); `public` says why
    anyone may read it."""

    expect: dict[str, str]
    kwargs: Callable[[dict], dict]
    missing: tuple[Callable[[dict], dict], ...] = ()
    method: str = "get"
    public: str = ""
    # Wagtail's generic view finds the object before it asks the permission policy: for an
    # unknown id a 404 where a known one gets the no-permission redirect. It tells a staff
    # member that an id exists (ids are sequential anyway), nothing of what it holds.
    looks_up_first: bool = False


def attempt(key: str, **extra) -> Callable[[dict], dict]:
    return lambda w: {"attempt_id": w[key].pk, **extra}


def pk(key: str) -> Callable[[dict], dict]:
    return lambda w: {"pk": w[key].pk}


def no_pk(w) -> dict:
    return {"pk": MISSING_INT}


def no_attempt(**extra) -> Callable[[dict], dict]:
    return lambda w: {"attempt_id": MISSING_INT, **extra}


WAGTAIL_LOOKS_UP_FIRST = {"delete", "history", "history_results", "inspect", "usage"}


def viewset_rows(namespace: str, key: str, views: dict[str, dict[str, str]]) -> dict[str, Row]:
    snippet = namespace.startswith("wagtailsnippets_")
    return {
        f"{namespace}:{view}": Row(
            expect=expect,
            kwargs=pk(key),
            missing=(no_pk,),
            looks_up_first=view in WAGTAIL_LOOKS_UP_FIRST or (snippet and view == "edit"),
        )
        for view, expect in views.items()
    }


MATRIX: dict[str, Row] = {
    # -- learner screens of an attempt ---------------------------------------------------
    "assessments:start": Row(
        expect=signed_in(ELSEWHERE),
        kwargs=lambda w: {"quiz_id": w["quiz"].pk},
        missing=(lambda w: {"quiz_id": MISSING_INT},),
        method="post",
    ),
    "assessments:attempt": Row(
        expect=learner_record(),
        kwargs=attempt("in_progress"),
        missing=(no_attempt(),),
    ),
    "assessments:question_page": Row(
        expect=learner_record(),
        kwargs=attempt("in_progress", page_number=1),
        missing=(no_attempt(page_number=1), attempt("in_progress", page_number=99)),
    ),
    "assessments:autosave": Row(
        expect=learner_record(),
        kwargs=attempt("in_progress", page_number=1),
        missing=(no_attempt(page_number=1), attempt("in_progress", page_number=99)),
        method="post",
    ),
    "assessments:submit": Row(
        expect=learner_record(),
        kwargs=attempt("in_progress"),
        missing=(no_attempt(),),
    ),
    "assessments:result": Row(
        expect=learner_record(),
        kwargs=attempt("submitted"),
        missing=(no_attempt(),),
    ),
    # -- courses -------------------------------------------------------------------------
    "courses:enrol": Row(
        expect=signed_in(ELSEWHERE),
        kwargs=lambda w: {"course_key": w["course"].translation_key},
        missing=(lambda w: {"course_key": MISSING_UUID},),
        method="post",
    ),
    "courses:unenrol": Row(
        expect=signed_in(OK),
        kwargs=lambda w: {"course_key": w["course"].translation_key},
        missing=(lambda w: {"course_key": MISSING_UUID},),
    ),
    "courses:complete": Row(
        # Only the owner has completed: everyone else is sent back to the course page.
        expect=signed_in(ELSEWHERE) | {OWNER: OK},
        kwargs=lambda w: {"course_key": w["course"].translation_key},
        missing=(lambda w: {"course_key": MISSING_UUID},),
    ),
    "courses:lesson_complete": Row(
        expect=signed_in(ELSEWHERE),
        kwargs=lambda w: {"lesson_id": w["lesson"].pk},
        missing=(lambda w: {"lesson_id": MISSING_INT}, lambda w: {"lesson_id": w["quiz"].pk}),
        method="post",
    ),
    "courses:my_data_download": Row(
        # The format is the only parameter: each person downloads their own records
        # (test_a_data_export_holds_the_requesters_records_only).
        expect=signed_in(OK),
        kwargs=lambda w: {"fmt": "json"},
    ),
    "courses:job_aid": Row(
        expect=public(),
        kwargs=lambda w: {"course_id": w["course"].pk, "aid_id": w["aid_id"]},
        missing=(
            lambda w: {"course_id": MISSING_INT, "aid_id": w["aid_id"]},
            lambda w: {"course_id": w["course"].pk, "aid_id": MISSING_UUID},
        ),
        public="a printable checklist of a public lesson, linked from it",
    ),
    # -- certificates ----------------------------------------------------------------------
    "certificates:verify_code": Row(
        expect=public(),
        kwargs=lambda w: {"code": w["certificate"].formatted_code},
        missing=(lambda w: {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, lambda w: {"code": "x"}),
        public="employers check a certificate from its code or QR code without an account",
    ),
    "certificates:credential": Row(
        expect=public(),
        kwargs=lambda w: {"code": w["certificate"].formatted_code},
        missing=(lambda w: {"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"}, lambda w: {"code": "x"}),
        public="the signed Open Badges credential of a code anyone may verify",
    ),
    "certificates:download": Row(
        # Holder only: not even an administrator downloads a learner's certificate file.
        expect=learner_record(),
        kwargs=lambda w: {"pk": w["certificate"].pk, "language": "en"},
        missing=(
            lambda w: {"pk": MISSING_INT, "language": "en"},
            lambda w: {"pk": w["certificate"].pk, "language": "xx"},
        ),
    ),
    "certificates_admin:revoke": Row(
        expect=CERTIFICATE_SCOPED, kwargs=pk("certificate"), missing=(no_pk,)
    ),
    "certificates_admin:reissue": Row(
        expect=CERTIFICATE_SCOPED, kwargs=pk("certificate"), missing=(no_pk,)
    ),
    # An export is its requester's (the administrator here), whatever their role.
    "certificates_admin:export_status": Row(
        expect=admin(trainer=NOT_FOUND, outsider=NOT_FOUND, administrator=OK),
        kwargs=pk("export"),
        missing=(no_pk,),
    ),
    "certificates_admin:export_download": Row(
        expect=admin(trainer=NOT_FOUND, outsider=NOT_FOUND, administrator=OK),
        kwargs=pk("export"),
        missing=(no_pk,),
    ),
    **viewset_rows(
        "wagtailsnippets_certificates_certificate",
        "certificate",
        {
            "inspect": CERTIFICATE_SCOPED,
            # Certificates are records, changed only through revoke and reissue; history
            # and usage need the change permission, which nobody has.
            "history": SCOPED_RECORD,
            "history_results": SCOPED_RECORD,
            "usage": SCOPED_RECORD,
            "edit": NEVER_IN_ADMIN,
            "delete": NEVER_IN_ADMIN,
        },
    ),
    "wagtailsnippetchoosers_certificates_certificate:chosen": Row(
        expect=CERTIFICATE_SCOPED, kwargs=pk("certificate"), missing=(no_pk,)
    ),
    # -- item analysis: question statistics for those who may edit the quiz, counting the
    # learners of one's own cohorts (tests/assessments/test_attempt_scope.py) -----------
    "assessments_admin:item_analysis": Row(
        expect=admin(trainer=OK, outsider=OK, administrator=OK),
        kwargs=lambda w: {"quiz_id": w["quiz"].pk},
        missing=(lambda w: {"quiz_id": MISSING_INT},),
    ),
    "assessments_admin:item_analysis_export": Row(
        expect=admin(trainer=OK, outsider=OK, administrator=OK),
        kwargs=lambda w: {"quiz_id": w["quiz"].pk},
        missing=(lambda w: {"quiz_id": MISSING_INT},),
    ),
    # -- SCORM package of a course: for those who may edit it (trainers edit every course) -
    "workshops_scorm": Row(
        expect=admin(trainer=OK, outsider=OK, administrator=OK),
        kwargs=lambda w: {"course_id": w["course"].pk},
        missing=(lambda w: {"course_id": MISSING_INT}, lambda w: {"course_id": w["quiz"].pk}),
    ),
    # -- translations (wagtail-localize, reviewed): sync for editors of the source page;
    # converting a translation to an alias publishes it, so only for those who may publish.
    "content_update_translations": Row(
        expect=admin(trainer=OK, outsider=OK, administrator=OK),
        kwargs=lambda w: {"translation_source_id": w["translation_source"].pk},
        missing=(lambda w: {"translation_source_id": MISSING_INT},),
    ),
    "content_convert_to_alias": Row(
        expect=admin(trainer=ADMIN_HOME, outsider=ADMIN_HOME, administrator=OK),
        kwargs=lambda w: {"page_id": w["french_course"].pk},
        missing=(lambda w: {"page_id": MISSING_INT},),
        looks_up_first=True,
    ),
    # -- cohorts: a trainer's own; administrators all ---------------------------------------
    **viewset_rows(
        "cohorts",
        "cohort",
        {
            view: COHORT_SCOPED
            for view in ("edit", "delete", "history", "history_results", "usage", "inspect")
        },
    ),
    # -- attempts in the admin: a trainer's cohorts' learners; administrators all ----------
    **viewset_rows(
        "attempts",
        "submitted",
        {
            "inspect": COHORT_SCOPED,
            # Attempts are records: nobody edits or deletes them, and history and usage need
            # the change permission; another trainer's learner's attempt is not found.
            "history": SCOPED_RECORD,
            "history_results": SCOPED_RECORD,
            "usage": SCOPED_RECORD,
            "edit": NEVER_IN_ADMIN,
            "delete": NEVER_IN_ADMIN,
        },
    ),
    # -- workshops ----------------------------------------------------------------------------
    "workshops:pack_download": Row(
        expect=public(OK) | {ANONYMOUS: LOGIN, OWNER: NOT_FOUND, OTHER: NOT_FOUND},
        kwargs=lambda w: {"slug": w["course"].slug, "language_code": "en"},
        missing=(
            lambda w: {"slug": "no-such-course", "language_code": "en"},
            lambda w: {"slug": w["course"].slug, "language_code": "xx"},
        ),
    ),
    "workshops:workshop_detail": Row(
        expect=signed_in(FORBIDDEN) | {INSTITUTION: OK},
        kwargs=pk("workshop"),
        missing=(no_pk,),
    ),
    **viewset_rows(
        "institution",
        "institution",
        {
            view: ADMINISTRATORS_ONLY
            for view in ("edit", "delete", "history", "history_results", "usage", "copy")
        },
    ),
    **viewset_rows(
        "institutionmembership",
        "membership",
        {
            view: ADMINISTRATORS_ONLY
            for view in ("edit", "delete", "history", "history_results", "usage", "copy")
        },
    ),
    **viewset_rows(
        "workshoppackdownload",
        "pack_download",
        {
            "inspect": ADMINISTRATORS_ONLY,
            # The download log is a record: nobody edits, copies or deletes it (history and
            # usage need the change permission).
            "history": NEVER_IN_ADMIN,
            "history_results": NEVER_IN_ADMIN,
            "usage": NEVER_IN_ADMIN,
            "edit": NEVER_IN_ADMIN,
            "delete": NEVER_IN_ADMIN,
            "copy": NEVER_IN_ADMIN,
        },
    ),
    **viewset_rows(
        "workshop",
        "workshop",
        {
            view: ADMINISTRATORS_ONLY
            for view in ("edit", "delete", "history", "history_results", "usage", "inspect", "copy")
        },
    ),
}


# Views that take their ids in the query string: not found by the walk, listed here.
def results_query(course: Callable[[dict], object], cohort: Callable[[dict], object]):
    return lambda w: {"?": {"course": course(w), "cohort": cohort(w)}}


OWN_COHORT = results_query(lambda w: w["course"].translation_key, lambda w: w["cohort"].pk)
RESULTS_MISSING = (
    results_query(lambda w: w["course"].translation_key, lambda w: MISSING_INT),
    results_query(lambda w: MISSING_UUID, lambda w: ""),
)
QUERY_MATRIX: dict[str, Row] = {
    # A trainer reads the results of the cohorts they run; another's cohort is not found.
    "course_results:index": Row(expect=COHORT_SCOPED, kwargs=OWN_COHORT, missing=RESULTS_MISSING),
    "course_results:summary": Row(expect=COHORT_SCOPED, kwargs=OWN_COHORT, missing=RESULTS_MISSING),
    # Per-learner lines: administrators only (README, "Who sees what in reports").
    "course_results:learners": Row(
        expect=admin(trainer=FORBIDDEN, outsider=FORBIDDEN, administrator=OK),
        kwargs=OWN_COHORT,
        missing=RESULTS_MISSING,
    ),
}
ROWS = MATRIX | QUERY_MATRIX


# -- which URLs must have a row -------------------------------------------------------------


def _is_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT_PACKAGES


def _project_viewset_namespaces() -> set[str]:
    """URL namespaces of the admin viewsets this project registers (with their choosers)."""
    get_resolver().url_patterns  # noqa: B018 (loading the admin URLs registers the viewsets)
    namespaces = set()
    for viewset in viewsets.viewsets:
        if _is_project(type(viewset).__module__):
            namespaces.add(viewset.url_namespace)
            chooser = getattr(viewset, "chooser_viewset", None)
            if chooser is not None:
                namespaces.add(chooser.url_namespace)
    return namespaces


def _view_module(callback) -> str:
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def in_scope_urls() -> dict[str, str]:
    """{name: route} of every URL pattern that takes a parameter and is served by project
    code: a view in a project module, or a view of an admin viewset the project registers."""
    namespaces = _project_viewset_namespaces()
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
                continue
            assert isinstance(pattern, URLPattern)
            if not pattern.pattern.regex.groupindex and "<" not in str(pattern.pattern):
                continue
            own = _is_project(_view_module(pattern.callback))
            if own or namespace.rstrip(":").rsplit(":", 1)[-1] in namespaces:
                name = f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern)
                found[name] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_that_takes_an_id_has_a_row():
    urls = in_scope_urls()

    assert sorted(set(urls) - set(MATRIX)) == [], "URLs without a row in MATRIX"
    assert sorted(set(MATRIX) - set(urls)) == [], "rows for URLs that no longer exist"


def test_every_row_says_what_every_role_gets_and_why_public_ones_are_public():
    for name, row in ROWS.items():
        assert set(row.expect) == set(ROLES), name
        anyone_in = row.expect[ANONYMOUS] == OK
        assert anyone_in == bool(row.public), f"{name}: public rows and only they say why"


# -- the world the requests ask about ---------------------------------------------------------


PDF = b"%PDF-1.4 the holder's certificate"
ZIP = b"PK\x05\x06" + b"\x00" * 18


def build_world() -> dict:
    home = build_site()
    course = build_course(CourseIndexPageFactory(parent=home), lessons=2)
    course.job_aids = [job_aid("Key register")]
    course.save()  # not published: publishing builds the workshop pack, made below instead
    quiz = QuizPageFactory(parent=course)
    roles_sync()  # page permissions of trainers and administrators on the pages just built

    people = {
        OWNER: UserFactory(),
        OTHER: UserFactory(),
        TRAINER: trainer_user(),
        OUTSIDER: trainer_user(),
        INSTITUTION: institution_user(),
        ADMINISTRATOR: UserFactory(roles=[Roles.ADMINISTRATORS]),
    }
    owner, other = people[OWNER], people[OTHER]
    key = course.translation_key
    cohort = CohortFactory(trainer=people[TRAINER], course_key=key)
    CohortMembershipFactory(cohort=cohort, user=owner)
    elsewhere = CohortFactory(trainer=people[OUTSIDER], course_key=key)
    CohortMembershipFactory(cohort=elsewhere, user=other)
    enrolment = EnrolmentFactory(user=owner, course_key=key)
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    EnrolmentFactory(user=other, course_key=key)

    submitted = attempts.attempt_start(user=owner, quiz=quiz)
    attempts.attempt_save_answers(attempt=submitted, answers=correct_answers(quiz))
    attempts.attempt_submit(attempt=submitted)
    in_progress = attempts.attempt_start(user=owner, quiz=quiz)

    certificate = CertificateFactory(user=owner, course_key=key, course_title=course.title)
    stored = CertificateFile(
        certificate=certificate, language="en", template_version=CERTIFICATE_TEMPLATE_VERSION
    )
    stored.file.save("certificate.pdf", ContentFile(PDF), save=True)
    export = CertificateExport.objects.create(
        requested_by=people[ADMINISTRATOR], status=ExportStatus.READY, total=1, done=1
    )
    export.file.save(f"certificates-{export.pk}.zip", ContentFile(ZIP), save=True)

    pack = WorkshopPack.objects.create(
        course=course, version=1, status=WorkshopPackStatus.READY, size_bytes=len(ZIP)
    )
    pack.file.save("pack.zip", ContentFile(ZIP), save=True)
    membership = people[INSTITUTION].institution_membership
    workshop = Workshop.objects.create(
        institution=membership.institution,
        course=course,
        course_key=key,
        course_title=course.title,
        start_date=date(2026, 1, 5),
        end_date=date(2026, 1, 9),
        place="Entebbe",
        facilitator="A. Facilitator",
    )
    source, _created = TranslationSource.get_or_create_from_instance(course)
    french = Translation.objects.create(
        source=source, target_locale=Locale.objects.get_or_create(language_code="fr")[0]
    )
    french.save_target(publish=False)
    roles_sync()  # and on the French pages the translation made
    return {
        "people": people,
        "course": course,
        "translation_source": source,
        "french_course": course.get_translation(french.target_locale),
        "lesson": course.lessons()[0],
        "aid_id": course.job_aids[0].id,
        "quiz": quiz,
        "submitted": submitted,
        "in_progress": in_progress,
        "certificate": certificate,
        "export": export,
        "cohort": cohort,
        "institution": membership.institution,
        "membership": membership,
        "workshop": workshop,
        "pack_download": workshop_pack_download_record(pack=pack, user=people[INSTITUTION]),
    }


@pytest.fixture(scope="module")
def world(module_db):
    with module_db.unblock():
        return build_world()


def outcome(client: Client, method: str, address: str) -> str:
    response = getattr(client, method)(address)
    if response.status_code == 302 and response["Location"] == f"/en{address}":
        # The locale middleware sends an unknown /admin/… path to /en/admin/…, also unknown.
        response = getattr(client, method)(response["Location"])
    if response.status_code != 302:
        return str(response.status_code)
    location = urlparse(response["Location"]).path
    if location.endswith("/login/"):
        return LOGIN
    if location == reverse("wagtailadmin_home"):
        return ADMIN_HOME
    return ELSEWHERE


def url(name: str, arguments: dict) -> str:
    """The URL of `name` with `arguments`; those under "?" go in the query string."""
    arguments = dict(arguments)
    query = arguments.pop("?", None)
    path = reverse(name, kwargs=arguments)
    return f"{path}?{urlencode(query)}" if query else path


def client_for(world: dict, role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(world["people"][role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_role_gets_what_the_matrix_says(world, shared_rows, name, role):
    row = ROWS[name]
    client = client_for(world, role)
    address = url(name, row.kwargs(world))

    assert outcome(client, row.method, address) == row.expect[role], address


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(name for name, row in ROWS.items() if row.missing))
def test_an_id_that_names_nothing_is_a_404_and_tells_nobody_else_anything(
    world, shared_rows, name, role
):
    row = ROWS[name]
    client = client_for(world, role)
    reaches = row.expect[role] in (OK, ELSEWHERE)
    looked_up = row.looks_up_first and row.expect[role] == ADMIN_HOME
    expected = NOT_FOUND if reaches or looked_up else row.expect[role]
    for missing in row.missing:
        address = url(name, missing(world))

        assert outcome(client, row.method, address) == expected, address


@pytest.mark.parametrize("role", [OTHER, TRAINER, OUTSIDER, INSTITUTION, ADMINISTRATOR])
def test_a_data_export_holds_the_requesters_records_only(world, shared_rows, role):
    owner = world["people"][OWNER]
    client = client_for(world, role)

    response = client.get(reverse("courses:my_data_download", kwargs={"fmt": "json"}))
    data = json.loads(response.content)

    assert data["profile"]["email"] == world["people"][role].email
    assert owner.email not in response.content.decode()
    assert data["attempts"] == []


@pytest.mark.parametrize(("role", "listed"), [(TRAINER, True), (OUTSIDER, False)])
def test_the_certificate_chooser_lists_only_the_certificates_one_may_see(
    world, shared_rows, role, listed
):
    client = client_for(world, role)
    code = world["certificate"].formatted_code

    for view in ("choose", "choose_results"):
        response = client.get(reverse(f"wagtailsnippetchoosers_certificates_certificate:{view}"))

        assert response.status_code == 200
        assert (code in response.content.decode()) is listed, view


@pytest.mark.parametrize(
    ("role", "listed"), [(TRAINER, True), (OUTSIDER, False), (ADMINISTRATOR, True)]
)
def test_the_attempts_list_shows_only_the_attempts_one_may_read(world, shared_rows, role, listed):
    client = client_for(world, role)
    inspect = reverse("attempts:inspect", args=[world["submitted"].pk])

    response = client.get(reverse("attempts:index"))

    assert response.status_code == 200
    assert (inspect in response.content.decode()) is listed
