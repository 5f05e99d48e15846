from django import forms
from django.core.validators import FileExtensionValidator

from thidua.organisations.models import Unit

from thidua.cycles.models import Aggregate, ClusterYear, CriterionKind, CrossScoringMode, Phase
from thidua.web.forms.base import DATE_INPUT, BootstrapMixin

TIE_BREAK_HELP = (
    "Mỗi dòng một tiêu chí phụ, theo thứ tự áp dụng: “group:MÃ_NHÓM” (điểm nhóm cao hơn), "
    "“fewer_penalty” (ít điểm trừ hơn), “more_bonus” (nhiều điểm thưởng hơn)."
)
QUOTA_HELP = "Mỗi dòng “MÃ_HÌNH_THỨC SỐ_LƯỢNG”, theo thứ tự xét từ hạng cao xuống, ví dụ “CO_TINH 1”, “BK_TINH 2”."


class ClusterYearCreateForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm thi đua", min_value=2000, max_value=2100)


class ClusterYearSettingsForm(BootstrapMixin, forms.ModelForm):
    tie_breaks_text = forms.CharField(
        label="Tiêu chí phụ khi bằng điểm", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=TIE_BREAK_HELP,
    )
    quotas_text = forms.CharField(
        label="Chỉ tiêu đề nghị khen thưởng", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=QUOTA_HELP,
    )

    class Meta:
        model = ClusterYear
        fields = [
            "aggregate", "cross_scoring", "vote_threshold_numerator", "vote_threshold_denominator",
            "vote_threshold_strict", "secret_ballots",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aggregate"].choices = Aggregate.choices
        self.fields["cross_scoring"].choices = CrossScoringMode.choices
        if self.instance.pk and not self.is_bound:
            self.initial["tie_breaks_text"] = "\n".join(self.instance.tie_breaks)
            self.initial["quotas_text"] = "\n".join(f"{q['form']} {q['count']}" for q in self.instance.quotas)

    def clean_tie_breaks_text(self):
        lines = [line.strip() for line in self.cleaned_data["tie_breaks_text"].splitlines() if line.strip()]
        for line in lines:
            if not (line in ("fewer_penalty", "more_bonus") or (line.startswith("group:") and len(line) > 6)):
                raise forms.ValidationError(f"“{line}” không phải tiêu chí phụ hợp lệ.")
        return lines

    def clean_quotas_text(self):
        quotas = []
        for number, line in enumerate(self.cleaned_data["quotas_text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or not parts[1].isdigit() or int(parts[1]) < 1:
                raise forms.ValidationError(f"Dòng {number}: “{line.strip()}” phải có dạng “MÃ SỐ_LƯỢNG”.")
            quotas.append({"form": parts[0].upper(), "count": int(parts[1])})
        return quotas

    def settings(self) -> dict:
        data = dict(self.cleaned_data)
        data["tie_breaks"] = data.pop("tie_breaks_text")
        data["quotas"] = data.pop("quotas_text")
        return data


class ScheduleForm(BootstrapMixin, forms.Form):
    phase = forms.ChoiceField(label="Giai đoạn", choices=Phase.choices)
    starts_on = forms.DateField(label="Bắt đầu", required=False, widget=DATE_INPUT)
    due_on = forms.DateField(label="Hạn", required=False, widget=DATE_INPUT)


class TableForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Tên bảng tiêu chí", max_length=255)
    units = forms.ModelMultipleChoiceField(
        label="Áp dụng riêng cho đơn vị", queryset=None, required=False,
        help_text="Để trống: bảng chung cho mọi thành viên chưa có bảng riêng.",
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units if units is not None else Unit.objects.none()


class AssignmentForm(BootstrapMixin, forms.Form):
    scorers_per_unit = forms.IntegerField(label="Số đơn vị chấm mỗi đơn vị", min_value=1, max_value=20, initial=2)


class TableImportForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Tên bảng tiêu chí", max_length=255)
    file = forms.FileField(label="Tệp Excel (.xlsx)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class TableCopyForm(BootstrapMixin, forms.Form):
    source = forms.ModelChoiceField(label="Sao chép từ bảng", queryset=None)

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources


class GroupForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="Mã nhóm", max_length=20)
    name = forms.CharField(label="Tên nhóm", max_length=500)
    position = forms.IntegerField(label="Thứ tự", min_value=0, initial=0)


class CriterionForm(BootstrapMixin, forms.Form):
    group = forms.ModelChoiceField(label="Nhóm", queryset=None)
    code = forms.CharField(label="Mã", max_length=20)
    text = forms.CharField(label="Nội dung tiêu chí", widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(label="Loại", choices=CriterionKind.choices)
    max_points = forms.DecimalField(label="Điểm tối đa", min_value=0.01, max_digits=7, decimal_places=2)
    guidance = forms.CharField(label="Hướng dẫn chấm", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence_required = forms.BooleanField(label="Bắt buộc minh chứng", required=False)
    position = forms.IntegerField(label="Thứ tự", min_value=0, initial=0)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class RegistrationForm(BootstrapMixin, forms.Form):
    titles = forms.MultipleChoiceField(
        label="Danh hiệu, hình thức đăng ký", required=False, widget=forms.CheckboxSelectMultiple,
        choices=[
            ("TTLDXS", "Tập thể lao động xuất sắc"),
            ("TTLDTT", "Tập thể lao động tiên tiến"),
            ("CO_TINH", "Cờ thi đua của UBND tỉnh"),
            ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh"),
            ("CO_CP", "Cờ thi đua của Chính phủ"),
        ],
    )
    targets = forms.CharField(label="Chỉ tiêu, nội dung đăng ký", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    submit = forms.BooleanField(label="Gửi bản đăng ký cho Trưởng cụm", required=False)


class PactForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=255, initial="Giao ước thi đua")
    text = forms.CharField(label="Nội dung giao ước", widget=forms.Textarea(attrs={"rows": 8}))
    targets = forms.CharField(label="Các chỉ tiêu chung", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    signed_at_place = forms.CharField(label="Địa điểm ký", required=False, max_length=255)


class PactSignForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None)
    signer_name = forms.CharField(label="Người ký (Thủ trưởng)", max_length=150)
    signer_position = forms.CharField(label="Chức vụ", max_length=150, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "odt", "ods", "zip"]
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label="Tệp minh chứng", validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text="PDF, ảnh, Word, Excel hoặc ZIP; tối đa 20 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > EVIDENCE_MAX_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 20 MB.")
        return upload

    description = forms.CharField(label="Mô tả", required=False, max_length=255)


class ResponseForm(BootstrapMixin, forms.Form):
    response = forms.CharField(label="Giải trình", widget=forms.Textarea(attrs={"rows": 3}))


class ConferenceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        from thidua.cycles.models import Conference

        model = Conference
        fields = [
            "held_on", "starts_at", "ended_at", "host", "place", "chair", "secretary", "guests", "agenda",
            "achievements", "limitations", "measures", "conclusions", "minutes_number", "proposal_number",
            "report_number",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "starts_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "08:00"}),
            "ended_at": forms.TimeInput(format="%H:%M", attrs={"placeholder": "11:30"}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ["guests", "agenda", "achievements", "limitations", "measures", "conclusions"]},
        }

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["host"].queryset = units


class AttendeeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="Họ và tên", max_length=150)
    position = forms.CharField(label="Chức vụ", max_length=150, required=False)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DocumentTemplateForm(BootstrapMixin, forms.Form):
    from thidua.documents.models import DocumentKind

    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    file = forms.FileField(label="Tệp mẫu (.docx)", validators=[FileExtensionValidator(["docx"])])
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
