from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.models import Page
from wagtail_localize.views.convert import convert_to_alias
from wagtail_localize.views.update_translations import UpdateTranslationsView


class ReviewedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", whose "Publish immediately" publishes every
    translation without asking whether the user may publish them. Here only a user who may
    publish all of them gets that choice; others sync, then submit each translation for
    review from the translation editor."""

    def dispatch(self, request, *args, **kwargs):
        """Only those who may edit the page (or snippet) sync its translations."""
        self.object = self.get_object()
        instance = self.object.get_source_instance()
        if isinstance(instance, Page):
            if not instance.permissions_for_user(request.user).can_edit():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        if not self._may_publish_all():
            form.fields.pop("publish_translations", None)
        return form

    def form_valid(self, form):
        if not self._may_publish_all():
            form.cleaned_data["publish_translations"] = False
        return super().form_valid(form)

    def _may_publish_all(self) -> bool:
        translations = self.object.translations.filter(enabled=True)
        if not issubclass(self.object.specific_content_type.model_class(), Page):
            return True  # snippets keep wagtail-localize's own rules
        pages = Page.objects.filter(
            translation_key=self.object.object_id,
            locale_id__in=translations.values("target_locale_id"),
        )
        return all(page.permissions_for_user(self.request.user).can_publish() for page in pages)


def convert_to_alias_reviewed(request, page_id: int):
    """wagtail-localize's "Convert to alias page", which makes the translation show the
    source's live text at once: a publishing act, so only for those who may publish it."""
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert_to_alias(request, page_id)
