from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import DomainError
from thidua.documents import services
from thidua.documents.defaults import default_path
from thidua.documents.models import DocumentKind, DocumentTemplate
from thidua.organisations import permissions
from thidua.web.forms.cycles import DocumentTemplateForm
from thidua.web.views.common import registry_viewer_required


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    can_manage = permissions.is_province_office(request.user)
    form = DocumentTemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(services.TEMPLATES_REFUSED)
        if form.is_valid():
            try:
                services.template_upload(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                for message in getattr(exc, "errors", [exc.message]):
                    form.add_error(None, message)
            else:
                messages.success(request, "Đã thay mẫu văn bản.")
                return redirect("document-templates")
    uploads = DocumentTemplate.objects.select_related("uploaded_by")
    kinds = [(kind, label, next((u for u in uploads if u.kind == kind and u.active), None)) for kind, label in DocumentKind.choices]
    return render(request, "web/documents/templates.html", {"kinds": kinds, "uploads": uploads, "form": form, "can_manage": can_manage})


@registry_viewer_required
def template_download(request, kind: str):
    if kind not in DocumentKind.values:
        raise Http404
    return FileResponse(open(default_path(kind), "rb"), as_attachment=True, filename=f"mau-{kind}.docx")


@registry_viewer_required
def upload_download(request, pk: int):
    upload = get_object_or_404(DocumentTemplate, pk=pk)
    return FileResponse(upload.file.open("rb"), as_attachment=True, filename=f"mau-{upload.kind}-{upload.pk}.docx")


@login_required
@require_POST
def template_deactivate(request, pk: int):
    if not permissions.is_province_office(request.user):
        raise PermissionDenied(services.TEMPLATES_REFUSED)
    services.template_deactivate(actor=request.user, template=get_object_or_404(DocumentTemplate, pk=pk))
    messages.success(request, "Đã ngừng dùng mẫu; văn bản dùng lại mẫu trước đó hoặc mẫu mặc định.")
    return redirect("document-templates")
