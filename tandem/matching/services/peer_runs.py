"""Match runs of a peer programme: the peer engine over one pool, stored as a run's proposals.

The run goes through the same task, progress, review, adjustment and publication as a
mentor-mentee run (``runs.py``); what differs is read here: the pool, the engine, how a pair
is stored (lower person id in the ``mentee`` column, both directions' reasons), the checks
before publishing and the notices, written to each peer about their partner.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.matching.engine.model import Weights
from tandem.matching.engine.peer import PeerResult
from tandem.matching.models import MatchProposal, MatchRun, UnmatchedMentee
from tandem.matching.peers import PeerPool, build_peer_pool, check_peers, ordered
from tandem.matching.reasons import peer_reasons_for, unmatched_reason_for, vocabulary_for
from tandem.matching.scoring import alignment_summary
from tandem.matching.selectors import published_after, unmatched_to_notify
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

from ._common import logger
from .runs import DONE, _chain_contains, _Languages, _Notice, pair_problems_named, run_rules

# The peer engine's proof of the most pairs (``engine/peer.py``), in the worker's language.
MAX_PAIRS_PROOFS = {
    "maximum-cardinality matching on the full graph": gettext_lazy(
        "maximum-cardinality matching on the full graph"
    ),
    "bound: people with an allowed partner, halved": gettext_lazy(
        "bound: people with an allowed partner, halved"
    ),
}

# A programme's structured questions: key -> (question text, {value: label}).
Questions = dict[str, tuple[str, dict[str, str]]]


def peer_run_execute(run: MatchRun, weights: Weights, questions: Questions) -> None:
    """Load the pool, run the peer engine and store the result (the task's body for peers)."""
    pool = build_peer_pool(run.programme)
    pool.rules = run_rules(run, pool.rules)
    result = pool.run(weights)
    _store(run, pool, weights, result, questions)


def _proposal(
    run: MatchRun,
    pool: PeerPool,
    a: int,
    b: int,
    score: float,
    reasons_low: list[str],
    reasons_high: list[str],
    questions: Questions,
    **extra: Any,
) -> MatchProposal:
    low, high = ordered(a, b)
    return MatchProposal(
        run=run,
        mentee_id=low,
        mentor_id=high,
        # The mean of the two directions: a fit label reads the same as for one direction.
        score=round(score / 2, 6),
        reasons=reasons_low,
        partner_reasons=reasons_high,
        alignment=alignment_summary(
            pool.answers.get(low, {}), pool.answers.get(high, {}), questions
        ),
        **extra,
    )


@transaction.atomic
def _store(
    run: MatchRun,
    pool: PeerPool,
    weights: Weights,
    result: PeerResult,
    questions: Questions,
) -> None:
    current = MatchRun.objects.select_for_update().get(pk=run.pk)
    if current.status != MatchRun.Status.RUNNING or current.started_at != run.started_at:
        logger.warning("match run %s: a later attempt owns this run; result dropped", run.pk)
        return
    rows: list[MatchProposal] = []
    for pair in result.pairs:
        a, b = int(pair.a), int(pair.b)
        low_first = a < b
        rows.append(
            _proposal(
                run,
                pool,
                a,
                b,
                pair.score,
                list(pair.reasons_a if low_first else pair.reasons_b),
                list(pair.reasons_b if low_first else pair.reasons_a),
                questions,
            )
        )
    previous: dict[tuple[int, int], MatchProposal] = {}
    if run.parent_id is not None:
        previous = {
            (p.mentee_id, p.mentor_id): p for p in MatchProposal.objects.filter(run=run.parent_id)
        }
    pinned_total = 0.0
    for a, b in pool.pins:
        before = previous.get((a, b))
        if before is not None:
            total = before.score * 2
            low_reasons, high_reasons = list(before.reasons), list(before.partner_reasons)
            origin = before.origin
        else:
            checked = check_peers(pool, weights, a, b)
            total = checked.score
            low_reasons, high_reasons = list(checked.reasons_low), list(checked.reasons_high)
            origin = MatchProposal.Origin.MANUAL
        pinned_total += total
        rows.append(
            _proposal(
                run,
                pool,
                a,
                b,
                total,
                low_reasons,
                high_reasons,
                questions,
                pinned=True,
                origin=origin,
            )
        )
    MatchProposal.objects.bulk_create(rows, batch_size=1000)
    UnmatchedMentee.objects.bulk_create(
        [
            UnmatchedMentee(run=run, mentee_id=int(u.id), reason=u.reason[:300])
            for u in result.unmatched
        ],
        batch_size=1000,
    )
    certificate = dict(result.certificate)
    certificate["method"] = (
        _("exact maximum-weight matching (Edmonds' blossom on every allowed pair)")
        if result.exact
        else _("blossom on each person's %(graph)s, then improving moves over every allowed pair")
        % {"graph": _candidate_graph(str(certificate.get("candidate_graph", "")))}
    )
    proof = str(certificate.get("max_pairs_proof", ""))
    if proof in MAX_PAIRS_PROOFS:
        certificate["max_pairs_proof"] = str(MAX_PAIRS_PROOFS[proof])
    run.metrics = {
        "matched": len(rows),
        "unmatched": len(result.unmatched),
        "pinned": len(pool.pins),
        "peers": len(pool.peers),
        "people_matched": 2 * len(rows),
        "max_pairs": int(certificate.get("max_pairs", 0)) + len(pool.pins),
        "total_score": round(result.total_score + pinned_total, 6),
        "upper_bound": round(result.upper_bound + pinned_total, 6),
        "gap": round(result.gap, 6),
        "gap_percent": round(100 * result.gap, 3),
        "exact": result.exact,
        "seconds": result.seconds,
        "certificate": certificate,
        "skipped_pins": pool.skipped_pins,
    }
    run.status = MatchRun.Status.DONE
    if published_after(run):
        run.status = MatchRun.Status.SUPERSEDED
    run.stage = DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()


def _candidate_graph(graph: str) -> str:
    """The peer engine's name for the graph it solved ("top 12 partners per person")."""
    found = re.match(r"^top (?P<k>\d+) partners per person$", graph)
    if found is not None:
        count = int(found["k"])
        return ngettext(
            "top %(count)s partner per person", "top %(count)s partners per person", count
        ) % {"count": count}
    if graph == "all allowed pairs":
        return _("all allowed pairs")
    return graph or _("best partners")


def peer_refresh_metrics(run: MatchRun) -> None:
    """Recount after a coordinator's change: pairs, people and the objective (both ways)."""
    proposals = list(MatchProposal.objects.filter(run=run).values_list("score", "pinned"))
    run.metrics = {
        **run.metrics,
        "matched": len(proposals),
        "people_matched": 2 * len(proposals),
        "unmatched": UnmatchedMentee.objects.filter(run=run).count(),
        "pinned": sum(1 for _score, pinned in proposals if pinned),
        "total_score": round(sum(2 * score for score, _pinned in proposals), 6),
        "adjusted": True,
    }
    run.save(update_fields=["metrics", "updated_at"])


def peer_refused_pairs(programme: Programme, pairs: list[tuple[int, int, int]]) -> list[str]:
    """Peer pairs that can no longer be made, in words, for the whole run in a few queries."""
    peers = set(
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.PEER, status=Enrolment.Status.APPROVED
        ).values_list("person_id", flat=True)
    )
    excluded = {
        ordered(a, b)
        for a, b in MentorExclusion.objects.filter(programme=programme).values_list(
            "mentee_id", "mentor_id"
        )
    }
    paired: set[int] = set()
    for a, b in (
        Mentorship.objects.open().filter(programme=programme).values_list("mentee_id", "mentor_id")
    ):
        paired.update((a, b))
    managers = dict(Person.objects.values_list("pk", "manager_id"))
    seen: set[int] = set()
    problems: list[tuple[int, int, str]] = []
    for _proposal, a, b in pairs:
        if a == b:
            problems.append((a, b, _("a person cannot be their own partner")))
        elif a not in peers or b not in peers:
            problems.append((a, b, _("one of them is no longer an approved peer")))
        elif ordered(a, b) in excluded:
            problems.append((a, b, _("an earlier pairing of theirs ended")))
        elif a in paired or b in paired or a in seen or b in seen:
            problems.append((a, b, _("one of them already has a partner")))
        elif _chain_contains(managers, a, b) or _chain_contains(managers, b, a):
            problems.append((a, b, _("one is in the other's management chain")))
        seen.update((a, b))
    return pair_problems_named(problems)


def peer_published_notices(run: MatchRun) -> list[_Notice]:
    """Every notice a published peer run sends: each peer of each pair, each unmatched peer,
    each in their own language."""
    programme = run.programme
    languages = _Languages(programme, vocabulary_for(programme))
    marker = 987654321
    overview = reverse("mentorships:overview", args=[marker])
    mentorships = {
        (a, b): pk
        for a, b, pk in Mentorship.objects.filter(
            programme=programme,
            origin=Mentorship.Origin.MATCH,
            created_at__gte=run.published_at,
        ).values_list("mentee_id", "mentor_id", "pk")
    }
    notices: list[_Notice] = []
    for row in (
        MatchProposal.objects.filter(run=run)
        .order_by("mentee__name", "pk")
        .values_list(
            "mentee_id",
            "mentee__name",
            "mentee__user_id",
            "mentee__user__is_active",
            "mentee__user__language",
            "mentor_id",
            "mentor__name",
            "mentor__user_id",
            "mentor__user__is_active",
            "mentor__user__language",
            "reasons",
            "partner_reasons",
        )
    ):
        low, low_name, low_user, low_active, low_language = row[:5]
        high, high_name, high_user, high_active, high_language = row[5:10]
        reasons_low, reasons_high = row[10], row[11]
        pk = mentorships.get((low, high), 0)
        url = overview.replace(str(marker), str(pk)) if pk else ""
        for person, name, user, active, language, partner, mine, theirs in (
            (
                low,
                low_name,
                low_user,
                low_active,
                low_language,
                high_name,
                reasons_low,
                reasons_high,
            ),
            (
                high,
                high_name,
                high_user,
                high_active,
                high_language,
                low_name,
                reasons_high,
                reasons_low,
            ),
        ):
            if user is None:
                continue
            with languages.of(language) as vocabulary:
                why = peer_reasons_for(mine, theirs, name, partner, vocabulary)
                body = (
                    _("Why you were paired: %(reasons)s.") % {"reasons": "; ".join(why)} + "\n\n"
                    if why
                    else ""
                )
                notices.append(
                    _Notice(
                        user_id=user,
                        key=f"match-published:{run.pk}:peer:{person}",
                        title=_("You have a partner in %(programme)s: %(name)s")
                        % {"programme": programme.name, "name": partner},
                        body=body
                        + _(
                            "Start by reading each other's expectations and agreeing how you "
                            "will work together."
                        ),
                        url=url,
                        email=bool(active),
                    )
                )
    for person, name, user, active, language, reason in unmatched_to_notify(run):
        with languages.of(language) as vocabulary:
            notices.append(
                _Notice(
                    user_id=user,
                    key=f"match-published:{run.pk}:unmatched:{person}",
                    title=_("No partner for you in this round of %(programme)s")
                    % {"programme": programme.name},
                    body=_("Why: %(reason)s.")
                    % {"reason": unmatched_reason_for(reason, "mentee", name, vocabulary.labels)}
                    + "\n\n"
                    + _(
                        "You stay in the programme: your coordinator will include you in the "
                        "next round of pairing, and you do not need to apply again."
                    ),
                    url="",
                    email=bool(active),
                )
            )
    return notices
