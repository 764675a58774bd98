from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sw.js", views.service_worker, name="service_worker"),
    path(".well-known/", include("certificates.wellknown_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("training_site.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("learning/", include("courses.urls")),
    path("quiz/", include("assessments.urls")),
    path("", include("certificates.urls")),
    path("", include("workshops.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
