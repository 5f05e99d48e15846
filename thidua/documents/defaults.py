"""The built-in DOCX templates, laid out as Decree 30/2020 prescribes, written with python-docx.

They are generated into `defaults/` (committed) by `thidua document_templates --rebuild`, so an
officer can download one, adjust it in Word (keeping the {{ … }} fields) and upload it back.
Layout: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 13-14 pt;
the issuing body top left, Quốc hiệu and Tiêu ngữ top right, number line and place/date line
under them, then the title, the body and the signature block.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"
FONT = "Times New Roman"


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    return document


def _paragraph(cell_or_doc, text: str = "", *, bold=False, italic=False, size=14, align=None, space_after=6):
    paragraph = cell_or_doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
    return paragraph


def _header(document, number_code: str) -> None:
    """Issuing body | Quốc hiệu, Tiêu ngữ; number | place and date (Decree 30/2020, Appendix I)."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(60), Mm(105))
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _set(left.paragraphs[0], "{{ issuer_parent }}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "{{ issuer }}", bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    # 12 pt keeps the Quốc hiệu on one line in the 105 mm column, as the decree wants.
    _set(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    number, place = table.rows[1].cells
    _set(number.paragraphs[0], "Số: {{ number }}/" + number_code, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _set(place.paragraphs[0], "{{ place_date }}", italic=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def _set(paragraph, text, *, bold=False, italic=False, size=14, align=None):
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT


def _title(document, title: str, subtitle: str) -> None:
    _paragraph(document, "", space_after=0)
    _paragraph(document, title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, subtitle, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def _results_table(document, headers, cells) -> None:
    table = document.add_table(rows=3, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers):
        _set(cell.paragraphs[0], header, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    first = table.rows[1].cells
    _set(first[0].paragraphs[0], "{%tr for row in " + cells[0] + " %}", size=13)
    values = table.rows[2].cells
    for cell, expression in zip(values, cells[1:]):
        _set(cell.paragraphs[0], "{{ " + expression + " }}", size=13)
    closing = table.add_row().cells
    _set(closing[0].paragraphs[0], "{%tr endfor %}", size=13)


def _signature(document, left_title: str, left_name: str, right_title: str, right_name: str) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if left_title == "Nơi nhận:":
        # Decree 30: "Nơi nhận:" bold italic 12 pt at the top left, the list in 11 pt.
        _set(left.paragraphs[0], left_title, bold=True, italic=True, size=12)
        _paragraph(left, left_name, size=11, space_after=0)
    else:
        _set(left.paragraphs[0], left_title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
        _paragraph(left, "", space_after=48)
        _paragraph(left, left_name, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _set(right.paragraphs[0], right_title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "", space_after=48)
    _paragraph(right, right_name, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)


def _body(document, text: str) -> None:
    paragraph = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.first_line_indent = Mm(10)


def minutes() -> Document:
    document = _document()
    _header(document, "BB-{{ code_suffix }}")
    _title(document, "BIÊN BẢN", "Hội nghị tổng kết công tác thi đua, khen thưởng năm {{ year }} của {{ cluster_name }}")
    _body(document, "Thời gian: {{ time_text }}.")
    _body(document, "Địa điểm: {{ place }}.")
    _body(document, "Chủ trì: {{ chair }}. Thư ký: {{ secretary }}.")
    _body(document, "Thành phần tham dự:")
    _paragraph(document, "{%p for a in attendees %}")
    _body(document, "- {{ a.name }}{% if a.position %}, {{ a.position }}{% endif %}{% if a.unit %} – {{ a.unit }}{% endif %};")
    _paragraph(document, "{%p endfor %}")
    _paragraph(document, "{%p if guests %}")
    _body(document, "Đại biểu mời: {{ guests }}.")
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "NỘI DUNG HỘI NGHỊ", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(document, "1. Kết quả thực hiện phong trào thi đua năm {{ year }}: {{ achievements }}")
    _body(document, "2. Hạn chế: {{ limitations }}")
    _body(document, "3. Giải pháp, phương hướng năm {{ next_year }}: {{ measures }}")
    _body(document, "4. Kết quả chấm điểm, xếp hạng thi đua năm {{ year }}:")
    _results_table(document, ["Hạng", "Đơn vị", "Tổng điểm"], ["ranking", "row.rank", "row.unit", "row.total"])
    _body(document, "5. Kết quả biểu quyết đề nghị khen thưởng:")
    _paragraph(document, "{%p for v in votes %}")
    _body(document, "- {{ v.question }}: {{ v.outcome }}")
    _paragraph(document, "{%p endfor %}")
    _body(document, "6. Bầu Trưởng cụm, Phó trưởng cụm năm {{ next_year }}: Trưởng cụm: {{ next_leader }}; Phó trưởng cụm: {{ next_vice }}.")
    _body(document, "7. Kết luận: {{ conclusions }}")
    _body(document, "Hội nghị kết thúc lúc {{ ended_text }} cùng ngày. Biên bản đã được thông qua trước hội nghị.")
    _signature(document, "THƯ KÝ", "{{ secretary }}", "CHỦ TRÌ", "{{ chair }}")
    return document


def proposal() -> Document:
    document = _document()
    _header(document, "TTr-{{ code_suffix }}")
    _title(document, "TỜ TRÌNH", "Về việc đề nghị khen thưởng thành tích thi đua năm {{ year }} của {{ cluster_name }}")
    _paragraph(document, "Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh {{ province }} (qua Sở Nội vụ).", align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(document, "Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành; căn cứ kết quả chấm điểm, xếp hạng và biên bản hội nghị tổng kết công tác thi đua, khen thưởng năm {{ year }} của {{ cluster_name }} ngày {{ conference_date }};")
    _body(document, "{{ cluster_name }} đề nghị Chủ tịch UBND tỉnh xem xét, khen thưởng cho các tập thể có thành tích xuất sắc năm {{ year }}, cụ thể:")
    _results_table(document, ["STT", "Tên đơn vị", "Hình thức khen thưởng", "Tổng điểm", "Xếp hạng"],
                   ["proposals", "row.index", "row.unit", "row.form", "row.total", "row.rank"])
    _body(document, "(Có biên bản hội nghị và báo cáo thành tích của các đơn vị kèm theo.)")
    _body(document, "Kính đề nghị Hội đồng Thi đua – Khen thưởng tỉnh xem xét, trình Chủ tịch UBND tỉnh quyết định./.")
    _signature(document, "Nơi nhận:", "- Như trên;\n- Các đơn vị trong cụm;\n- Lưu: VT.", "TRƯỞNG CỤM", "{{ leader_signer }}")
    return document


def report() -> Document:
    document = _document()
    _header(document, "BC-{{ code_suffix }}")
    _title(document, "BÁO CÁO", "Tổng kết công tác thi đua, khen thưởng năm {{ year }} của {{ cluster_name }}")
    _paragraph(document, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _body(document, "{{ achievements }}")
    _body(document, "Kết quả chấm điểm, xếp hạng:")
    _results_table(document, ["Hạng", "Đơn vị", "Tổng điểm"], ["ranking", "row.rank", "row.unit", "row.total"])
    _paragraph(document, "II. HẠN CHẾ", bold=True)
    _body(document, "{{ limitations }}")
    _paragraph(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ next_year }}", bold=True)
    _body(document, "{{ measures }}")
    _signature(document, "Nơi nhận:", "- Sở Nội vụ;\n- Các đơn vị trong cụm;\n- Lưu: VT.", "TRƯỞNG CỤM", "{{ leader_signer }}")
    return document


def pact() -> Document:
    document = _document()
    _header(document, "GƯ-{{ code_suffix }}")
    _title(document, "{{ title_upper }}", "{{ cluster_name }}")
    _body(document, "{{ text }}")
    _paragraph(document, "{%p if targets %}")
    _body(document, "Các chỉ tiêu chung: {{ targets }}")
    _paragraph(document, "{%p endif %}")
    _body(document, "Giao ước được ký tại {{ signed_place }} bởi thủ trưởng các đơn vị thành viên:")
    _results_table(document, ["STT", "Đơn vị", "Người ký", "Chức vụ", "Ngày ký"],
                   ["signatures", "row.index", "row.unit", "row.name", "row.position", "row.date"])
    return document


def decision() -> Document:
    document = _document()
    _header(document, "QĐ-UBND")
    _title(document, "QUYẾT ĐỊNH", "Về việc tặng {{ award_names }}")
    _paragraph(document, "{{ authority_upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(document, "Căn cứ Luật Tổ chức chính quyền địa phương; căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022 và các văn bản hướng dẫn thi hành;")
    _body(document, "Xét đề nghị của {{ proposing_unit }} tại Tờ trình số {{ proposal_number }} và ý kiến thẩm định của Sở Nội vụ,")
    _paragraph(document, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(document, "Điều 1. Tặng {{ award_names }} cho {{ count_text }} đã có thành tích xuất sắc năm {{ year }} (có danh sách kèm theo).")
    _body(document, "Điều 2. Tiền thưởng thực hiện theo quy định hiện hành (mức lương cơ sở {{ base_salary }} đồng).")
    _body(document, "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    _signature(document, "Nơi nhận:", "- Như Điều 3;\n- Lưu: VT, SNV.", "{{ signer_title }}", "{{ signer }}")
    document.add_page_break()
    _paragraph(document, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, "Tập thể, cá nhân được tặng {{ award_names }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(document, "(Kèm theo Quyết định số {{ number }}/QĐ-UBND ngày {{ date_text }} của {{ authority }})", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _results_table(document, ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức"],
                   ["recipients", "row.index", "row.name", "row.detail", "row.award"])
    return document


BUILDERS = {"bien_ban": minutes, "to_trinh": proposal, "bao_cao": report, "giao_uoc": pact, "quyet_dinh": decision}


def default_path(kind: str) -> Path:
    return DEFAULTS_DIR / f"{kind}.docx"


def rebuild() -> list[Path]:
    DEFAULTS_DIR.mkdir(exist_ok=True)
    paths = []
    for kind, build in BUILDERS.items():
        path = default_path(kind)
        build().save(path)
        paths.append(path)
    return paths
