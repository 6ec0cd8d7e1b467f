"""Programmes, questionnaires, enrolments and invitations over the API.

Access follows the pages: anything outside the caller's scope answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tandem.accounts.models import User
from tandem.core.api_fields import query_choice
from tandem.core.api_pagination import KeysFirstPagination
from tandem.people.access import signed_in_user
from tandem.programmes import access, services
from tandem.programmes.models import Enrolment, Invitation, Programme, Question
from tandem.programmes.selectors import programme_questions

# Programmes


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    coordinators = serializers.SlugRelatedField(
        many=True,
        slug_field="email",
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="Email addresses of the coordinators. The creator is always one.",
    )

    class Meta:
        model = Programme
        fields = ["slug", *Programme.EDITABLE_FIELDS, "coordinators"]
        read_only_fields = ["slug"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts_on = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        ends_on = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts_on and ends_on and ends_on <= starts_on:
            raise DRFValidationError({"ends_on": _("The end date must be after the start date.")})
        if "coordinators" in attrs and not attrs["coordinators"] and self.instance is not None:
            raise DRFValidationError(
                {"coordinators": _("A programme needs at least one coordinator.")}
            )
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Programme:
        coordinators = validated_data.pop("coordinators", [])
        return services.programme_create(
            created_by=signed_in_user(self.context["request"]),
            coordinators=coordinators,
            **validated_data,
        )

    def update(self, instance: Programme, validated_data: dict[str, Any]) -> Programme:
        coordinators = validated_data.pop("coordinators", None)
        return services.programme_update(
            programme=instance,
            by=self.context["request"].user,
            coordinators=coordinators,
            **validated_data,
        )


class QuestionSerializer(serializers.ModelSerializer[Question]):
    programme = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.none(),
        help_text="The programme's slug; only programmes you coordinate.",
    )
    choices = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        required=False,
        help_text="For choice, multi and scale questions: [[value, label], ...].",
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "programme",
            "key",
            "text",
            "help_text",
            "kind",
            "choices",
            "required",
            "is_core",
            "order",
        ]
        read_only_fields = ["id", "is_core", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        programme_field = self.fields["programme"]
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            programme_field.read_only = True
        elif request is not None:
            programme_field.queryset = access.programmes_coordinated_by(request.user)  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance: Question | None = self.instance
        programme = attrs.get("programme") or (instance.programme if instance else None)
        draft = Question(
            programme=programme,
            key=attrs.get("key", instance.key if instance else ""),
            kind=attrs.get("kind", instance.kind if instance else Question.Kind.TEXT),
            choices=attrs.get("choices", instance.choices if instance else []),
            is_core=instance.is_core if instance else False,
        )
        draft.clean()
        if programme is not None and "key" in attrs:
            taken = programme.questions.filter(key=attrs["key"])
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                raise DRFValidationError({"key": _("Another question of this programme uses it.")})
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Question:
        programme = validated_data.pop("programme")
        return services.question_create(programme=programme, **validated_data)

    def update(self, instance: Question, validated_data: dict[str, Any]) -> Question:
        validated_data.pop("programme", None)
        return services.question_update(question=instance, **validated_data)


class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Programme],
):
    """Programmes you can see: open ones, and those you coordinate, joined or were invited to.

    Creating needs the coordinator role; changing one needs to coordinate it.
    """

    serializer_class = ProgrammeSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Programme]:
        user = self.request.user
        if self.action in ("update", "partial_update"):
            programmes = access.programmes_coordinated_by(user)
        else:
            programmes = access.programmes_visible_to(user)
        return programmes.prefetch_related("coordinators").order_by("-starts_on", "name")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.can_create_programmes(request.user):
            raise NotFound()
        return super().create(request, *args, **kwargs)

    @extend_schema(responses=QuestionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def questions(self, request: Request, slug: str) -> Response:
        """The programme's questionnaire, in the order applicants see it."""
        programme = self.get_object()
        data = QuestionSerializer(
            programme_questions(programme).select_related("programme"),
            many=True,
            context=self.get_serializer_context(),
        ).data
        return Response(data)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("programme", str, description="A programme's slug.")]
    )
)
class QuestionViewSet(viewsets.ModelViewSet[Question]):
    """Questionnaire questions. Participants read those of programmes they see; coordinators
    add, change and remove the questions of their programmes. Core questions stay."""

    serializer_class = QuestionSerializer

    def get_queryset(self) -> QuerySet[Question]:
        user = self.request.user
        if self.action in ("list", "retrieve"):
            programmes = access.programmes_visible_to(user)
        else:
            programmes = access.programmes_coordinated_by(user)
        questions = Question.objects.filter(programme__in=programmes).select_related("programme")
        if slug := self.request.query_params.get("programme"):
            questions = questions.filter(programme__slug=slug)
        return questions.order_by("programme__name", "order", "pk")

    def perform_destroy(self, instance: Question) -> None:
        services.question_delete(question=instance)


# Enrolments


class PersonSummarySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()


class EnrolmentSerializer(serializers.ModelSerializer[Enrolment]):
    programme: serializers.SlugRelatedField[Programme] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    person = PersonSummarySerializer(read_only=True)
    skills_wanted: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )
    answers = serializers.DictField(read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "person",
            "role",
            "status",
            "goals",
            "skills_wanted",
            "offers",
            "capacity",
            "answers",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class ApplicationSerializer(serializers.Serializer[Enrolment]):
    programme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Programme.objects.none(), help_text="The programme's slug."
    )
    role = serializers.ChoiceField(choices=Enrolment.Role.choices)
    answers = serializers.DictField(
        help_text="Answers keyed by question key; a list of values for multi questions."
    )
    goals = serializers.CharField(required=False, allow_blank=True, default="")
    skills_wanted = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        help_text="Skill names or aliases from the shared skills list.",
    )
    capacity = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=20
    )
    offers = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Peers: what they can offer the other person of their pair.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["programme"].queryset = access.programmes_visible_to(request.user)  # type: ignore[attr-defined]

    def create(self, validated_data: dict[str, Any]) -> Enrolment:
        return services.enrolment_apply(
            programme=validated_data["programme"],
            user=signed_in_user(self.context["request"]),
            role=validated_data["role"],
            answers=validated_data["answers"],
            goals=validated_data["goals"],
            skill_terms=validated_data["skills_wanted"],
            capacity=validated_data["capacity"],
            offers=validated_data["offers"],
        )


class DecisionSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("programme", str, description="A programme's slug."),
            OpenApiParameter("role", str, enum=Enrolment.Role.values),
            OpenApiParameter("status", str, enum=Enrolment.Status.values),
        ]
    ),
    create=extend_schema(request=ApplicationSerializer, responses={201: EnrolmentSerializer}),
)
class EnrolmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Enrolment],
):
    """Your own applications, and every application to the programmes you coordinate.

    POST applies to a programme; coordinators approve or decline.
    """

    serializer_class = EnrolmentSerializer
    pagination_class = KeysFirstPagination

    def get_queryset(self) -> QuerySet[Enrolment]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Enrolment.objects.none()
        user = self.request.user
        if self.action in ("approve", "decline"):
            enrolments = access.enrolments_for_decision(user)
        elif self.action == "withdraw":
            enrolments = access.own_enrolments(user)
        else:
            enrolments = access.enrolments_visible_to(user)
        params = self.request.query_params
        if slug := params.get("programme"):
            enrolments = enrolments.filter(programme__slug=slug)
        if role := query_choice(params, "role", Enrolment.Role.values):
            enrolments = enrolments.filter(role=role)
        if status_ := query_choice(params, "status", Enrolment.Status.values):
            enrolments = enrolments.filter(status=status_)
        return (
            enrolments.select_related("programme", "person")
            .prefetch_related("skills_wanted")
            .order_by("programme__name", "person__name", "pk")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApplicationSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        enrolment = serializer.save()
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    def _decide(self, request: Request, decision: str) -> Response:
        enrolment = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.enrolment_decide(
            enrolment=enrolment,
            decision=decision,
            decided_by=signed_in_user(request),
            note=body.validated_data["note"],
        )
        # The service sets the new status and decision on `enrolment` itself.
        return Response(EnrolmentSerializer(enrolment).data)

    @extend_schema(request=DecisionSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        """Approve an application (coordinators); the applicant is emailed once."""
        return self._decide(request, Enrolment.Status.APPROVED)

    @extend_schema(request=DecisionSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        """Decline an application (coordinators); the applicant is emailed once."""
        return self._decide(request, Enrolment.Status.DECLINED)

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Withdraw your own application."""
        enrolment = self.get_object()
        services.enrolment_withdraw(enrolment=enrolment)
        # The service sets the new status on `enrolment` itself.
        return Response(EnrolmentSerializer(enrolment).data)


# Invitations


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    programme = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.none(),
        help_text="The slug of a programme you coordinate.",
    )
    resend = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Send the email again if this address was already invited.",
    )
    invited_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email", read_only=True
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "programme",
            "email",
            "role",
            "message",
            "resend",
            "invited_by",
            "sent_at",
            "send_count",
            "accepted_at",
            "created_at",
        ]
        read_only_fields = ["id", "invited_by", "sent_at", "send_count", "accepted_at"]
        # Re-inviting an address is answered by the service, not refused as a duplicate.
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["programme"].queryset = access.programmes_coordinated_by(request.user)  # type: ignore[attr-defined]

    def create(self, validated_data: dict[str, Any]) -> Invitation:
        invitation, sending = services.invitation_send(
            programme=validated_data["programme"],
            email=validated_data["email"],
            role=validated_data["role"],
            message=validated_data.get("message", ""),
            resend=validated_data["resend"],
            invited_by=signed_in_user(self.context["request"]),
        )
        self.sending = sending
        return invitation


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("programme", str, description="A programme's slug.")]
    )
)
class InvitationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Invitation],
):
    """Invitations to the programmes you coordinate. Inviting an address twice sends one
    email unless `resend` is true; the answer is 201 when an email is on its way, else 200."""

    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[Invitation]:
        invitations = Invitation.objects.filter(
            programme__in=access.programmes_coordinated_by(self.request.user)
        )
        if slug := self.request.query_params.get("programme"):
            invitations = invitations.filter(programme__slug=slug)
        return invitations.select_related("programme", "invited_by").order_by("-created_at")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        sending = getattr(serializer, "sending", False)
        return Response(
            serializer.data, status=status.HTTP_201_CREATED if sending else status.HTTP_200_OK
        )


def register(router: BaseRouter) -> None:
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("questions", QuestionViewSet, basename="question")
    router.register("enrolments", EnrolmentViewSet, basename="enrolment")
    router.register("invitations", InvitationViewSet, basename="invitation")
