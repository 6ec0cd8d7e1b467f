"""Writing results as ``tandem-match-result/1`` JSON or as CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO

from tandem.csvsafe import csv_writer, restore

from .model import MatchResult

RESULT_FORMAT = "tandem-match-result/1"
CSV_COLUMNS = ("mentee", "mentor", "score", "reasons", "unmatched_reason")


def result_document(result: MatchResult, include_certificate: bool = True) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": RESULT_FORMAT,
        "mode": result.mode,
        "pairs": [
            {"mentee": p.mentee, "mentor": p.mentor, "score": p.score, "reasons": list(p.reasons)}
            for p in result.pairs
        ],
        "unmatched": [{"mentee": u.mentee, "reason": u.reason} for u in result.unmatched],
        "matched": result.matched,
        "total_score": result.total_score,
        "upper_bound": result.upper_bound,
        "seconds": result.seconds,
    }
    if include_certificate and result.certificate:
        document["certificate"] = result.certificate
    return document


def write_json(result: MatchResult, handle: TextIO) -> None:
    # json.dumps runs the C encoder; json.dump to a stream falls back to the Python one.
    handle.write(json.dumps(result_document(result), ensure_ascii=False, separators=(",", ":")))
    handle.write("\n")


def write_csv(result: MatchResult, handle: TextIO) -> None:
    writer = csv_writer(handle)
    writer.writerow(CSV_COLUMNS)
    for p in result.pairs:
        # A float is written as its repr, so the score reads back exactly.
        writer.writerow([p.mentee, p.mentor, p.score, "; ".join(p.reasons), ""])
    for u in result.unmatched:
        writer.writerow([u.mentee, "", "", "", u.reason])


def write_result(result: MatchResult, path: str | Path) -> None:
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        if path.suffix.lower() == ".csv":
            write_csv(result, handle)
        else:
            write_json(result, handle)


def read_result_csv(path: str | Path) -> dict[str, Any]:
    """Read a CSV result back into the JSON result's pairs/unmatched shape."""
    pairs: list[dict[str, Any]] = []
    unmatched: list[dict[str, str]] = []
    with Path(path).open(newline="", encoding="utf-8") as handle:
        for raw in csv.DictReader(handle):
            row = {
                key: restore(value) if isinstance(value, str) else "" for key, value in raw.items()
            }
            if row["mentor"]:
                reasons = [r for r in row["reasons"].split("; ") if r]
                pairs.append(
                    {
                        "mentee": row["mentee"],
                        "mentor": row["mentor"],
                        "score": float(row["score"]),
                        "reasons": reasons,
                    }
                )
            else:
                unmatched.append({"mentee": row["mentee"], "reason": row["unmatched_reason"]})
    return {"pairs": pairs, "unmatched": unmatched}
