"""Page routing that keeps page views within the SQL budget of DESIGN.md."""

from django.apps import apps


class TypedChildRoutingMixin:
    """Routes to a child of the expected type in one query instead of Wagtail's two (generic
    page, then specific); other children fall back to Wagtail's routing."""

    routed_child_model: str = ""

    def route(self, request, path_components):
        if path_components:
            model = apps.get_model(self.routed_child_model)
            child = model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)
