"""The role map: every right the four role groups hold, declared once.

`roles_sync` applies it: after every `migrate` (signal_handlers) and from `manage.py setup_site`.
Permissions are "app_label.codename" and page types "app_label.ModelName" strings, resolved when
applied, so this base layer names the apps above it without importing them. Nothing else grants
rights to these groups; request-time checks ask `user.has_perm(...)` or a permission policy.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import Roles

IMAGES_AND_DOCUMENTS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
WORKSHOP_RECORDS = tuple(
    f"workshops.{action}_{model}"
    for model in ("institution", "institutionmembership", "workshop")
    for action in ("add", "change", "delete", "view")
) + ("workshops.view_workshoppackdownload",)


@dataclass(frozen=True)
class PageGrant:
    """Page permissions (`wagtailcore.<kind>_page`) on every page of `page_type`, which
    Wagtail extends to the pages below them."""

    page_type: str
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class Role:
    group: Roles
    permissions: tuple[str, ...] = ()
    pages: tuple[PageGrant, ...] = ()


@dataclass(frozen=True)
class ReviewWorkflow:
    """Edits of the pages under `page_type` wait for a member of `approvers` to publish them."""

    name: str
    task: str
    approvers: tuple[Roles, ...]
    page_type: str


ROLE_MAP: tuple[Role, ...] = (
    Role(Roles.LEARNERS),
    Role(
        Roles.TRAINERS,
        permissions=(
            "wagtailadmin.access_admin",
            *IMAGES_AND_DOCUMENTS,
            "wagtail_localize.submit_translation",
            "courses.run_cohort",
            "courses.view_cohort_results",
            # Attempts of the learners in the cohorts one runs (assessments.scope).
            "assessments.view_attempt",
            "certificates.view_certificate",
            "certificates.revoke_certificate",
            "workshops.download_pack",
        ),
        pages=(
            PageGrant(
                "courses.CourseIndexPage", ("wagtailcore.add_page", "wagtailcore.change_page")
            ),
        ),
    ),
    Role(
        Roles.INSTITUTIONS,
        permissions=("workshops.download_pack", "workshops.report_workshop"),
    ),
    Role(
        Roles.ADMINISTRATORS,
        permissions=(
            "wagtailadmin.access_admin",
            *IMAGES_AND_DOCUMENTS,
            "wagtailimages.delete_image",
            "wagtaildocs.delete_document",
            "wagtail_localize.submit_translation",
            "accounts.add_user",
            "accounts.change_user",
            "accounts.delete_user",
            "accounts.view_user",
            "auth.add_group",
            "auth.change_group",
            "auth.view_group",
            "wagtailcore.add_locale",
            "wagtailcore.change_locale",
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "wagtailcore.change_site",
            "training_site.change_organisationsettings",
            "training_site.view_organisationsettings",
            # The standard cohort permissions cover every cohort; `run_cohort` only one's own.
            "courses.add_cohort",
            "courses.change_cohort",
            "courses.delete_cohort",
            "courses.view_cohort",
            "courses.view_cohort_results",
            # Per-learner lines (gender, country, score): administrators only.
            "courses.export_learner_results",
            "assessments.view_attempt",
            "certificates.view_certificate",
            "certificates.revoke_certificate",
            "workshops.download_pack",
            *WORKSHOP_RECORDS,
        ),
        pages=(
            PageGrant(
                "content.HomePage",
                tuple(
                    f"wagtailcore.{kind}_page"
                    for kind in ("add", "change", "publish", "bulk_delete", "lock", "unlock")
                ),
            ),
        ),
    ),
)
REVIEW_WORKFLOW = ReviewWorkflow(
    name="Trainer review",
    task="Administrator approval",
    approvers=(Roles.ADMINISTRATORS,),
    page_type="courses.CourseIndexPage",
)


@dataclass
class RolesSynced:
    """What a sync did: one line per grant or record it made, and the references of the map
    that name no installed permission or page type (a typo, or an app renamed)."""

    changes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@transaction.atomic
def roles_sync(*, prune: bool = False) -> RolesSynced:
    """Create the role groups and grant what ROLE_MAP and REVIEW_WORKFLOW declare: model
    permissions, page permissions on the pages of each page type that exist, the review
    workflow on its pages. Adds what is missing (a second run changes nothing); with `prune`,
    also takes from the role groups the model and page permissions the map doesn't give."""
    result = RolesSynced()
    groups = {}
    for role in ROLE_MAP:
        groups[role.group], created = Group.objects.get_or_create(name=role.group)
        if created:
            result.changes.append(f"group {role.group}")
    permissions = _permissions_resolve(
        {name for role in ROLE_MAP for name in _names(role)}, result=result
    )
    for role in ROLE_MAP:
        group = groups[role.group]
        _model_permissions_sync(group, role, permissions, prune=prune, result=result)
        _page_permissions_sync(group, role, permissions, prune=prune, result=result)
    _workflow_sync(REVIEW_WORKFLOW, result=result)
    return result


def _names(role: Role) -> list[str]:
    return [*role.permissions, *(name for grant in role.pages for name in grant.permissions)]


def _permissions_resolve(names: set[str], *, result: RolesSynced) -> dict[str, Permission]:
    pairs = [name.split(".", 1) for name in names]
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = {
        f"{perm.content_type.app_label}.{perm.codename}": perm
        for perm in Permission.objects.filter(query).select_related("content_type")
    }
    result.missing.extend(sorted(names - found.keys()))
    return found


def _model_permissions_sync(group, role, permissions, *, prune, result) -> None:
    wanted = {permissions[name] for name in role.permissions if name in permissions}
    held = set(group.permissions.all())
    if added := wanted - held:
        group.permissions.add(*added)
        result.changes.extend(f"{role.group}: {_label(perm)}" for perm in sorted(added, key=_label))
    if prune and (extra := held - wanted):
        group.permissions.remove(*extra)
        result.changes.extend(f"{role.group}: − {_label(perm)}" for perm in extra)


def _page_permissions_sync(group, role, permissions, *, prune, result) -> None:
    wanted = set()
    for grant in role.pages:
        for page in _pages_of_type(grant.page_type, result=result):
            for name in grant.permissions:
                if name in permissions:
                    wanted.add((page, permissions[name]))
    held = {
        (row.page, row.permission): row
        for row in GroupPagePermission.objects.filter(group=group).select_related(
            "page", "permission__content_type"
        )
    }
    for page, permission in sorted(wanted - held.keys(), key=_page_and_codename):
        GroupPagePermission.objects.create(group=group, page=page, permission=permission)
        result.changes.append(f"{role.group}: {_label(permission)} on {page.title} ({page.pk})")
    if prune:
        for key in held.keys() - wanted:
            held[key].delete()
            result.changes.append(f"{role.group}: − {_label(key[1])} on {key[0].title}")


def _workflow_sync(spec: ReviewWorkflow, *, result: RolesSynced) -> None:
    task = GroupApprovalTask.objects.filter(name=spec.task).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=spec.task)
        result.changes.append(f"task {spec.task}")
    approvers = Group.objects.filter(name__in=spec.approvers).exclude(
        pk__in=task.groups.values("pk")
    )
    for group in approvers:
        task.groups.add(group)
        result.changes.append(f"task {spec.task}: approved by {group.name}")
    workflow, created = Workflow.objects.get_or_create(name=spec.name)
    if created:
        result.changes.append(f"workflow {spec.name}")
    _, created = WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0}
    )
    if created:
        result.changes.append(f"workflow {spec.name}: {spec.task}")
    # A page that already has a workflow of its own keeps it: that was an editor's choice.
    for page in _pages_of_type(spec.page_type, result=result):
        _, created = WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
        if created:
            result.changes.append(f"workflow {spec.name} on {page.title} ({page.pk})")


def _pages_of_type(page_type: str, *, result: RolesSynced) -> list[Page]:
    try:
        model = apps.get_model(page_type)
    except (LookupError, ValueError):
        if page_type not in result.missing:
            result.missing.append(page_type)
        return []
    return list(Page.objects.type(model).order_by("path"))


def _page_and_codename(pair: tuple[Page, Permission]) -> tuple[str, str]:
    return pair[0].path, pair[1].codename


def _label(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"
