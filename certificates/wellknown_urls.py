"""Served at the site root, outside the language prefixes: /.well-known/did.json (did:web)."""

from django.urls import path

from . import views

app_name = "certificates_wellknown"

urlpatterns = [path("did.json", views.did_json, name="did_json")]
