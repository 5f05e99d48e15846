"""Movements and campaigns pages (issue #5, items 1–2). Each view checks the coarse right and
calls one service or selector; the services refuse again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError, ValidationFailed
from thidua.core.selectors import history_of
from thidua.core.xlsx import write_table
from thidua.movements import permissions, selectors, services
from thidua.movements.models import MovementState, ResponseKind
from thidua.organisations.models import Unit
from thidua.web.forms.movements import CampaignForm, CommendationForm, MovementForm, ResponseForm
from thidua.web.views.common import flash_errors, form_errors_from, paginate, wants_xlsx, xlsx_response


def movements_user_required(view):
    """Every movements page: logged in, and the office, the council or a unit's staff."""

    @login_required
    def wrapper(request, *args, **kwargs):
        if not permissions.can_use_movements(request.user):
            raise PermissionDenied("Tài khoản của bạn không được xem phong trào thi đua.")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _require_manager(request) -> None:
    if not permissions.can_manage_movements(request.user):
        raise PermissionDenied(services.MANAGE_REFUSED)


def _movement_form(request, instance=None) -> MovementForm:
    units = Unit.objects.filter(valid_to__isnull=True).order_by("sort_key")
    return MovementForm(request.POST or None, request.FILES or None, instance=instance, units=units)


# --- Movements ----------------------------------------------------------------------------------


@movements_user_required
@require_GET
def movement_list(request):
    context = {
        "page": paginate(request, selectors.movements_for(request.user)),
        "can_manage": permissions.can_manage_movements(request.user),
    }
    return render(request, "web/movements/list.html", context)


@movements_user_required
@require_http_methods(["GET", "POST"])
def movement_create(request):
    _require_manager(request)
    form = _movement_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            movement = services.movement_create(actor=request.user, **form.movement_fields())
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu dự thảo phong trào. Kiểm tra lại rồi bấm “Phát động”.")
            return redirect("movement-detail", pk=movement.pk)
    return render(request, "web/movements/edit.html", {"form": form, "movement": None})


@movements_user_required
@require_http_methods(["GET", "POST"])
def movement_edit(request, pk: int):
    _require_manager(request)
    movement = selectors.movement_get(user=request.user, pk=pk)
    form = _movement_form(request, instance=movement)
    if request.method == "POST" and form.is_valid():
        try:
            services.movement_update(actor=request.user, movement=movement, **form.movement_fields())
        except DomainError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu phong trào.")
            return redirect("movement-detail", pk=movement.pk)
    return render(request, "web/movements/edit.html", {"form": form, "movement": movement})


@movements_user_required
@require_GET
def movement_detail(request, pk: int):
    movement = selectors.movement_get(user=request.user, pk=pk)
    user = request.user
    follows = permissions.can_follow_answers(user)
    context = {
        "movement": movement,
        "can_manage": permissions.can_manage_movements(user),
        "follows": follows,
        "rows": selectors.answers(movement) if follows else None,
        "my_units": selectors.my_units(user, movement),
        "campaigns": selectors.campaigns_for(user, movement=movement),
        "history": history_of(movement) if permissions.can_manage_movements(user) else None,
    }
    return render(request, "web/movements/detail.html", context)


def _transition(request, pk: int, service, done: str):
    _require_manager(request)
    movement = selectors.movement_get(user=request.user, pk=pk)
    try:
        service(actor=request.user, movement=movement)
    except DomainError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("movement-detail", pk=movement.pk)


@movements_user_required
@require_POST
def movement_launch(request, pk: int):
    return _transition(request, pk, services.movement_launch, "Đã phát động phong trào tới các đơn vị tham gia.")


@movements_user_required
@require_POST
def movement_close(request, pk: int):
    return _transition(request, pk, services.movement_close, "Đã kết thúc phong trào.")


def _file_response(file):
    if not file:
        raise Http404("Không có tệp.")
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp.") from None
    return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


@movements_user_required
@require_GET
def movement_plan_file(request, pk: int):
    movement = selectors.movement_get(user=request.user, pk=pk)
    return _file_response(movement.plan_file)


@movements_user_required
@require_GET
def movement_answers(request, pk: int):
    """Who answered on time, late, or not at all (the office and the council); XLSX export."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    if not permissions.can_follow_answers(request.user):
        raise PermissionDenied("Chỉ Phòng TĐKT và Hội đồng TĐKT tỉnh theo dõi việc hưởng ứng của các đơn vị.")
    rows = selectors.answers(movement)
    if wants_xlsx(request):
        headers, table = selectors.answers_table(movement, rows)
        return xlsx_response(write_table("Hưởng ứng", headers, table, text_columns=[1]), f"huong-ung-phong-trao-{movement.pk}.xlsx")
    kinds = selectors.response_kinds(movement)
    context = {
        "movement": movement, "rows": rows, "today": timezone.localdate(),
        "summary": [(ResponseKind(kind).label, movement.deadline_for(kind), selectors.answer_counts(rows, kind)) for kind in kinds],
        "kind_labels": [ResponseKind(kind).label for kind in kinds],
    }
    return render(request, "web/movements/answers.html", context)


@movements_user_required
@require_http_methods(["GET", "POST"])
def movement_respond(request, pk: int, unit_pk: int):
    """A unit's answers to a movement: its plan, then its reports; a form for each one due."""
    movement = selectors.movement_get(user=request.user, pk=pk)
    unit = selectors.target_unit_get(user=request.user, movement=movement, unit_pk=unit_pk)
    can_answer = permissions.can_answer(request.user, movement, unit) and movement.state == MovementState.LAUNCHED
    kinds = selectors.response_kinds(movement)
    posted = request.POST.get("kind") if request.method == "POST" else None
    if request.method == "POST":
        if not permissions.can_answer(request.user, movement, unit):
            raise PermissionDenied(f"Chỉ cán bộ thi đua của {unit.name} được gửi văn bản hưởng ứng của đơn vị.")
        if posted not in kinds:
            raise Http404("Loại văn bản không hợp lệ.")
    responses = selectors.responses_of(movement, unit)
    (row,) = selectors.answers(movement, units={unit.pk})
    sections = []
    for kind in kinds:
        bound = kind == posted
        form = ResponseForm(
            request.POST if bound else None, request.FILES if bound else None,
            instance=responses.get(kind), prefix=kind,
        )
        if bound and form.is_valid():
            try:
                services.response_submit(actor=request.user, movement=movement, unit=unit, kind=kind, **form.response_fields())
            except DomainError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, f"Đã gửi {ResponseKind(kind).label.lower()} của {unit.name}.")
                return redirect("movement-respond", pk=movement.pk, unit_pk=unit.pk)
        sections.append({"kind": kind, "label": ResponseKind(kind).label, "cell": row.cell(kind), "form": form})
    context = {"movement": movement, "unit": unit, "sections": sections, "can_answer": can_answer}
    return render(request, "web/movements/respond.html", context, status=400 if posted else 200)


@movements_user_required
@require_GET
def response_file(request, pk: int, unit_pk: int, kind: str):
    movement = selectors.movement_get(user=request.user, pk=pk)
    response = selectors.response_get(user=request.user, movement=movement, unit_pk=unit_pk, kind=kind)
    return _file_response(response.file)


# --- Campaigns ----------------------------------------------------------------------------------


@movements_user_required
@require_GET
def campaign_list(request):
    context = {
        "page": paginate(request, selectors.campaigns_for(request.user)),
        "can_create": permissions.can_organise_campaign(request.user, None) or selectors.organiser_units(request.user).exists(),
    }
    return render(request, "web/movements/campaign_list.html", context)


@movements_user_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    user = request.user
    organisers = selectors.organiser_units(user)
    province = permissions.can_organise_campaign(user, None)
    if not province and not organisers.exists():
        raise PermissionDenied("Chỉ Phòng TĐKT hoặc cán bộ thi đua của đơn vị được tổ chức đợt thi đua.")
    movements = selectors.movements_for(user).filter(state=MovementState.LAUNCHED)
    initial = {"movement": request.GET.get("phong_trao")} if request.GET.get("phong_trao", "").isdigit() else None
    form = CampaignForm(request.POST or None, initial=initial, movements=movements, organisers=organisers, province_allowed=province)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=user, **form.campaign_fields())
        except DomainError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã tạo đợt thi đua.")
            return redirect("campaign-detail", pk=campaign.pk)
    return render(request, "web/form.html", {"form": form, "title": "Tổ chức đợt thi đua"})


def _commendation_form(request, campaign, data=None) -> CommendationForm:
    forms_allowed = campaign.allowed_forms.filter(code__in=permissions.forms_within_authority(campaign))
    return CommendationForm(
        data, forms_allowed=forms_allowed, units=selectors.commendable_units(campaign),
        people=selectors.commendable_people(campaign),
    )


@movements_user_required
@require_GET
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    can_commend = permissions.can_commend(request.user, campaign)
    context = {
        "campaign": campaign,
        "commendations": selectors.commendations_of(campaign),
        "form": _commendation_form(request, campaign) if can_commend else None,
    }
    return render(request, "web/movements/campaign_detail.html", context)


@movements_user_required
@require_POST
def campaign_commend(request, pk: int):
    campaign = selectors.campaign_get(user=request.user, pk=pk)
    if not permissions.can_commend(request.user, campaign):
        raise PermissionDenied("Bạn không được ghi nhận khen thưởng của đợt thi đua này.")
    form = _commendation_form(request, campaign, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = services.campaign_commend(
                actor=request.user, campaign=campaign, award=data["award"], commendation_type=data["commendation_type"],
                decision_number=data["decision_number"], decision_date=data["decision_date"], signer=data["signer"],
                people=data["people"], units=data["units"],
            )
        except DomainError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Đã ghi nhận {len(done)} khen thưởng vào lịch sử khen thưởng.")
            return redirect("campaign-detail", pk=campaign.pk)
    context = {"campaign": campaign, "commendations": selectors.commendations_of(campaign), "form": form}
    return render(request, "web/movements/campaign_detail.html", context, status=400)
