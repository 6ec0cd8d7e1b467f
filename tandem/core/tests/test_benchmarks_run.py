"""The benchmark scripts still run and print their tables (at a size that takes seconds)."""

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_matching_benchmark_prints_each_mode_and_the_candidate_graph_loss():
    out = run("benchmarks/matching.py", "--sizes", "300", "--repeat", "1")

    for line in ("optimal", "stable", "greedy", "blocking pairs", "loss of the candidate graph"):
        assert line in out
    assert "end to end" in out


def test_peer_matching_benchmark_prints_exact_and_top_k_runs():
    out = run("benchmarks/peer_matching.py", "--sizes", "60,120", "--exact-up-to", "80")

    for line in ("full (exact)", "top 12 partners per person", "full-graph bound", "optimal"):
        assert line in out
    assert "within gap" in out


def run_allowing_a_missed_target(*args: str) -> str:
    """Exit status 1 means a speed target was missed on a busy machine: speed is the
    benchmark's verdict, not this test's. Any other status is a crash."""
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_people_import_benchmark_imports_and_reimports():
    out = run("benchmarks/people_import.py", "--rows", "150")

    assert "created 150, updated 0, unchanged 0" in out
    assert "created 0, updated 0, unchanged 150" in out
    assert "fail" not in out


def test_match_run_benchmark_goes_through_the_web_path_and_publishes():
    out = run_allowing_a_missed_target("benchmarks/match_run.py", "--size", "200")

    for line in ("queue to reviewable", "review page", "mentor picker", "publish"):
        assert line in out
    assert "published: " in out


def test_pair_jobs_benchmark_runs_each_job_and_the_csv_at_two_sizes():
    out = run("benchmarks/pair_jobs.py", "--pairs", "250")

    for name in ("health snapshots", "quiet-pair nudges", "health alerts", "pairs CSV"):
        assert f"{name:<20}      50" in out
        assert f"{name:<20}     250" in out
    assert "not judged" in out
    assert "CSV first line" in out


def test_invitations_benchmark_invites_one_department_once_each():
    out = run_allowing_a_missed_target("benchmarks/invitations.py", "--rows", "200")

    assert "sent by it 0, invitations created by it 0" in out
    assert "emails sent: 100 to 100 addresses" in out
    assert "every invited person got exactly one email: yes" in out
    assert "emails after running the batch task again: 100" in out


def test_group_matching_benchmark_prints_fit_bound_and_circles_below_minimum():
    out = run("benchmarks/group_matching.py", "--sizes", "300x15")

    for column in ("total fit", "bound", "gap", "below minimum", "load avg"):
        assert column in out
    assert "pass" in out
