from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import ValidationFailed
from thidua.organisations import permissions, selectors, services
from thidua.organisations.models import RoleAssignment
from thidua.web.forms.accounts import AccountForm, GrantFilterForm, GrantForm
from thidua.web.views.common import flash_errors, form_error_messages, form_errors_from, paginate


def _require_account_manager(user) -> None:
    if not permissions.can_manage_accounts(user):
        raise PermissionDenied(services.ACCOUNTS_REFUSED)


@login_required
def account_list(request):
    _require_account_manager(request.user)
    form = GrantFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = selectors.account_list(query=filters.get("q", ""), role=filters.get("role", ""))
    context = {"form": form, "page": paginate(request, accounts), "grant_form": GrantForm()}
    return render(request, "web/accounts/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    _require_account_manager(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Đã tạo tài khoản {user.username}. Hãy cấp vai trò cho tài khoản này.")
            return redirect(f"{reverse('account-list')}?q={user.username}")
    return render(request, "web/form.html", {"form": form, "title": "Thêm tài khoản"})


@login_required
@require_POST
def account_lock(request, pk: int):
    _require_account_manager(request.user)
    user = get_object_or_404(get_user_model(), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.account_set_active(actor=request.user, user=user, active=active)
    except ValidationFailed as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, f"Đã {'mở khoá' if active else 'khoá'} tài khoản {user.username}.")
    return redirect("account-list")


@login_required
@require_POST
def grant_create(request):
    _require_account_manager(request.user)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            grant = services.role_assign(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"Đã cấp quyền: {grant}.")
    else:
        for message in form_error_messages(form):
            messages.error(request, message)
    return redirect("account-list")


@login_required
@require_POST
def grant_delete(request, pk: int):
    _require_account_manager(request.user)
    grant = get_object_or_404(RoleAssignment, pk=pk)
    services.role_revoke(actor=request.user, grant=grant)
    messages.success(request, f"Đã thu hồi quyền: {grant}.")
    return redirect("account-list")
