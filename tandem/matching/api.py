"""Match runs, proposals, mentor requests and recommendations over the API.

Access follows the pages: runs and proposals belong to the programme's coordinators, requests
to the mentee who sent them and the mentor asked; anything else answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from tandem.accounts.models import User
from tandem.matching import access, selectors, services
from tandem.matching.models import MatchProposal, MatchRun, MentorRequest
from tandem.matching.reasons import Reader, Vocabulary, pair_reasons_for, vocabulary_for
from tandem.matching.services import MatchingError
from tandem.people.access import person_of, signed_in_user
from tandem.people.models import Person
from tandem.programmes.access import programmes_coordinated_by
from tandem.programmes.models import Programme


class MatchPersonSerializer(serializers.Serializer[Person]):
    id = serializers.IntegerField()
    name = serializers.CharField()


# Match runs


class WeightsSerializer(serializers.Serializer[Any]):
    goals = serializers.FloatField(min_value=0, max_value=10)
    expectations = serializers.FloatField(min_value=0, max_value=10)
    preferences = serializers.FloatField(min_value=0, max_value=10)
    cross_department = serializers.FloatField(min_value=0, max_value=10)
    junior_mentor = serializers.FloatField(
        min_value=0,
        max_value=10,
        required=False,
        default=0.0,
        help_text="Reverse mentoring: prefer a mentor deeper in the org chart than the mentee.",
    )


class MatchRunSerializer(serializers.ModelSerializer[MatchRun]):
    programme: serializers.SlugRelatedField[Programme] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    created_by: serializers.SlugRelatedField[User] = serializers.SlugRelatedField(
        slug_field="email", read_only=True
    )
    weights = WeightsSerializer(read_only=True)
    rules = serializers.DictField(read_only=True)
    metrics = serializers.DictField(read_only=True)

    class Meta:
        model = MatchRun
        fields = [
            "id",
            "programme",
            "parent",
            "created_by",
            "mode",
            "weights",
            "rules",
            "status",
            "stage",
            "progress",
            "error",
            "metrics",
            "created_at",
            "started_at",
            "finished_at",
            "published_at",
        ]
        read_only_fields = fields


class MatchRunCreateSerializer(serializers.Serializer[MatchRun]):
    programme = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.none(),
        help_text="The slug of a programme you coordinate.",
    )
    mode = serializers.ChoiceField(choices=MatchRun.Mode.choices, default=MatchRun.Mode.OPTIMAL)
    weights = WeightsSerializer(
        required=False, help_text="Defaults to the programme's matching settings."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["programme"].queryset = programmes_coordinated_by(request.user)  # type: ignore[attr-defined]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("programme", str, description="A programme's slug.")]
    ),
    create=extend_schema(request=MatchRunCreateSerializer, responses={201: MatchRunSerializer}),
)
class MatchRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[MatchRun],
):
    """Match runs of the programmes you coordinate. POST starts one in the background; poll it
    until `status` is `done`, review its proposals, then publish."""

    serializer_class = MatchRunSerializer

    def get_queryset(self) -> QuerySet[MatchRun]:
        runs = access.runs_visible_to(self.request.user).select_related("programme", "created_by")
        if slug := self.request.query_params.get("programme"):
            runs = runs.filter(programme__slug=slug)
        return runs.order_by("-created_at", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = MatchRunCreateSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        programme = body.validated_data["programme"]
        weights = (
            body.validated_data.get("weights") or selectors.matching_settings(programme).weights
        )
        run = services.match_run_start(
            programme=programme,
            created_by=signed_in_user(request),
            mode=body.validated_data["mode"],
            weights=dict(weights),
        )
        return Response(MatchRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MatchRunSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        """Create every proposed mentorship and notify the people matched; all or nothing."""
        run = self.get_object()
        services.match_run_publish(run=run, published_by=signed_in_user(request))
        return Response(MatchRunSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={201: MatchRunSerializer})
    @action(detail=True, methods=["post"])
    def rerun(self, request: Request, pk: str) -> Response:
        """Start a new run with the same mode and weights, keeping the programme's pins."""
        run = self.get_object()
        new = services.match_run_rerun(run=run, created_by=signed_in_user(request))
        return Response(MatchRunSerializer(new).data, status=status.HTTP_201_CREATED)


# Proposals


class AlignmentRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    question = serializers.CharField()
    mentee = serializers.CharField()
    mentor = serializers.CharField()
    verdict = serializers.ChoiceField(choices=["same", "close", "different", "unknown"])
    mismatch = serializers.BooleanField()


class AlignmentSerializer(serializers.Serializer[Any]):
    rows = AlignmentRowSerializer(many=True)
    mismatch = serializers.BooleanField()
    flags = serializers.ListField(child=serializers.CharField())


class MatchProposalSerializer(serializers.ModelSerializer[MatchProposal]):
    mentee = MatchPersonSerializer(read_only=True)
    mentor = MatchPersonSerializer(read_only=True)
    mentor_id = serializers.IntegerField(
        write_only=True, required=False, help_text="Give the pair this mentor instead."
    )
    reasons = serializers.SerializerMethodField(
        help_text="Why the pair was proposed, in the coordinator's words, most telling first."
    )
    alignment = serializers.SerializerMethodField()

    class Meta:
        model = MatchProposal
        fields = [
            "id",
            "run",
            "mentee",
            "mentor",
            "mentor_id",
            "score",
            "reasons",
            "alignment",
            "pinned",
            "origin",
        ]
        read_only_fields = ["id", "run", "score", "origin"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A list's items share one serializer, so this holds for the whole response.
        self._vocabularies: dict[int, Vocabulary] = {}

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, obj: MatchProposal) -> list[str]:
        # The words come from the programme's questionnaire: loaded once per programme per
        # response, so a page of pairs costs no query per pair.
        programme = obj.run.programme
        if programme.pk not in self._vocabularies:
            self._vocabularies[programme.pk] = vocabulary_for(programme)
        reader = Reader("coordinator", obj.mentee.name, obj.mentor.name)
        return pair_reasons_for(obj.reasons, reader, self._vocabularies[programme.pk])

    @extend_schema_field(AlignmentSerializer)
    def get_alignment(self, obj: MatchProposal) -> dict[str, Any]:
        found = obj.alignment or {}
        return {
            "rows": found.get("rows", []),
            "mismatch": bool(found.get("mismatch")),
            "flags": found.get("flags", []),
        }


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("run", int, description="A match run's id.")])
)
class MatchProposalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[MatchProposal],
):
    """Proposed pairs of the runs you coordinate. PATCH `pinned` to pin or unpin a pair, or
    `mentor_id` to give the mentee another mentor with a free place (the pair is pinned)."""

    serializer_class = MatchProposalSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[MatchProposal]:
        proposals = access.proposals_visible_to(self.request.user).select_related(
            "run__programme", "mentee", "mentor"
        )
        if run := self.request.query_params.get("run"):
            if not run.isdigit():
                raise NotFound()
            proposals = proposals.filter(run_id=int(run))
        return proposals.order_by("run_id", "-score", "pk")

    def perform_update(self, serializer: serializers.BaseSerializer[MatchProposal]) -> None:
        proposal = serializer.instance
        assert proposal is not None
        data = serializer.validated_data
        user = signed_in_user(self.request)
        with transaction.atomic():
            self._apply(proposal, data, user, serializer)

    def _apply(
        self,
        proposal: MatchProposal,
        data: dict[str, Any],
        user: User,
        serializer: serializers.BaseSerializer[MatchProposal],
    ) -> None:
        if "mentor_id" in data and data["mentor_id"] != proposal.mentor_id:
            mentor = Person.objects.filter(pk=data["mentor_id"]).first()
            if mentor is None:
                raise MatchingError(_("No such mentor."), field="mentor_id")
            row = services.proposal_unassign(proposal=proposal, by=user)
            new = services.proposal_assign(unmatched=row, mentor=mentor, by=user)
            serializer.instance = new
        elif "pinned" in data:
            services.proposal_pin(proposal=proposal, by=user, pinned=data["pinned"])


# Mentor requests


class MentorRequestSerializer(serializers.ModelSerializer[MentorRequest]):
    programme: serializers.SlugRelatedField[Programme] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    mentee = MatchPersonSerializer(read_only=True)
    mentor = MatchPersonSerializer(read_only=True)

    class Meta:
        model = MentorRequest
        fields = [
            "id",
            "programme",
            "mentee",
            "mentor",
            "hope_to_gain",
            "why_this_mentor",
            "status",
            "response_note",
            "expires_at",
            "responded_at",
            "mentorship",
            "created_at",
        ]
        read_only_fields = fields


class MentorRequestCreateSerializer(serializers.Serializer[MentorRequest]):
    programme = serializers.SlugField(help_text="The programme's slug.")
    mentor = serializers.IntegerField(help_text="The mentor's person id.")
    hope_to_gain = serializers.CharField(max_length=1000)
    why_this_mentor = serializers.CharField(max_length=1000)


class AnswerSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "box",
                str,
                enum=["received", "sent"],
                description="Only requests asked of you, or only those you sent.",
            )
        ]
    ),
    create=extend_schema(
        request=MentorRequestCreateSerializer, responses={201: MentorRequestSerializer}
    ),
)
class MentorRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[MentorRequest],
):
    """Requests you sent as a mentee and requests asked of you as a mentor.

    A mentee of a programme that lets mentees choose POSTs a request; the mentor accepts or
    declines; the mentee can withdraw while it waits."""

    serializer_class = MentorRequestSerializer

    def get_queryset(self) -> QuerySet[MentorRequest]:
        requests = access.requests_visible_to(self.request.user).select_related(
            "programme", "mentee", "mentor"
        )
        box = self.request.query_params.get("box")
        person = person_of(self.request.user)
        if box == "received":
            requests = requests.filter(mentor=person)
        elif box == "sent":
            requests = requests.filter(mentee=person)
        return requests.order_by("-created_at", "-pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = MentorRequestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        programme, mentee = access.self_selection_for(request.user, data["programme"])
        mentor = access.mentor_in_programme(programme, data["mentor"])
        sent = services.mentor_request_create(
            programme=programme,
            mentee=mentee,
            mentor=mentor,
            hope_to_gain=data["hope_to_gain"],
            why_this_mentor=data["why_this_mentor"],
        )
        return Response(MentorRequestSerializer(sent).data, status=status.HTTP_201_CREATED)

    def _answer(self, request: Request, role: str) -> tuple[MentorRequest, Person, str]:
        found = self.get_object()
        person = person_of(request.user)
        if person is None or getattr(found, f"{role}_id") != person.pk:
            raise NotFound()
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return found, person, body.validated_data["note"]

    @extend_schema(request=AnswerSerializer, responses=MentorRequestSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """Accept (the mentor asked): the mentorship starts within the mentor's capacity."""
        found, person, note = self._answer(request, "mentor")
        services.mentor_request_accept(mentor_request=found, by=person, note=note)
        return Response(MentorRequestSerializer(self.get_object()).data)

    @extend_schema(request=AnswerSerializer, responses=MentorRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        """Decline (the mentor asked), with an optional note to the mentee."""
        found, person, note = self._answer(request, "mentor")
        services.mentor_request_decline(mentor_request=found, by=person, note=note)
        return Response(MentorRequestSerializer(self.get_object()).data)

    @extend_schema(request=None, responses=MentorRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Withdraw a request you sent while it waits for an answer."""
        found, person, _note = self._answer(request, "mentee")
        services.mentor_request_withdraw(mentor_request=found, by=person)
        return Response(MentorRequestSerializer(self.get_object()).data)


# Recommendations


class RecommendationSerializer(serializers.Serializer[Any]):
    mentor = serializers.SerializerMethodField()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    capacity = serializers.IntegerField()
    free = serializers.IntegerField()
    pending = serializers.IntegerField()
    already_asked = serializers.BooleanField()

    @extend_schema_field(MatchPersonSerializer)
    def get_mentor(self, obj: selectors.Recommendation) -> dict[str, Any]:
        return {"id": obj.person.pk, "name": obj.person.name}


class RecommendationViewSet(viewsets.GenericViewSet[Any]):
    """Mentors recommended to you, best first, in a programme where mentees choose."""

    serializer_class = RecommendationSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str, required=True, description="A programme's slug.")
        ],
        responses=RecommendationSerializer(many=True),
    )
    def list(self, request: Request) -> Response:
        slug = request.query_params.get("programme", "")
        programme, mentee = access.self_selection_for(request.user, slug)
        if selectors.has_open_mentorship(programme, mentee):
            return Response([])
        found = selectors.recommendations_for(programme, mentee)
        return Response(RecommendationSerializer(found, many=True).data)


def register(router: BaseRouter) -> None:
    router.register("match-runs", MatchRunViewSet, basename="match-run")
    router.register("match-proposals", MatchProposalViewSet, basename="match-proposal")
    router.register("mentor-requests", MentorRequestViewSet, basename="mentor-request")
    router.register(
        "mentor-recommendations", RecommendationViewSet, basename="mentor-recommendation"
    )
