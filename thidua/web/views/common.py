"""Small helpers the page views share."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from thidua.core.errors import DomainError
from thidua.core.xlsx import XLSX_CONTENT_TYPE
from thidua.organisations import permissions

PAGE_SIZE = 50


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_xlsx(request) -> bool:
    return request.GET.get("export") == "xlsx"


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def render_list(request, template: str, context: dict) -> HttpResponse:
    """A list page; an htmx request (live search) gets only its results partial."""
    if request.htmx and not request.htmx.boosted:
        partial = template.replace("list.html", "_results.html")
        return render(request, partial, context)
    return render(request, template, context)


def error_messages(error: DomainError) -> list[str]:
    """Every message of a domain error: a ValidationFailed lists several, the others one."""
    return list(getattr(error, "errors", None) or [error.message])


def form_errors_from(form, error: DomainError) -> None:
    """Show a service's refusal on the form it came from."""
    for message in error_messages(error):
        form.add_error(None, message)


def form_error_messages(form) -> list[str]:
    """A bound form's errors as lines naming their field ("Năm: …"); form-wide ones bare."""
    lines = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        lines.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return lines


def flash_errors(request, error: DomainError) -> None:
    """Show a service's refusal as messages on the next page (after a redirect)."""
    for message in error_messages(error):
        messages.error(request, message)


def report_import(request, report) -> None:
    messages.success(request, f"Nhập dữ liệu thành công. {report.summary}")


def registry_viewer_required(view):
    """Internal registry pages: logged in, and holding a role other than guest."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.can_view_registry(request.user):
            raise PermissionDenied("Tài khoản của bạn chưa được phân quyền xem danh mục này.")
        return view(request, *args, **kwargs)

    return wrapper
