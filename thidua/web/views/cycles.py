"""Pages of a cluster's year. Each view checks the coarse right, calls one service or selector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import DomainError, ValidationFailed
from thidua.core.selectors import history_of
from thidua.core.xlsx import write_table
from thidua.cycles import documents as cycle_documents
from thidua.cycles import imports, permissions, selectors, services, workflow
from thidua.cycles.models import Conference, CriteriaTable, Criterion, Evidence, ScoreChange, ScoreKind
from thidua.documents.models import DocumentKind
from thidua.news import permissions as news_permissions
from thidua.documents.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from thidua.organisations import selectors as org_selectors
from thidua.organisations.models import Unit
from thidua.web.forms.cycles import (
    AssignmentForm,
    AttendeeForm,
    ClusterYearCreateForm,
    ConferenceForm,
    ClusterYearSettingsForm,
    CriterionForm,
    EvidenceForm,
    GroupForm,
    PactForm,
    PactSignForm,
    RegistrationForm,
    ResponseForm,
    ScheduleForm,
    TableCopyForm,
    TableForm,
    TableImportForm,
)
from thidua.web.views.common import (
    flash_errors,
    form_error_messages,
    form_errors_from,
    registry_viewer_required,
    wants_xlsx,
    xlsx_response,
)


def _year(request, pk: int):
    return selectors.cluster_year_get(user=request.user, pk=pk)


def _year_url(cluster_year, name: str = "year-detail", *args) -> str:
    return reverse(name, args=[cluster_year.pk, *args])


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def year_create(request, cluster_pk: int):
    cluster = org_selectors.cluster_get(cluster_pk)
    if not permissions.can_create_year(request.user, cluster):
        raise PermissionDenied("Chỉ Phòng TĐKT được mở năm thi đua mới cho cụm, khối.")
    form = ClusterYearCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster_year = services.cluster_year_create(actor=request.user, cluster=cluster, year=form.cleaned_data["year"])
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Đã mở năm thi đua {cluster_year.year}.")
            return redirect(_year_url(cluster_year))
    return render(request, "web/form.html", {"form": form, "title": f"Mở năm thi đua mới – {cluster.name}"})


@registry_viewer_required
def year_detail(request, pk: int):
    cluster_year = _year(request, pk)
    user = request.user
    pact, signatures, unsigned = selectors.pact_status(cluster_year)
    registrations = {r.unit_id: r for r in cluster_year.registrations.all()}
    schedule = {row.phase: row for row in cluster_year.schedule.all()}
    context = {
        "cy": cluster_year,
        "phases": [(code, label, schedule.get(code)) for code, label in workflow.PHASES],
        "members": selectors.members(cluster_year),
        "registrations": registrations,
        "pact": pact,
        "unsigned": unsigned,
        "can_run": permissions.can_run_year(user, cluster_year),
        "moves": [(p, workflow.PHASE_LABELS[p]) for p in workflow.allowed_moves(cluster_year.phase)],
        "next_phase": workflow.next_phase(cluster_year.phase),
        "my_units": permissions.officer_units_in_year(user, cluster_year),
        "schedule_form": ScheduleForm(),
        "history": history_of(cluster_year),
    }
    return render(request, "web/cycles/year.html", context)


@login_required
@require_POST
def year_move(request, pk: int):
    cluster_year = _year(request, pk)
    if not permissions.can_run_year(request.user, cluster_year):
        raise PermissionDenied(services.RUN_REFUSED)
    try:
        cluster_year = services.phase_move(actor=request.user, cluster_year=cluster_year, to_phase=request.POST.get("to", ""))
    except DomainError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"Đã chuyển sang giai đoạn “{workflow.PHASE_LABELS[cluster_year.phase]}”.")
    return redirect(_year_url(cluster_year))


@login_required
@require_POST
def year_schedule(request, pk: int):
    cluster_year = _year(request, pk)
    if not permissions.can_run_year(request.user, cluster_year):
        raise PermissionDenied(services.RUN_REFUSED)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.schedule_set(actor=request.user, cluster_year=cluster_year, **form.cleaned_data)
        except DomainError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "Đã cập nhật lịch.")
    else:
        messages.error(request, "Ngày không hợp lệ: hãy nhập dạng dd/mm/yyyy.")
    return redirect(_year_url(cluster_year))


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def year_settings(request, pk: int):
    cluster_year = _year(request, pk)
    if not permissions.can_run_year(request.user, cluster_year):
        raise PermissionDenied(services.RUN_REFUSED)
    form = ClusterYearSettingsForm(request.POST or None, instance=cluster_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_year_configure(actor=request.user, cluster_year=cluster_year, **form.settings())
        except DomainError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu cách tính điểm, xếp hạng và biểu quyết.")
            return redirect(_year_url(cluster_year))
    return render(request, "web/form.html", {"form": form, "title": f"Cài đặt – {cluster_year}"})


# --- Criteria -------------------------------------------------------------------------------------


@registry_viewer_required
def criteria(request, pk: int):
    cluster_year = _year(request, pk)
    tables = selectors.tables(cluster_year)
    can_edit = permissions.can_run_year(request.user, cluster_year) and cluster_year.phase in services.EDITABLE_TABLE_PHASES
    sources = CriteriaTable.objects.filter(cluster_year__cluster=cluster_year.cluster).exclude(cluster_year=cluster_year)
    context = {
        "cy": cluster_year,
        "tables": [(t, selectors.table_max_total(t)) for t in tables],
        "can_edit": can_edit,
        "table_form": TableForm(units=Unit.objects.filter(pk__in=permissions.member_unit_ids(cluster_year))),
        "import_form": TableImportForm(),
        "copy_form": TableCopyForm(sources=sources) if sources.exists() else None,
        "group_form": GroupForm(),
    }
    if can_edit:
        context["criterion_forms"] = {t.pk: CriterionForm(groups=t.groups.all(), prefix=f"t{t.pk}") for t in tables}
    return render(request, "web/cycles/criteria.html", context)


def _require_table_editor(request, cluster_year):
    if not permissions.can_run_year(request.user, cluster_year):
        raise PermissionDenied(services.RUN_REFUSED)


@login_required
@require_POST
def criteria_action(request, pk: int, action: str):
    """Create a table (blank, copied or imported), a group or a criterion; delete a criterion."""
    cluster_year = _year(request, pk)
    _require_table_editor(request, cluster_year)
    try:
        if action == "table":
            form = TableForm(request.POST, units=Unit.objects.filter(pk__in=permissions.member_unit_ids(cluster_year)))
            if form.is_valid():
                services.table_create(
                    actor=request.user, cluster_year=cluster_year, name=form.cleaned_data["name"],
                    units=list(form.cleaned_data["units"]),
                )
                messages.success(request, "Đã thêm bảng tiêu chí.")
        elif action == "copy":
            sources = CriteriaTable.objects.filter(cluster_year__cluster=cluster_year.cluster)
            form = TableCopyForm(request.POST, sources=sources)
            if form.is_valid():
                services.table_copy(actor=request.user, source=form.cleaned_data["source"], cluster_year=cluster_year)
                messages.success(request, "Đã sao chép bảng tiêu chí.")
        elif action == "import":
            form = TableImportForm(request.POST, request.FILES)
            if form.is_valid():
                imports.criteria_import(
                    actor=request.user, cluster_year=cluster_year, name=form.cleaned_data["name"],
                    file=form.cleaned_data["file"],
                )
                messages.success(request, "Đã nhập bảng tiêu chí từ Excel.")
        elif action == "group":
            table = get_object_or_404(CriteriaTable, pk=request.POST.get("table"), cluster_year=cluster_year)
            form = GroupForm(request.POST)
            if form.is_valid():
                services.group_save(actor=request.user, table=table, **form.cleaned_data)
                messages.success(request, "Đã thêm nhóm tiêu chí.")
        elif action == "criterion":
            table = get_object_or_404(CriteriaTable, pk=request.POST.get("table"), cluster_year=cluster_year)
            form = CriterionForm(request.POST, groups=table.groups.all(), prefix=f"t{table.pk}")
            if form.is_valid():
                services.criterion_save(actor=request.user, **form.cleaned_data)
                messages.success(request, "Đã thêm tiêu chí.")
        elif action == "delete-criterion":
            criterion = get_object_or_404(Criterion, pk=request.POST.get("criterion"), group__table__cluster_year=cluster_year)
            services.criterion_delete(actor=request.user, criterion=criterion)
            messages.success(request, f"Đã xoá tiêu chí {criterion.code}.")
            form = None
        else:
            raise Http404
        if form is not None and not form.is_valid():
            for message in form_error_messages(form):
                messages.error(request, message)
    except DomainError as exc:
        flash_errors(request, exc)
    return redirect(_year_url(cluster_year, "year-criteria"))


@registry_viewer_required
def criteria_export(request, pk: int, table_pk: int):
    cluster_year = _year(request, pk)
    table = get_object_or_404(CriteriaTable, pk=table_pk, cluster_year=cluster_year)
    table = next(t for t in selectors.tables(cluster_year) if t.pk == table.pk)
    return xlsx_response(imports.criteria_export(table), f"tieu-chi-{cluster_year.cluster.code}-{cluster_year.year}.xlsx")


@registry_viewer_required
def criteria_template(request, pk: int):
    return xlsx_response(imports.criteria_template(), "mau-bang-tieu-chi.xlsx")


# --- Registration and pact ---------------------------------------------------------------------------


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def registration(request, pk: int, unit_pk: int):
    cluster_year = _year(request, pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    existing = cluster_year.registrations.filter(unit=unit).first()
    can_edit = permissions.can_act_for_unit(request.user, cluster_year, unit.pk)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(f"Bạn không phải cán bộ thi đua của {unit.name}.")
    initial = {"titles": existing.titles, "targets": existing.targets} if existing else {}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_save(actor=request.user, cluster_year=cluster_year, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu bản đăng ký thi đua.")
            return redirect(_year_url(cluster_year))
    context = {"cy": cluster_year, "unit": unit, "form": form, "registration": existing, "can_edit": can_edit}
    return render(request, "web/cycles/registration.html", context)


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def pact(request, pk: int):
    cluster_year = _year(request, pk)
    user = request.user
    pact, signatures, unsigned = selectors.pact_status(cluster_year)
    can_edit = permissions.can_run_year(user, cluster_year)
    sign_units = [u for u in unsigned if permissions.can_sign_for_unit(user, cluster_year, u.pk)]
    form = PactForm(
        request.POST if request.POST.get("action") == "save" else None,
        initial={"title": pact.title, "text": pact.text, "targets": pact.targets, "signed_at_place": pact.signed_at_place}
        if pact else {"title": f"Giao ước thi đua năm {cluster_year.year}"},
    )
    unit_queryset = Unit.objects.filter(pk__in=[u.pk for u in sign_units])
    sign_form = PactSignForm(request.POST if request.POST.get("action") == "sign" else None, units=unit_queryset)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "save":
                if not can_edit:
                    raise PermissionDenied(services.RUN_REFUSED)
                if form.is_valid():
                    services.pact_save(actor=user, cluster_year=cluster_year, **form.cleaned_data)
                    messages.success(request, "Đã lưu giao ước.")
                    return redirect(_year_url(cluster_year, "year-pact"))
            elif request.POST.get("action") == "sign":
                unit = Unit.objects.filter(pk=request.POST.get("unit")).first()
                if unit is None or not permissions.can_sign_for_unit(user, cluster_year, unit.pk):
                    raise PermissionDenied("Bạn không có quyền ký giao ước cho đơn vị này.")
                if sign_form.is_valid():
                    services.pact_sign(
                        actor=user, cluster_year=cluster_year, unit=sign_form.cleaned_data["unit"],
                        signer_name=sign_form.cleaned_data["signer_name"],
                        signer_position=sign_form.cleaned_data["signer_position"],
                    )
                    messages.success(request, f"{unit.name} đã ký giao ước.")
                    return redirect(_year_url(cluster_year, "year-pact"))
        except DomainError as exc:
            flash_errors(request, exc)
    context = {
        "cy": cluster_year, "pact": pact, "signatures": signatures, "unsigned": unsigned,
        "can_edit": can_edit and cluster_year.phase in {"setup", "registration"} and not signatures,
        "form": form, "sign_form": sign_form if sign_units and cluster_year.phase == "registration" else None,
    }
    return render(request, "web/cycles/pact.html", context)


# --- Scores ------------------------------------------------------------------------------------------


def _sheet_mode(user, cluster_year, unit):
    """What the user may enter on this unit's sheet now: (kind, scorer unit) or (None, None)."""
    phase = cluster_year.phase
    if phase == "self_scoring" and permissions.can_act_for_unit(user, cluster_year, unit.pk):
        return ScoreKind.SELF, unit
    if phase == "cross_scoring":
        for scorer_id in sorted(permissions.officer_units_in_year(user, cluster_year)):
            if services.may_cross_score(cluster_year, scorer_id, unit.pk):
                return ScoreKind.CROSS, Unit.objects.get(pk=scorer_id)
    if phase == "consolidation" and permissions.can_run_year(user, cluster_year):
        return ScoreKind.REVIEW, None
    return None, None


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def score_sheet(request, pk: int, unit_pk: int):
    cluster_year = _year(request, pk)
    member_units = selectors.member_units(cluster_year)
    unit = next((u for u in member_units if u.pk == unit_pk), None)
    if unit is None:
        raise Http404("Đơn vị không phải thành viên cụm năm này.")
    kind, scorer = _sheet_mode(request.user, cluster_year, unit)
    if request.method == "POST":
        if kind is None:
            raise PermissionDenied("Bạn không được nhập điểm cho đơn vị này ở giai đoạn hiện tại.")
        entries = []
        for criterion in selectors.sheet_criteria(cluster_year, unit):
            criterion_id = criterion.pk
            version = request.POST.get(f"version_{criterion_id}", "")
            entries.append(
                {
                    "criterion": criterion,
                    "points": request.POST.get(f"points_{criterion_id}", "").strip(),
                    "note": request.POST.get(f"note_{criterion_id}", "").strip(),
                    "reason": request.POST.get(f"reason_{criterion_id}", "").strip(),
                    "expected_version": int(version) if version.isdigit() else None,
                }
            )
        try:
            changed = services.sheet_save(
                actor=request.user, cluster_year=cluster_year, unit=unit, kind=kind, entries=entries, scorer=scorer
            )
        except DomainError as exc:
            flash_errors(request, exc)
            messages.warning(request, "Chưa lưu điểm nào. Hãy sửa các lỗi trên rồi lưu lại.")
        else:
            messages.success(request, f"Đã lưu {changed} điểm.")
            return redirect(_year_url(cluster_year, "year-sheet", unit.pk))
    table, rows = selectors.score_sheet(cluster_year, unit)
    context = {
        "cy": cluster_year,
        "unit": unit,
        "table": table,
        "rows": rows,
        "kind": kind,
        "scorer": scorer,
        "entered": {row.criterion.pk: request.POST.get(f"points_{row.criterion.pk}", "") for row in rows}
        if request.method == "POST" else None,
        "cross_units": [u for u in member_units if u.pk != unit.pk],
        "my_units": permissions.officer_units_in_year(request.user, cluster_year),
        "evidence_form": EvidenceForm() if kind == ScoreKind.SELF else None,
    }
    return render(request, "web/cycles/sheet.html", context)


@login_required
@require_POST
def evidence_upload(request, pk: int, unit_pk: int):
    cluster_year = _year(request, pk)
    criterion_pk = request.POST.get("criterion", "")
    score = cluster_year.scores.filter(
        unit_id=unit_pk, criterion_id=int(criterion_pk) if criterion_pk.isdigit() else None, kind=ScoreKind.SELF
    ).first()
    if score is None or not permissions.can_act_for_unit(request.user, cluster_year, unit_pk):
        raise PermissionDenied("Hãy tự chấm điểm tiêu chí trước khi nộp minh chứng (chỉ cán bộ thi đua của đơn vị).")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(actor=request.user, score=score, **form.cleaned_data)
        except DomainError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "Đã nộp minh chứng.")
    else:
        for error in form.errors.get("file", []):
            messages.error(request, f"Tệp minh chứng: {error}")
    return redirect(_year_url(cluster_year, "year-sheet", unit_pk))


@registry_viewer_required
def evidence_download(request, pk: int, evidence_pk: int):
    cluster_year = _year(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, score__cluster_year=cluster_year)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def change_respond(request, pk: int, change_pk: int):
    cluster_year = _year(request, pk)
    change = get_object_or_404(ScoreChange, pk=change_pk, score__cluster_year=cluster_year)
    if not permissions.can_act_for_unit(request.user, cluster_year, change.score.unit_id):
        raise PermissionDenied("Chỉ cán bộ thi đua của đơn vị bị điều chỉnh điểm được giải trình.")
    form = ResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationFailed(["Nội dung giải trình: bắt buộc nhập."])
        services.score_change_respond(actor=request.user, change=change, response=form.cleaned_data["response"])
    except DomainError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "Đã gửi giải trình.")
    return redirect(_year_url(cluster_year, "year-sheet", change.score.unit_id))


# --- Results -----------------------------------------------------------------------------------------


@registry_viewer_required
def results(request, pk: int):
    cluster_year = _year(request, pk)
    ranking = selectors.ranking(cluster_year)
    if wants_xlsx(request):
        group_codes = [code for code, _ in ranking.groups]
        headers = ["Hạng", "Mã đơn vị", "Đơn vị", *[f"Nhóm {code}" for code in group_codes], "Tổng điểm", "Đồng hạng"]
        rows = (
            [r.rank, r.unit.code, r.unit.name, *[r.group_totals.get(code) for code in group_codes], r.total,
             "Có" if r.tied else ""]
            for r in ranking.rows
        )
        return xlsx_response(
            write_table(f"Xếp hạng {cluster_year.year}", headers, rows),
            f"xep-hang-{cluster_year.cluster.code}-{cluster_year.year}.xlsx",
        )
    top = float(max((r.total for r in ranking.rows), default=0)) or 1.0
    chart = []
    for index, row in enumerate(ranking.rows):
        width = round(max(0.0, float(row.total)) / top * 380)
        chart.append({"row": row, "y": index * 28 + 4, "text_y": index * 28 + 19, "width": width, "label_x": 146 + width})
    context = {
        "cy": cluster_year,
        "ranking": ranking,
        "chart": chart,
        "chart_height": len(chart) * 28,
        "final": workflow.is_at_least(cluster_year.phase, "consolidation"),
    }
    return render(request, "web/cycles/results.html", context)


# --- Proposals, votes and the election -------------------------------------------------------------


@registry_viewer_required
def proposals(request, pk: int):
    cluster_year = _year(request, pk)
    ranking = selectors.ranking(cluster_year)
    skipped = [(r.unit, reason) for r in ranking.rows if (reason := services.skip_reason(r.unit, cluster_year.year))]
    context = {
        "cy": cluster_year,
        "proposals": cluster_year.proposals.select_related("unit").prefetch_related("votes"),
        "skipped": skipped,
        "needs_vote": ranking.needs_vote,
        "can_run": permissions.can_run_year(request.user, cluster_year),
        "form_labels": services.FORM_LABELS,
    }
    return render(request, "web/cycles/proposals.html", context)


@login_required
@require_POST
def proposals_action(request, pk: int, action: str):
    cluster_year = _year(request, pk)
    if not permissions.can_run_year(request.user, cluster_year):
        raise PermissionDenied(services.RUN_REFUSED)
    try:
        if action == "draft":
            created, skipped = services.proposals_draft(actor=request.user, cluster_year=cluster_year)
            messages.success(request, f"Đã lập {len(created)} đề nghị dự kiến; bỏ qua {len(skipped)} đơn vị không đủ điều kiện.")
        elif action == "vote":
            proposal = get_object_or_404(cluster_year.proposals, pk=request.POST.get("proposal"))
            services.vote_open_for_proposal(actor=request.user, proposal=proposal)
            messages.success(request, "Đã mở biểu quyết.")
            return redirect(_year_url(cluster_year, "year-votes"))
        elif action == "tie":
            units = list(Unit.objects.filter(pk__in=request.POST.getlist("units")))
            services.vote_open_for_tie(actor=request.user, cluster_year=cluster_year, form=request.POST.get("form", ""), units=units)
            messages.success(request, "Đã mở bỏ phiếu giữa các đơn vị bằng điểm.")
            return redirect(_year_url(cluster_year, "year-votes"))
        else:
            raise Http404
    except DomainError as exc:
        flash_errors(request, exc)
    return redirect(_year_url(cluster_year, "year-proposals"))


@registry_viewer_required
def votes(request, pk: int):
    cluster_year = _year(request, pk)
    user = request.user
    my_units = permissions.voting_units(user, cluster_year)
    all_votes = selectors.votes(cluster_year)
    ballots = []
    for vote in all_votes:
        voted = {r.unit_id for r in vote.receipts.all()}
        ballots.append({"vote": vote, "voted": voted, "can_cast": [u for u in Unit.objects.filter(pk__in=my_units - voted)] if vote.is_open else []})
    leader, vice = selectors.leadership_suggestion(cluster_year)
    context = {
        "cy": cluster_year,
        "ballots": ballots,
        "can_run": permissions.can_run_year(user, cluster_year),
        "members": selectors.member_units(cluster_year),
        "suggested_leader": leader,
        "suggested_vice": vice,
        "threshold": f"{'trên' if cluster_year.vote_threshold_strict else 'từ'} {cluster_year.vote_threshold_numerator}/{cluster_year.vote_threshold_denominator}",
    }
    return render(request, "web/cycles/votes.html", context)


@login_required
@require_POST
def votes_action(request, pk: int, action: str):
    cluster_year = _year(request, pk)
    try:
        if action == "cast":
            vote = get_object_or_404(cluster_year.votes, pk=request.POST.get("vote"))
            unit = get_object_or_404(Unit, pk=request.POST.get("unit"))
            option = get_object_or_404(vote.options, pk=request.POST.get("option"))
            services.ballot_cast(actor=request.user, vote=vote, unit=unit, option=option)
            messages.success(request, f"Đã ghi nhận phiếu của {unit.name}.")
        else:
            if not permissions.can_run_year(request.user, cluster_year):
                raise PermissionDenied(services.RUN_REFUSED)
            if action == "close":
                vote = services.vote_close(actor=request.user, vote=get_object_or_404(cluster_year.votes, pk=request.POST.get("vote")))
                messages.success(request, vote.outcome)
            elif action == "election":
                candidates = list(Unit.objects.filter(pk__in=request.POST.getlist("candidates")))
                services.vote_open_for_election(
                    actor=request.user, cluster_year=cluster_year, role=request.POST.get("role", ""), candidates=candidates
                )
                messages.success(request, "Đã mở bầu cử.")
            else:
                raise Http404
    except DomainError as exc:
        flash_errors(request, exc)
    return redirect(_year_url(cluster_year, "year-votes"))


# --- Conference and documents --------------------------------------------------------------------


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def conference(request, pk: int):
    cluster_year = _year(request, pk)
    record = Conference.objects.filter(cluster_year=cluster_year).first()
    can_run = permissions.can_run_year(request.user, cluster_year)
    units = Unit.objects.filter(pk__in=permissions.member_unit_ids(cluster_year))
    form = ConferenceForm(request.POST or None, instance=record, units=units)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(services.RUN_REFUSED)
        if form.is_valid():
            try:
                services.conference_save(actor=request.user, cluster_year=cluster_year, **form.cleaned_data)
            except DomainError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, "Đã lưu thông tin hội nghị.")
                return redirect(_year_url(cluster_year, "year-conference"))
    context = {
        "cy": cluster_year,
        "conference": record,
        "form": form,
        "attendee_form": AttendeeForm(units=units),
        "can_run": can_run and cluster_year.phase != "closed",
        "documents": [(kind, label) for kind, label in DocumentKind.choices],
        "can_draft_news": cluster_year.phase in ("submitted", "closed")
        and news_permissions.can_draft_from_year(request.user, cluster_year),
    }
    return render(request, "web/cycles/conference.html", context)


@login_required
@require_POST
def conference_attendee(request, pk: int, action: str):
    cluster_year = _year(request, pk)
    if not permissions.can_run_year(request.user, cluster_year):
        raise PermissionDenied(services.RUN_REFUSED)
    record = get_object_or_404(Conference, cluster_year=cluster_year)
    try:
        if action == "add":
            form = AttendeeForm(request.POST, units=Unit.objects.filter(pk__in=permissions.member_unit_ids(cluster_year)))
            if form.is_valid():
                services.attendee_add(actor=request.user, conference=record, **form.cleaned_data)
            else:
                messages.error(request, "Họ và tên người dự: bắt buộc nhập.")
        elif action == "remove":
            services.attendee_remove(actor=request.user, attendee=get_object_or_404(record.attendees, pk=request.POST.get("attendee")))
        else:
            raise Http404
    except DomainError as exc:
        flash_errors(request, exc)
    return redirect(_year_url(cluster_year, "year-conference"))


@registry_viewer_required
def document_download(request, pk: int, kind: str, output: str):
    cluster_year = _year(request, pk)
    if kind not in DocumentKind.values or output not in ("docx", "pdf"):
        raise Http404
    try:
        data, name = cycle_documents.generate(cluster_year, kind, output)
    except DomainError as exc:
        flash_errors(request, exc)
        return redirect(_year_url(cluster_year, "year-conference"))
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE if output == "docx" else PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def assignments(request, pk: int):
    cluster_year = _year(request, pk)
    can_run = permissions.can_run_year(request.user, cluster_year)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(services.RUN_REFUSED)
        if form.is_valid():
            units = [m.unit for m in sorted(selectors.members(cluster_year), key=lambda m: m.pk)]
            pairs = services.rotation_pairs(units, form.cleaned_data["scorers_per_unit"])
            try:
                services.assignments_set(actor=request.user, cluster_year=cluster_year, pairs=pairs)
                if cluster_year.cross_scoring != "rotation":
                    services.cluster_year_configure(actor=request.user, cluster_year=cluster_year, cross_scoring="rotation")
            except DomainError as exc:
                flash_errors(request, exc)
            else:
                messages.success(request, f"Đã phân công {len(pairs)} lượt chấm chéo theo luân phiên.")
                return redirect(_year_url(cluster_year, "year-assignments"))
    rows = cluster_year.assignments.select_related("scorer", "scored").order_by("scored__sort_key", "scorer__sort_key")
    context = {"cy": cluster_year, "rows": rows, "form": form, "can_run": can_run}
    return render(request, "web/cycles/assignments.html", context)
