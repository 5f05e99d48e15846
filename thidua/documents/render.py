"""DOCX from a docxtpl template (the officer's upload, else the built-in one), and PDF from DOCX
through LibreOffice in headless mode."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from docxtpl import DocxTemplate

from thidua.core.errors import DomainError
from thidua.documents.defaults import default_path
from thidua.documents.models import DocumentTemplate

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"


class DocumentError(DomainError):
    """A document could not be produced; the message says why, in Vietnamese."""


def template_source(kind: str):
    upload = DocumentTemplate.objects.filter(kind=kind, active=True).order_by("-created_at", "-id").first()
    if upload is not None:
        return upload.file.open("rb")
    return open(default_path(kind), "rb")


def render_docx(kind: str, context: dict) -> bytes:
    with template_source(kind) as source:
        template = DocxTemplate(io.BytesIO(source.read()))
    try:
        template.render(context, autoescape=True)
    except Exception as exc:  # noqa: BLE001 - jinja raises many types for a broken template
        raise DocumentError(
            f"Mẫu văn bản “{kind}” có lỗi trường trộn ({exc}). Hãy sửa mẫu hoặc dùng lại mẫu mặc định."
        ) from exc
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def soffice_path() -> str | None:
    return shutil.which(getattr(settings, "THIDUA_SOFFICE", "soffice")) or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: int = 120) -> bytes:
    """Convert with LibreOffice; each call gets its own profile directory, since parallel runs
    sharing one silently produce no PDF."""
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError("Máy chủ chưa cài LibreOffice (gói libreoffice-writer-nogui) nên chưa tạo được PDF.")
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        command = [
            soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{folder / 'profile'}",
            "--convert-to", "pdf", "--outdir", str(folder), str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise DocumentError("LibreOffice không chuyển được văn bản sang PDF.") from exc
        output = folder / "document.pdf"
        if not output.exists():
            raise DocumentError("LibreOffice không tạo ra tệp PDF.")
        return output.read_bytes()
