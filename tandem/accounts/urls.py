from django.urls import path

from tandem.accounts import views

app_name = "accounts"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/tandem-data.json", views.my_data_download, name="my_data_download"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/tandem-audit.csv", views.audit_log_csv, name="audit_csv"),
    path("roles/", views.roles, name="roles"),
    path("roles/<int:pk>/", views.role_change, name="role_change"),
    # Ahead of allauth's own views at the same addresses (docs/identity.md): the button that
    # leaves for the provider; and where the provider redirects back, which checks the ID
    # token's signature.
    path("oidc/<str:provider_id>/login/", views.oidc_login, name="oidc_login"),
    path(
        "oidc/<str:provider_id>/login/callback/",
        views.oidc_callback,
        name="oidc_callback",
    ),
    # Likewise for SAML: the sign-in button, and where the identity provider's answer is
    # checked.
    path("saml/<str:organization_slug>/login/", views.saml_login, name="saml_login"),
    path("saml/<str:organization_slug>/acs/finish/", views.saml_finish, name="saml_finish"),
]
