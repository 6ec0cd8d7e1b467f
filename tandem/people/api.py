from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.serializers import BaseSerializer

from tandem.people.access import require_importer, signed_in_user
from tandem.people.models import ImportJob, Person, Skill
from tandem.people.selectors import (
    directory_people,
    import_job_for_user,
    import_jobs_for,
    person_for_viewer,
    skills_search,
)
from tandem.people.serializers import (
    ImportJobSerializer,
    ImportUploadSerializer,
    MyProfileSerializer,
    PersonSerializer,
    SkillSerializer,
)
from tandem.people.services import import_job_create, person_for_user, person_profile_update

SEARCH = OpenApiParameter(
    "search", OpenApiTypes.STR, description="Words to look for (names, titles, skills…)."
)


@extend_schema_view(
    list=extend_schema(
        summary="People in your programmes",
        description="Participants of the programmes you take part in or coordinate. Fields "
        "a person does not show are null.",
        parameters=[SEARCH],
    ),
    retrieve=extend_schema(summary="One person, as you may see them"),
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet[Person]):
    serializer_class = PersonSerializer

    def get_queryset(self) -> QuerySet[Person]:
        query = self.request.query_params.get("search", "")[:100]
        return directory_people(viewer=self.request.user, query=query)

    def get_object(self) -> Person:
        return person_for_viewer(self.request.user, int(self.kwargs["pk"]))

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return MyProfileSerializer if self.action == "me" else PersonSerializer

    @extend_schema(summary="Your own profile", methods=["GET"], responses=MyProfileSerializer)
    @extend_schema(
        summary="Change your own profile",
        methods=["PATCH"],
        request=MyProfileSerializer,
        responses=MyProfileSerializer,
    )
    @action(detail=False, methods=["get", "patch"])
    def me(self, request: Request) -> Response:
        person = person_for_user(user=signed_in_user(request))
        if request.method == "PATCH":
            serializer = MyProfileSerializer(person, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            person = person_profile_update(person=person, changes=serializer.validated_data)
        return Response(MyProfileSerializer(person).data)


@extend_schema_view(
    list=extend_schema(summary="The shared skills list", parameters=[SEARCH]),
    retrieve=extend_schema(summary="One skill with its aliases"),
)
class SkillViewSet(viewsets.ReadOnlyModelViewSet[Skill]):
    serializer_class = SkillSerializer

    def get_queryset(self) -> QuerySet[Skill]:
        return skills_search(self.request.query_params.get("search", "")[:100])


@extend_schema_view(
    list=extend_schema(summary="Your people imports"),
    retrieve=extend_schema(summary="An import's progress, errors and counts"),
    create=extend_schema(
        summary="Upload a people CSV",
        description="Starts an import in the background; poll the returned job. Only "
        "coordinators may import.",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportJobSerializer},
    ),
)
class ImportJobViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[ImportJob],
):
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        require_importer(request.user)

    def get_queryset(self) -> QuerySet[ImportJob]:
        return import_jobs_for(self.request.user)

    def get_object(self) -> ImportJob:
        return import_job_for_user(self.request.user, int(self.kwargs["pk"]))

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return ImportUploadSerializer if self.action == "create" else ImportJobSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        job = import_job_create(
            user=signed_in_user(request),
            filename=upload.validated_data["file"].name,
            source=upload.text,
        )
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    router.register("people", PersonViewSet, basename="person")
    router.register("skills", SkillViewSet, basename="skill")
    router.register("people-imports", ImportJobViewSet, basename="people-import")
