"""Replacing the built-in DOCX templates with the province's own."""

import io

from django.db import transaction
from docxtpl import DocxTemplate

from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.services import save_audited
from thidua.documents.models import DocumentTemplate
from thidua.organisations import permissions

TEMPLATES_REFUSED = "Chỉ Phòng TĐKT được thay mẫu văn bản."


@transaction.atomic
def template_upload(*, actor, kind: str, file, note: str = "") -> DocumentTemplate:
    if not permissions.is_province_office(actor):
        raise Forbidden(TEMPLATES_REFUSED)
    data = file.read()
    try:
        DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables()
    except Exception as exc:  # noqa: BLE001 - a bad file fails in zipfile, lxml or jinja
        raise ValidationFailed([f"Tệp mẫu: không đọc được tệp Word hoặc trường trộn bị lỗi ({exc})."]) from exc
    file.seek(0)
    template = DocumentTemplate(kind=kind, file=file, note=note, uploaded_by=actor)
    save_audited(template, actor=actor)
    return template


@transaction.atomic
def template_deactivate(*, actor, template: DocumentTemplate) -> DocumentTemplate:
    if not permissions.is_province_office(actor):
        raise Forbidden(TEMPLATES_REFUSED)
    template.active = False
    save_audited(template, actor=actor)
    return template
