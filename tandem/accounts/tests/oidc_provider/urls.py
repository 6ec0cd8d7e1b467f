from __future__ import annotations

from django.urls import include, path

from tandem.accounts.tests.oidc_provider import views

urlpatterns = [
    path("login/", views.sign_in),
    # Ahead of the toolkit's own key set, so that a test can make it publish the wrong key.
    path("o/.well-known/jwks.json", views.jwks),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
