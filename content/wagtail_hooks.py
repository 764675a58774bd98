"""Admin glue: translations made in wagtail-localize's editor go through the page's moderation
workflow ("Trainer review") like any other edit."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from wagtail import hooks

from .translation import translation_for_page, translation_submit
from .views import ReviewedUpdateTranslationsView, convert_to_alias_reviewed

SUBMIT = "content-translation-submit"


@hooks.register("before_edit_page")
def translation_submit_from_editor(request, page):
    """The "Submit for review" button of the translation editor (content's override of
    wagtail-localize's template). Runs before wagtail-localize's own hook, which shows the
    editor for every other request."""
    if request.method != "POST" or SUBMIT not in request.POST:
        return None
    translation = translation_for_page(page=page)
    if translation is None:
        return None
    page = translation_submit(translation=translation, user=request.user)
    messages.success(
        request,
        _("'%(title)s' in %(language)s was sent to %(workflow)s.")
        % {
            "title": page.get_admin_display_title(),
            "language": translation.target_locale.get_display_name(),
            "workflow": page.get_workflow().name,
        },
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("register_admin_urls")
def translation_review_urls():
    """Answer two of wagtail-localize's addresses before wagtail-localize does (content's
    hooks load first), with the same views minus the ways to publish past the workflow."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            ReviewedUpdateTranslationsView.as_view(),
            name="content_update_translations",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            convert_to_alias_reviewed,
            name="content_convert_to_alias",
        ),
    ]
