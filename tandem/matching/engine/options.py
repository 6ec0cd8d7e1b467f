"""Settings of one matching run, shared by the pipeline and the passes it calls."""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import FULL_GRAPH_LIMIT
from .features import DENSE_COMPONENTS, DENSE_THRESHOLD


@dataclass(slots=True)
class MatchOptions:
    k: int = 24
    k_mentor: int = 12
    full_graph_limit: int = FULL_GRAPH_LIMIT
    dense_threshold: int = DENSE_THRESHOLD
    components: int = DENSE_COMPONENTS
    # "scores": both sides rank by pair score; "stated": mentees' own rankings come first.
    rank_by: str = "scores"
    # Above the full-graph limit, optimal mode always prices (that is where its full-graph
    # bound comes from) and keeps pricing until the gap is within ``target_gap`` or no pair is
    # worth adding; ``pricing_rounds`` only guards against a run that would not end.
    # ``pricing`` keeps the old switch's meaning of "work harder": a ten times tighter gap.
    pricing: bool = False
    pricing_rounds: int = 40
    # Pricing stops once the certified gap to the full-graph bound is this small.
    target_gap: float = 0.0005
    # Optimal mode solves tie-heavy cohorts on classes of interchangeable people when they are
    # few (see engine/interchangeable.py); off, the candidate path always runs.
    class_solve: bool = True
    # Rounds of adding blocking pairs and solving again, in stable and greedy modes.
    repair_rounds: int = 12
    # Processes that fit the text model and write the reasons: this one and forked copies of
    # it (engine/forked.py). Only a process that runs nothing but the engine may fork, so the
    # default is one; `match-file` asks for every core.
    processes: int = 1
