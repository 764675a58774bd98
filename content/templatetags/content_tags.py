from django import template

register = template.Library()


@register.inclusion_tag("content/admin/translation_review.html", takes_context=True)
def translation_review(context, page):
    """The translation editor's review bar: submit the translation to the page's workflow, or
    where it stands in it, with the current task's actions for a reviewer."""
    from content.wagtail_hooks import SUBMIT

    user = context["request"].user
    page = page.specific
    permissions = page.permissions_for_user(user)
    state = page.current_workflow_state
    task_state = state.current_task_state if state is not None else None
    needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
    actions = []
    if task_state is not None and not needs_changes:
        seen = set()
        for name, label, modal in task_state.task.specific.get_actions(page, user):
            if not modal and name not in seen:
                seen.add(name)
                actions.append((name, label))
    return {
        "page": page,
        "submit_name": SUBMIT,
        "workflow": page.get_workflow(),
        "state": state,
        "task_state": task_state,
        "needs_changes": needs_changes,
        "can_submit": permissions.can_edit()
        and (needs_changes or permissions.can_submit_for_moderation()),
        "actions": actions,
        "csrf_token": context.get("csrf_token"),
    }
