from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from tandem.people.access import require_importer, signed_in_user
from tandem.people.forms import ImportUploadForm, ProfileForm
from tandem.people.import_validation import COLUMNS, REQUIRED_COLUMNS
from tandem.people.models import Department, known_timezones
from tandem.people.selectors import (
    directory_people,
    import_job_for_user,
    import_jobs_for,
    person_for_viewer,
)
from tandem.people.services import import_job_create, person_for_user, person_profile_update
from tandem.people.visibility import profile_view

PAGE_SIZE = 25


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(directory_people(viewer=request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = [profile_view(person, request.user) for person in page.object_list]
    return render(
        request, "people/directory.html", {"page": page, "entries": entries, "query": query}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for_viewer(request.user, pk)
    return render(request, "people/detail.html", {"entry": profile_view(person, request.user)})


@never_cache
@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = person_for_user(user=user)
    form = ProfileForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        person_profile_update(person=person, changes=form.changes())
        messages.success(request, "Your profile is saved.")
        return redirect("people:profile_edit")
    context = {
        "form": form,
        "person": person,
        "departments": Department.objects.values_list("name", flat=True),
        "timezones": sorted(known_timezones()),
    }
    return render(request, "people/profile_form.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    require_importer(request.user)
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            user=signed_in_user(request), filename=form.cleaned_data["file"].name, source=form.text
        )
        return redirect("people:import_status", pk=job.pk)
    context = {
        "form": form,
        "jobs": import_jobs_for(request.user)[:10],
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
    }
    return render(request, "people/import_upload.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    require_importer(request.user)
    job = import_job_for_user(request.user, pk)
    htmx = bool(getattr(request, "htmx", False))
    template = "people/_import_progress.html" if htmx else "people/import_status.html"
    return render(request, template, {"job": job})
