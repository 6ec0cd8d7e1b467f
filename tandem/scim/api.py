"""The SCIM 2.0 endpoints under /scim/v2/ (RFC 7644), for the organisation's identity provider.

They are not part of Tandem's own API: they speak SCIM's JSON (`application/scim+json`), answer
errors in SCIM's error format, authenticate only with a SCIM token (`Authorization: Bearer`),
never with a session or a personal token, and stay out of the OpenAPI description. The views
parse and answer; `changes` reads what a request asks, `services` applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tandem.core import audit
from tandem.core.errors import ServiceError
from tandem.people.models import Department, Person
from tandem.scim import changes, resources, selectors, services
from tandem.scim.access import scim_token_refusal
from tandem.scim.errors import ScimError, not_found
from tandem.scim.filters import group_filter, user_filter
from tandem.scim.models import ScimToken

DOCUMENTATION = "docs/identity.md, Provisioning (SCIM 2.0)"


class ScimTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <key>` with a SCIM token from the Provisioning page."""

    def authenticate(self, request: Request) -> tuple[Any, ScimToken]:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != b"bearer":
            raise exceptions.NotAuthenticated("Send the SCIM token: Authorization: Bearer <token>.")
        token = None
        if len(header) == 2:
            try:
                token = ScimToken.find(header[1].decode())
            except UnicodeError:
                token = None
        refusal = scim_token_refusal(token)
        if token is None or refusal is not None:
            audit.record("scim.refused", request=request._request)
            raise exceptions.AuthenticationFailed(refusal or "Invalid token.")
        _touch(token)
        return token.created_by or AnonymousUser(), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="Tandem SCIM"'


def _touch(token: ScimToken) -> None:
    """When the token was last used, at most once per TANDEM_TOKEN_TOUCH_MINUTES; a busy
    database skips it rather than failing the request."""
    now = timezone.now()
    every = timedelta(minutes=settings.TANDEM_TOKEN_TOUCH_MINUTES)
    if token.last_used_at is not None and token.last_used_at > now - every:
        return
    try:
        with transaction.atomic():
            ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except OperationalError:
        return


class HasScimToken(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ScimToken)


class ScimJSONParser(JSONParser):
    media_type = resources.CONTENT_TYPE


class ScimJSONRenderer(JSONRenderer):
    media_type = resources.CONTENT_TYPE
    format = "scim"


class AlwaysScim(DefaultContentNegotiation):
    """Answers are SCIM JSON whatever the client accepts (RFC 7644 §3.1); bodies may be sent
    as application/scim+json or application/json."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def scim_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal in the SCIM error format (RFC 7644 §3.12)."""
    if isinstance(exc, ScimError):
        code, detail, scim_type = exc.status, exc.message, exc.scim_type
    elif isinstance(exc, ServiceError):
        code, detail, scim_type = 400, exc.message, "invalidValue"
    elif isinstance(exc, Http404):
        code, detail, scim_type = 404, "Not found.", ""
    elif isinstance(exc, exceptions.ParseError):
        code, detail, scim_type = 400, f"The body is not JSON: {exc.detail}", "invalidSyntax"
    elif isinstance(exc, exceptions.APIException):
        code, detail, scim_type = exc.status_code, str(exc.detail), ""
    else:
        return None
    response = Response(resources.error(code, detail, scim_type), status=code)
    # Set by DRF on a refused authentication, from ScimTokenAuthentication.authenticate_header.
    if auth_header := getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = auth_header
    return response


class ScimView(APIView):
    authentication_classes = [ScimTokenAuthentication]
    permission_classes = [HasScimToken]
    parser_classes = [ScimJSONParser, JSONParser]
    renderer_classes = [ScimJSONRenderer]
    content_negotiation_class = AlwaysScim
    # Not part of Tandem's API: kept out of the OpenAPI description.
    schema = None

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return scim_exception_handler

    @property
    def token(self) -> ScimToken:
        assert isinstance(self.request.auth, ScimToken)
        return self.request.auth

    def body(self) -> dict[str, Any]:
        data = self.request.data
        if not isinstance(data, dict):
            raise ScimError("The body is a JSON object.", scim_type="invalidSyntax")
        if _has_nul(data):
            raise ScimError("The body contains a NUL character.", scim_type="invalidValue")
        return data

    def locate(self, kind: str, pk: str) -> str:
        base = self.request.build_absolute_uri(reverse("scim:root"))
        if not kind:
            return base + "ServiceProviderConfig"
        return f"{base}{kind}/{pk}" if pk else f"{base}{kind}"

    def page(self) -> tuple[int, int]:
        """startIndex (1-based) and count, as RFC 7644 §3.4.2.4 reads them: out-of-range values
        are taken as the nearest allowed, never refused."""
        params = self.request.query_params

        def number(name: str, default: int) -> int:
            raw = params.get(name, "")
            try:
                return int(raw) if raw.strip() else default
            except ValueError as exc:
                raise ScimError(f"{name} is a whole number.", scim_type="invalidValue") from exc

        start = max(1, number("startIndex", 1))
        count = min(max(0, number("count", resources.MAX_PAGE)), resources.MAX_PAGE)
        return start, count

    def scim(self, document: dict[str, Any], code: int = status.HTTP_200_OK) -> Response:
        response = Response(document, status=code)
        location = document.get("meta", {}).get("location")
        if location and code in (status.HTTP_200_OK, status.HTTP_201_CREATED):
            response["Location"] = location
        return response


class Root(ScimView):
    """The base address an identity provider is given; it lists nothing itself."""

    def get(self, request: Request) -> Response:
        raise not_found("resource", "")


class Users(ScimView):
    def get(self, request: Request) -> Response:
        text = request.query_params.get("filter", "").strip()
        people = selectors.provisioned_people(user_filter(text) if text else None)
        start, count = self.page()
        total = people.count()
        page = list(people[start - 1 : start - 1 + count]) if count else []
        return self.scim(
            resources.list_response(
                (resources.user_resource(p, self.locate) for p in page), total=total, start=start
            )
        )

    def post(self, request: Request) -> Response:
        wanted = changes.user_changes_from_resource(self.body(), replace=False)
        person = services.scim_user_create(changes=wanted, token=self.token)
        fresh = selectors.provisioned_person(str(person.pk))
        assert fresh is not None
        return self.scim(resources.user_resource(fresh, self.locate), status.HTTP_201_CREATED)


class UserDetail(ScimView):
    def person(self, scim_id: str) -> Person:
        person = selectors.provisioned_person(scim_id)
        if person is None:
            raise not_found("user", scim_id)
        return person

    def answer(self, scim_id: str) -> Response:
        return self.scim(resources.user_resource(self.person(scim_id), self.locate))

    def get(self, request: Request, scim_id: str) -> Response:
        return self.answer(scim_id)

    def put(self, request: Request, scim_id: str) -> Response:
        person = self.person(scim_id)
        wanted = changes.user_changes_from_resource(self.body(), replace=True)
        services.scim_user_update(person=person, changes=wanted, token=self.token)
        return self.answer(scim_id)

    def patch(self, request: Request, scim_id: str) -> Response:
        person = self.person(scim_id)
        wanted = changes.user_changes_from_patch(self.body())
        services.scim_user_update(person=person, changes=wanted, token=self.token)
        return self.answer(scim_id)

    def delete(self, request: Request, scim_id: str) -> Response:
        """Deactivates: the person leaves as with active=false, and their row stays so that
        their partners keep what they shared (docs/identity.md)."""
        person = self.person(scim_id)
        services.scim_user_update(person=person, changes={"active": False}, token=self.token)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _without_members(request: Request) -> bool:
    excluded = request.query_params.get("excludedAttributes", "")
    return "members" in {part.strip().lower() for part in excluded.split(",")}


class GroupView(ScimView):
    def group(self, department: Department, members: bool) -> dict[str, Any]:
        listed = list(department.people.all()) if members else None
        return resources.group_resource(department, listed, self.locate)

    def answer_for(self, scim_id: str, code: int = status.HTTP_200_OK) -> Response:
        members = not _without_members(self.request)
        department = selectors.department(scim_id, members=members)
        if department is None:
            raise not_found("group", scim_id)
        return self.scim(self.group(department, members), code)


class Groups(GroupView):
    def get(self, request: Request) -> Response:
        text = request.query_params.get("filter", "").strip()
        members = not _without_members(request)
        groups = selectors.departments(group_filter(text) if text else None, members=members)
        start, count = self.page()
        total = groups.count()
        page = list(groups[start - 1 : start - 1 + count]) if count else []
        return self.scim(
            resources.list_response(
                (self.group(g, members) for g in page), total=total, start=start
            )
        )

    def post(self, request: Request) -> Response:
        wanted = changes.group_changes_from_resource(self.body(), replace=False)
        department = services.scim_group_create(changes=wanted, token=self.token)
        return self.answer_for(str(department.pk), status.HTTP_201_CREATED)


class GroupDetail(GroupView):
    def department(self, scim_id: str) -> Department:
        department = selectors.department(scim_id, members=False)
        if department is None:
            raise not_found("group", scim_id)
        return department

    def get(self, request: Request, scim_id: str) -> Response:
        return self.answer_for(scim_id)

    def put(self, request: Request, scim_id: str) -> Response:
        department = self.department(scim_id)
        wanted = changes.group_changes_from_resource(self.body(), replace=True)
        services.scim_group_update(department=department, changes=wanted, token=self.token)
        return self.answer_for(scim_id)

    def patch(self, request: Request, scim_id: str) -> Response:
        department = self.department(scim_id)
        wanted = changes.group_changes_from_patch(self.body())
        services.scim_group_update(department=department, changes=wanted, token=self.token)
        return self.answer_for(scim_id)

    def delete(self, request: Request, scim_id: str) -> Response:
        services.scim_group_delete(department=self.department(scim_id), token=self.token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ServiceProviderConfig(ScimView):
    def get(self, request: Request) -> Response:
        return self.scim(resources.service_provider_config(self.locate, DOCUMENTATION))


class ResourceTypes(ScimView):
    def get(self, request: Request, name: str = "") -> Response:
        types = resources.resource_types(self.locate)
        if name:
            found = next((t for t in types if t["id"] == name), None)
            if found is None:
                raise not_found("resource type", name)
            return self.scim(found)
        return self.scim(resources.list_response(types, total=len(types), start=1))


class Schemas(ScimView):
    def get(self, request: Request, urn: str = "") -> Response:
        known = resources.schemas(self.locate)
        if urn:
            found = next((s for s in known if s["id"] == urn), None)
            if found is None:
                raise not_found("schema", urn)
            return self.scim(found)
        return self.scim(resources.list_response(known, total=len(known), start=1))


class Unknown(ScimView):
    """Any other address under /scim/v2/: a SCIM 404, after the token is checked."""

    def get(self, request: Request, rest: str = "") -> Response:
        raise not_found("resource", rest)

    post = put = patch = delete = get
