"""Award proposals: the unit's dossier, the office's handling, the council's vote, the decision."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards import documents as award_documents
from thidua.awards import selectors as award_selectors
from thidua.awards import services, workflow
from thidua.awards.models import Initiative, ProposalAttachment
from thidua.core.errors import DomainError, InvalidTransition, ValidationFailed
from thidua.documents.render import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from thidua.organisations import permissions as org
from thidua.organisations.models import Person, Unit
from thidua.web.forms.awards import AttachmentForm, DecisionForm, ItemAddForm, ProposalCreateForm
from thidua.web.views.common import flash_errors, form_error_messages, form_errors_from, paginate, registry_viewer_required


def _own_units(user):
    if org.is_province_office(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=org.officer_unit_ids(user))


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def proposal_list(request):
    units = _own_units(request.user)
    form = ProposalCreateForm(request.POST or None, units=units, initial={"year": datetime.date.today().year - 1})
    if request.method == "POST":
        if not units.exists():
            raise PermissionDenied("Bạn không có quyền lập hồ sơ đề nghị khen thưởng.")
        if form.is_valid():
            try:
                proposal = services.proposal_create(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                form_errors_from(form, exc)
            else:
                return redirect("proposal-detail", pk=proposal.pk)
    proposals = award_selectors.proposals_visible_to(request.user)
    context = {"page": paginate(request, proposals), "form": form if units.exists() else None}
    return render(request, "web/proposals/list.html", context)


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, pk: int):
    proposal = award_selectors.proposal_get(user=request.user, pk=pk)
    user = request.user
    people = Person.objects.filter(unit=proposal.proposing_unit) if not org.is_province_office(user) else Person.objects.all()
    units = Unit.objects.filter(Q(pk=proposal.proposing_unit_id) | Q(parent=proposal.proposing_unit)) if not org.is_province_office(user) else Unit.objects.all()
    initiatives = Initiative.objects.filter(used_for__isnull=True).filter(Q(person__in=people) | Q(unit__in=units)).select_related("person", "unit")
    is_staff = proposal.proposing_unit_id in org.staff_unit_ids(user) or org.is_province_office(user)
    if request.method == "POST" and not is_staff:
        # Refuse before the form is read: an invalid form must not answer 200 to a stranger.
        raise PermissionDenied("Chỉ cán bộ của đơn vị đề nghị hoặc Phòng TĐKT được sửa hồ sơ này.")
    item_form = ItemAddForm(request.POST if request.POST.get("action") == "item" else None,
                            people=people.select_related("unit"), units=units, initiatives=initiatives)
    if request.method == "POST" and request.POST.get("action") == "item":
        if item_form.is_valid():
            try:
                services.item_add(actor=user, proposal=proposal, **item_form.cleaned_data)
            except ValidationFailed as exc:
                form_errors_from(item_form, exc)
            except InvalidTransition as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "Đã thêm vào danh sách đề nghị.")
                return redirect("proposal-detail", pk=proposal.pk)
    items = list(proposal.items.select_related("person__unit", "unit", "award").prefetch_related("ballots", "initiatives"))
    on = datetime.date.today()
    council = [(item, services.council_result(item, on)) for item in items if item.award.council_review]
    context = {
        "proposal": proposal,
        "items": items,
        "council": council,
        "item_form": item_form if workflow.editable(proposal.state) and is_staff else None,
        "attachment_form": AttachmentForm() if workflow.editable(proposal.state) and is_staff else None,
        "moves": [(target, workflow.LABELS[target], who) for target, who in workflow.MOVES[proposal.state].items()
                  if (who == "unit" and is_staff) or (who == "office" and org.is_province_office(user))],
        "is_council_member": org.is_council_member(user),
        "my_ballots": {b.item_id for item in items for b in item.ballots.all() if b.member_id == user.pk},
        "decision_form": DecisionForm() if org.is_province_office(user) and workflow.can_move(proposal.state, "decided") else None,
        "decision": getattr(proposal, "decision", None) if proposal.state == "decided" else None,
    }
    return render(request, "web/proposals/detail.html", context)


@registry_viewer_required
@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = award_selectors.proposal_get(user=request.user, pk=pk)
    user = request.user
    try:
        if action == "move":
            services.proposal_move(actor=user, proposal=proposal, target=request.POST.get("target", ""),
                                   reason=request.POST.get("reason", ""), note=request.POST.get("note", ""))
            messages.success(request, "Đã chuyển trạng thái hồ sơ.")
        elif action == "remove-item":
            services.item_remove(actor=user, item=get_object_or_404(proposal.items, pk=request.POST.get("item")))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationFailed(form_error_messages(form))
            services.attachment_add(actor=user, proposal=proposal, **form.cleaned_data)
            messages.success(request, "Đã đính kèm tài liệu.")
        elif action == "vote":
            item = get_object_or_404(proposal.items, pk=request.POST.get("item"))
            services.council_vote(actor=user, item=item, approve=request.POST.get("approve") == "1")
            messages.success(request, "Đã ghi nhận biểu quyết.")
        elif action == "decide":
            form = DecisionForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed(form_error_messages(form))
            services.decision_issue(actor=user, proposal=proposal, **form.cleaned_data)
            messages.success(request, "Đã ghi quyết định và cập nhật lịch sử khen thưởng.")
        else:
            raise Http404
    except PermissionDenied:
        raise
    except DomainError as exc:
        flash_errors(request, exc)
    return redirect("proposal-detail", pk=proposal.pk)


@registry_viewer_required
def proposal_attachment(request, pk: int, attachment_pk: int):
    proposal = award_selectors.proposal_get(user=request.user, pk=pk)
    attachment = get_object_or_404(ProposalAttachment, pk=attachment_pk, proposal=proposal)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1])


@registry_viewer_required
def decision_download(request, pk: int, what: str):
    proposal = award_selectors.proposal_get(user=request.user, pk=pk)
    decision = getattr(proposal, "decision", None)
    if decision is None:
        raise Http404("Hồ sơ chưa có quyết định.")
    try:
        if what == "quyet-dinh.docx":
            data, name = award_documents.decision_file(decision, "docx")
        elif what == "quyet-dinh.pdf":
            data, name = award_documents.decision_file(decision, "pdf")
        elif what == "bang-khen.pdf":
            data, name = award_documents.certificates_pdf(decision)
        else:
            raise Http404
    except DomainError as exc:
        flash_errors(request, exc)
        return redirect("proposal-detail", pk=proposal.pk)
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE if name.endswith(".docx") else PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
