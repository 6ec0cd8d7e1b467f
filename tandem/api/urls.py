"""The API root: each app registers its viewsets in its own `api.py` (`register(router)`)."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tandem.api.registry import register_all
from tandem.api.routers import ApiRouter, not_found

router = ApiRouter()
register_all(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets element styles from script; everything it loads is served by Tandem, and
    # its start-up script is a file of its own rather than inline.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("", include(router.urls)),
    re_path(r"^", not_found),
]
