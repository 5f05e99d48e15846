"""The decision (Quyết định) with its attached list, and the certificates, for one proposal."""

import io

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from thidua.awards.models import Decision, parameter_value
from thidua.core.dates import place_date
from thidua.core.numbers import format_points
from thidua.core.vntext import fold
from thidua.documents.render import docx_to_pdf, render_docx


def recipients(decision: Decision) -> list[dict]:
    """Approved items in the list's order: collectives by name, then people by tên, chữ đệm,
    họ, each in Vietnamese alphabetical order (the keys the registry already stores)."""
    items = list(
        decision.proposal.items.filter(approved=True).select_related("person__unit", "unit", "award")
    )
    collectives = sorted((i for i in items if i.unit_id), key=lambda i: (i.award.position, i.unit.sort_key))
    people = sorted((i for i in items if i.person_id), key=lambda i: (i.award.position, i.person.sort_key))
    rows = []
    for index, item in enumerate([*collectives, *people], start=1):
        if item.person_id:
            detail = ", ".join(part for part in (item.person.position, item.person.unit.name) if part)
            rows.append({"index": index, "name": ("Bà " if item.person.gender == "nu" else "Ông ") + item.person.full_name,
                         "detail": detail, "award": item.award.name, "kind": "individual", "item": item})
        else:
            rows.append({"index": index, "name": item.unit.name, "detail": "", "award": item.award.name,
                         "kind": "collective", "item": item})
    return rows


def decision_context(decision: Decision) -> dict:
    province = settings.THIDUA_PROVINCE_NAME
    rows = recipients(decision)
    collectives = sum(1 for r in rows if r["kind"] == "collective")
    people = len(rows) - collectives
    parts = [f"{collectives:02d} tập thể" if collectives else "", f"{people:02d} cá nhân" if people else ""]
    awards = sorted({r["award"] for r in rows})
    number = decision.number.split("/")[0]
    return {
        "issuer_parent": "ỦY BAN NHÂN DÂN",
        "issuer": f"TỈNH {province.upper()}",
        "number": number,
        "place_date": place_date(province, decision.date),
        "date_text": f"{decision.date:%d/%m/%Y}",
        "authority": f"Chủ tịch UBND tỉnh {province}",
        "authority_upper": f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {province.upper()}",
        "award_names": ", ".join(awards) if awards else "",
        "count_text": " và ".join(p for p in parts if p) or "0 cá nhân",
        "proposing_unit": decision.proposal.proposing_unit.name,
        "proposal_number": decision.proposal.number or "…",
        "year": decision.proposal.year,
        "base_salary": format_points(parameter_value("base_salary", decision.date) or 0),
        "signer": decision.signer,
        "signer_title": decision.signer_title,
        "recipients": [{k: r[k] for k in ("index", "name", "detail", "award")} for r in rows],
    }


def decision_file(decision: Decision, output: str = "docx") -> tuple[bytes, str]:
    docx = render_docx("quyet_dinh", decision_context(decision))
    name = f"quyet-dinh-{fold(decision.number).replace('/', '-').replace(' ', '')}"
    if output == "pdf":
        return docx_to_pdf(docx), f"{name}.pdf"
    return docx, f"{name}.docx"


CERTIFICATE_TITLES = {"BK_TINH": "BẰNG KHEN", "BK_TTG": "BẰNG KHEN", "GIAY_KHEN": "GIẤY KHEN"}


def certificates_pdf(decision: Decision) -> tuple[bytes, str]:
    """Every certificate of the decision, one landscape A4 page each, in the list's order."""
    province = settings.THIDUA_PROVINCE_NAME
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, margin, Mm(20))

    def line(text: str, size: int, bold=False, italic=False, space=6):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(space)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), "Times New Roman"

    rows = recipients(decision)
    for position, row in enumerate(rows):
        item = row["item"]
        line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 14, bold=True, space=0)
        line("Độc lập - Tự do - Hạnh phúc", 14, bold=True, space=18)
        line(f"CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {province.upper()}", 16, bold=True, space=12)
        line("TẶNG", 16, bold=True, space=6)
        line(CERTIFICATE_TITLES.get(item.award_id, item.award.name.upper()), 36, bold=True, space=18)
        line(row["name"], 26, bold=True, space=6)
        if row["detail"]:
            line(row["detail"], 16, space=6)
        line(f"Đã có thành tích xuất sắc trong năm {decision.proposal.year}", 16, italic=True, space=24)
        line(place_date(province, decision.date), 14, italic=True, space=0)
        line(f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}", 12, space=0)
        line(decision.signer_title, 14, bold=True, space=48)
        line(decision.signer, 14, bold=True, space=0)
        if position < len(rows) - 1:
            document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    name = f"bang-khen-{fold(decision.number).replace('/', '-').replace(' ', '')}.pdf"
    return docx_to_pdf(buffer.getvalue()), name
