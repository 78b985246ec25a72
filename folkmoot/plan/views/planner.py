"""Planner pages: overview with checks, one page per step (saves as you go), sign-off, YAML and PDF.
Thin: parse, call one service or selector, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from folkmoot.core.permissions import Perm, has_perm

from .. import catalogue, schema, selectors, services, step_fields, steps
from ..forms import DecisionForm, YamlImportForm
from ..models import PlanStatus
from ..pdf import plan_pdf
from ..readability import readability_report


def _crumbs(engagement, *extra) -> list[dict]:
    return [
        {"href": reverse("core:engagement-list"), "text": "Engagements"},
        {"href": reverse("core:engagement-detail", args=[engagement.pk]), "text": engagement.title},
        *extra,
    ]


def _context(request, engagement, plan, **extra) -> dict:
    data = plan.data if plan else {}
    result = services.plan_check_result(data)
    return {
        "engagement": engagement,
        "plan": plan,
        "data": data,
        "steps": steps.STEPS,
        "check": result,
        "can_edit": has_perm(request.user, Perm.CHANGE_ENGAGEMENT, engagement),
        "can_decide": has_perm(request.user, Perm.RECORD_DECISIONS, engagement),
        "methods": catalogue.methods_by_id(),
        "level_labels": schema.LEVEL_LABELS,
        "kind_labels": schema.AUDIENCE_KINDS,
        "duty_labels": schema.DUTIES,
        **extra,
    }


@login_required
def overview(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement, plan = selectors.plan_get(user=request.user, engagement_id=engagement_id)
    events = list(plan.events.select_related("actor")) if plan else []
    context = _context(
        request,
        engagement,
        plan,
        page_title=f"Plan: {engagement.title}",
        events=events,
        breadcrumbs=_crumbs(engagement),
    )
    context["step_findings"] = {s.slug: _step_findings(s, context["check"]["findings"]) for s in steps.STEPS}
    return render(request, "plan/overview.jinja", context)


def _step_findings(step, findings: list[dict]) -> list[dict]:
    """The error findings about fields on this step, so the step list shows where to go."""
    tops = {f.path.split(".")[0] for f in step.fields}
    return [
        f for f in findings if f["field"].split(".")[0].split("[")[0] in tops and f["severity"] == "error"
    ]


@login_required
def step(request: HttpRequest, engagement_id, slug: str) -> HttpResponse:
    the_step = steps.STEPS_BY_SLUG.get(slug)
    if the_step is None:
        raise Http404("No such step")
    perm = Perm.CHANGE_ENGAGEMENT if request.method == "POST" else Perm.VIEW_ENGAGEMENT
    engagement, plan = selectors.plan_get(user=request.user, engagement_id=engagement_id, perm=perm)
    can_edit = has_perm(request.user, Perm.CHANGE_ENGAGEMENT, engagement)
    errors: dict[str, str] = {}
    posted = None
    if request.method == "POST":
        plan = plan or services.plan_get_or_create(engagement=engagement, actor=request.user)
        changes = steps.parse(the_step, request.POST, plan.data)
        plan, errors = services.plan_save_step(plan=plan, actor=request.user, changes=changes)
        if not errors:
            messages.success(request, f"Step {the_step.number} saved.")
            following = the_step.number if the_step.number < len(steps.STEPS) else None
            if "save_and_exit" in request.POST or following is None:
                return redirect("plan:overview", engagement_id=engagement.pk)
            return redirect("plan:step", engagement_id=engagement.pk, slug=steps.STEPS[following].slug)
        posted = request.POST
    data = plan.data if plan else {}
    fields = step_fields.render(the_step, data, errors, posted)
    for item in fields:
        if item.get("public") and item.get("text"):
            item["readability"] = readability_report(item["text"])
    asked_before = []
    if the_step.slug in ("aims", "who", "evidence"):
        asked_before = selectors.asked_before(
            user=request.user, engagement=engagement, query=selectors.asked_before_query(data)
        )
    index = the_step.number - 1
    return render(
        request,
        "plan/step.jinja",
        _context(
            request,
            engagement,
            plan,
            page_title=f"Step {the_step.number} of 12: {the_step.title}",
            step=the_step,
            fields=fields,
            can_edit=can_edit,
            asked_before=asked_before,
            previous=steps.STEPS[index - 1] if index else None,
            next=steps.STEPS[index + 1] if index + 1 < len(steps.STEPS) else None,
            error_items=[{"text": m, "href": "#" + steps.name_of(p)} for p, m in errors.items()],
            breadcrumbs=_crumbs(
                engagement, {"href": reverse("plan:overview", args=[engagement.pk]), "text": "Plan"}
            ),
        ),
        status=400 if errors else 200,
    )


@login_required
@require_POST
def transition(request: HttpRequest, engagement_id, to: str) -> HttpResponse:
    engagement, plan = selectors.plan_get(user=request.user, engagement_id=engagement_id)
    if plan is None or to not in PlanStatus.values:
        raise Http404("No plan")
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.plan_transition(plan=plan, actor=request.user, to=to, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "You may not do that.")
    else:
        messages.success(request, f"Plan {PlanStatus(to).label.lower()}.")
    return redirect("plan:overview", engagement_id=engagement.pk)


@login_required
def export_yaml(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement, plan = selectors.plan_get(user=request.user, engagement_id=engagement_id)
    if plan is None:
        raise Http404("No plan")
    response = HttpResponse(services.plan_to_yaml(plan.data), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="plan-{engagement.slug}.yaml"'
    return response


@login_required
def export_pdf(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement, plan = selectors.plan_get(user=request.user, engagement_id=engagement_id)
    if plan is None:
        raise Http404("No plan")
    response = HttpResponse(plan_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{engagement.slug}.pdf"'
    return response


@login_required
def import_yaml(request: HttpRequest, engagement_id) -> HttpResponse:
    engagement, plan = selectors.plan_get(
        user=request.user, engagement_id=engagement_id, perm=Perm.CHANGE_ENGAGEMENT
    )
    form = YamlImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8")
            services.plan_import_yaml(engagement=engagement, actor=request.user, text=text)
        except UnicodeDecodeError:
            form.add_error("file", "The file is not text (UTF-8). Export the plan as YAML and try again.")
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, "Plan imported.")
            return redirect("plan:overview", engagement_id=engagement.pk)
    return render(
        request,
        "plan/import.jinja",
        {
            "page_title": f"Import a plan: {engagement.title}",
            "engagement": engagement,
            "form": form,
            "breadcrumbs": _crumbs(
                engagement, {"href": reverse("plan:overview", args=[engagement.pk]), "text": "Plan"}
            ),
        },
        status=400 if form.errors else 200,
    )
