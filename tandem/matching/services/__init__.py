"""Writes of the matching app: match runs and their adjustments, and mentor requests."""

from ._common import MatchingError
from .adjust import (
    pair_rule_create,
    pair_rule_delete,
    proposal_assign,
    proposal_forbid,
    proposal_pin,
    proposal_swap,
    proposal_unassign,
)
from .departure import Departure, person_leave, person_return
from .erasure import matching_erase_person
from .requests import (
    mentor_request_accept,
    mentor_request_create,
    mentor_request_decline,
    mentor_request_withdraw,
    mentor_requests_expire,
)
from .runs import (
    match_run_execute,
    match_run_publish,
    match_run_publish_execute,
    match_run_rerun,
    match_run_start,
    matching_settings_update,
    publish_refusal,
)

__all__ = [
    "Departure",
    "MatchingError",
    "match_run_execute",
    "match_run_publish",
    "match_run_publish_execute",
    "match_run_rerun",
    "match_run_start",
    "matching_erase_person",
    "matching_settings_update",
    "mentor_request_accept",
    "mentor_request_create",
    "mentor_request_decline",
    "mentor_request_withdraw",
    "mentor_requests_expire",
    "pair_rule_create",
    "pair_rule_delete",
    "person_leave",
    "person_return",
    "proposal_assign",
    "proposal_forbid",
    "proposal_pin",
    "proposal_swap",
    "proposal_unassign",
    "publish_refusal",
]
