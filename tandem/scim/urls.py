from django.urls import path, re_path

from tandem.scim import api, views

app_name = "scim"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("v2/", api.Root.as_view(), name="root"),
    # With or without the slash: clients differ in how they join the base address.
    re_path(r"^v2/Users/?$", api.Users.as_view(), name="users"),
    path("v2/Users/<str:scim_id>", api.UserDetail.as_view(), name="user"),
    re_path(r"^v2/Groups/?$", api.Groups.as_view(), name="groups"),
    path("v2/Groups/<str:scim_id>", api.GroupDetail.as_view(), name="group"),
    path(
        "v2/ServiceProviderConfig",
        api.ServiceProviderConfig.as_view(),
        name="service_provider_config",
    ),
    path("v2/ResourceTypes", api.ResourceTypes.as_view(), name="resource_types"),
    path("v2/ResourceTypes/<str:name>", api.ResourceTypes.as_view(), name="resource_type"),
    path("v2/Schemas", api.Schemas.as_view(), name="schemas"),
    path("v2/Schemas/<str:urn>", api.Schemas.as_view(), name="schema"),
    re_path(r"^v2/(?P<rest>.*)$", api.Unknown.as_view()),
]
