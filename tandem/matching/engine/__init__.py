"""The matching engine: pure Python with NumPy, SciPy and OR-Tools; it imports no Django.

Typical use::

    from tandem.matching.engine import load_json, run_match

    run = run_match(load_json("cohort.json"), "optimal")
    run.result.pairs  # [Pair(mentee, mentor, score, reasons), ...]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import InputError
from .loading import load_csv, load_json
from .model import Instance, MatchResult, Mentee, Mentor, Person, Rules, Weights
from .output import result_document, write_result
from .pipeline import MatchOptions, Run, run_match
from .validation import parse_instance

if TYPE_CHECKING:
    from .peer import Peer, PeerResult, match_peers

# Peer matching pulls in SciPy's optimisers and rustworkx, a third of a second or more at
# start-up that `tandem match-file` never needs: it is imported on first use instead.
_PEER_NAMES = frozenset({"Peer", "PeerResult", "match_peers"})


def __getattr__(name: str) -> Any:
    if name in _PEER_NAMES:
        from . import peer

        return getattr(peer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "InputError",
    "Instance",
    "MatchOptions",
    "MatchResult",
    "Mentee",
    "Mentor",
    "Peer",
    "PeerResult",
    "Person",
    "Rules",
    "Run",
    "Weights",
    "load_csv",
    "load_json",
    "match_peers",
    "parse_instance",
    "result_document",
    "run_match",
    "write_result",
]
