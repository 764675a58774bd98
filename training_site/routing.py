"""Page routing that keeps page views within the SQL budget of DESIGN.md."""

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

from .page_cache import pages_cached


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


SITES_CACHE_KEY = "training:sites_by_host"
VIEW_RESTRICTIONS_CACHE_KEY = "training:page_view_restrictions_exist"
ROUTING_CACHE_TIMEOUT = 3600


class CachedSiteMiddleware:
    """Hands Wagtail the request's site from the cache (one SQL query less on every page);
    on a miss Wagtail finds it as usual and it is cached after the response. Views that don't
    ask for a site cost nothing. Sites are forgotten when one is saved or deleted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            host = f"{request.get_host()}:{request.get_port()}"
        except DisallowedHost:
            return self.get_response(request)
        sites = cache.get(SITES_CACHE_KEY) or {}
        if host in sites:
            request._wagtail_site = sites[host]
        response = self.get_response(request)
        if host not in sites and getattr(request, "_wagtail_site", None) is not None:
            cache.set(
                SITES_CACHE_KEY, {**sites, host: request._wagtail_site}, ROUTING_CACHE_TIMEOUT
            )
        return response


class CachedRouteMiddleware:
    """Hands Wagtail's page view the route of its URL from the cache (training_site.page_cache):
    the home page, catalogue, course and lesson a lesson's URL walks through cost no query on a
    warm cache. A route is the same for every visitor (who may see the page is checked when it
    is served), so it is shared; URLs that lead nowhere are not kept."""

    def __init__(self, get_response):
        from wagtail.views import serve

        self.get_response = get_response
        self.wagtail_serve = serve

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail.models import Page

        if view_func is self.wagtail_serve:
            path = view_args[0] if view_args else view_kwargs["path"]
            request._wagtail_route_for_request = pages_cached(
                f"route:{request.get_host()}:{get_language()}:{request.path}",
                lambda: Page.route_for_request(request, path),
            )


def sites_forget(**kwargs) -> None:
    cache.delete(SITES_CACHE_KEY)


def page_view_restrictions_exist() -> bool:
    """Whether any page has a view restriction (privacy setting), from the cache."""
    from wagtail.models import PageViewRestriction

    exist = cache.get(VIEW_RESTRICTIONS_CACHE_KEY)
    if exist is None:
        exist = PageViewRestriction.objects.exists()
        cache.set(VIEW_RESTRICTIONS_CACHE_KEY, exist, ROUTING_CACHE_TIMEOUT)
    return exist


def page_view_restrictions_forget(**kwargs) -> None:
    cache.delete(VIEW_RESTRICTIONS_CACHE_KEY)


class ViewRestrictionsCacheMixin:
    """Skips Wagtail's two queries per view (ancestors, then their restrictions) while no page
    of the site has a view restriction, which is the usual case here."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        if not page_view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
