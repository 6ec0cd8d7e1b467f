from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tandem.core.health import run_checks
from tandem.core.home_panels import home_panels_for
from tandem.core.next_steps import next_steps_for_user, work_by_programme
from tandem.core.shared_reads import shared_reads


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    results = run_checks()
    healthy = all(result.ok for result in results)
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {r.name: {"ok": r.ok, "detail": r.detail, "ms": r.milliseconds} for r in results},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # The apps' steps and panels read some of the same rows; each is read once.
    with shared_reads():
        steps = next_steps_for_user(request.user)
        panels = home_panels_for(request.user)
    # Counted items are a coordinator's (or operator's) work across their programmes.
    work, kinds = work_by_programme(step for step in steps if step.count is not None)
    return render(
        request,
        "core/home.html",
        {
            "steps": [step for step in steps if step.count is None],
            "work": work,
            "work_kinds": kinds,
            "panels": panels,
        },
    )
