from django import forms
from django.core.validators import FileExtensionValidator

from thidua.awards.models import AwardKind, CommendationType, InitiativeScope, ParameterKey, Rating, SubjectKind
from thidua.organisations.models import DisciplineForm as DisciplineKind
from thidua.organisations.models import Unit
from thidua.web.forms.base import DATE_INPUT, BootstrapMixin


class AwardAddForm(BootstrapMixin, forms.Form):
    award = forms.ModelChoiceField(label="Danh hiệu, hình thức", queryset=AwardKind.objects.all())
    year = forms.IntegerField(label="Năm thành tích", min_value=1945, max_value=2100)
    decision_number = forms.CharField(label="Số quyết định", max_length=50)
    decision_date = forms.DateField(label="Ngày quyết định", widget=DATE_INPUT)
    signer = forms.CharField(label="Người ký", max_length=150, required=False)
    commendation_type = forms.ChoiceField(
        label="Loại hình khen thưởng", choices=CommendationType.choices, initial=CommendationType.REGULAR, required=False,
        help_text="Khen đột xuất, theo chuyên đề không được tính làm căn cứ cho khen thưởng theo công trạng.",
    )

    def clean_commendation_type(self):
        return self.cleaned_data["commendation_type"] or CommendationType.REGULAR
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args, kind: str = "individual", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = AwardKind.objects.filter(applies_to__in=[kind, "both"])


class RatingForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=1945, max_value=2100)
    rating = forms.ChoiceField(label="Xếp loại", choices=Rating.choices)


class CollectiveRatingForm(RatingForm):
    members_total = forms.IntegerField(label="Tổng số thành viên", min_value=0, required=False)
    members_completed = forms.IntegerField(label="Số hoàn thành nhiệm vụ", min_value=0, required=False)
    members_ldtt = forms.IntegerField(label="Số đạt LĐTT", min_value=0, required=False)
    members_cstdcs = forms.IntegerField(label="Số đạt CSTĐCS", min_value=0, required=False)
    members_disciplined = forms.IntegerField(label="Số bị kỷ luật", min_value=0, required=False)

    def clean(self):
        data = super().clean()
        total = data.get("members_total")
        for name in ["members_completed", "members_ldtt", "members_cstdcs", "members_disciplined"]:
            value = data.get(name)
            if value is not None and total is not None and value > total:
                self.add_error(name, f"Không được lớn hơn tổng số thành viên ({total}).")
        return data


class InitiativeForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm công nhận", min_value=1945, max_value=2100)
    title = forms.CharField(label="Tên sáng kiến, đề tài", max_length=500)
    scope = forms.ChoiceField(label="Phạm vi ảnh hưởng", choices=InitiativeScope.choices)
    recognised_by = forms.CharField(label="Cơ quan công nhận", max_length=255, required=False)
    decision_number = forms.CharField(label="Số quyết định công nhận", max_length=50, required=False)


class DisciplineAddForm(BootstrapMixin, forms.Form):
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=DisciplineKind.choices)
    starts_on = forms.DateField(label="Từ ngày", widget=DATE_INPUT)
    ends_on = forms.DateField(label="Đến ngày", widget=DATE_INPUT, required=False)
    decision_number = forms.CharField(label="Số quyết định", max_length=50, required=False)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


VERDICTS = [("", "Mọi kết quả"), ("eligible", "Đủ điều kiện"), ("review", "Cần Hội đồng xem xét"), ("not", "Chưa đủ điều kiện")]


class EligibilityFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label="Năm xét", min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Toàn tỉnh")
    candidate = forms.ModelChoiceField(label="Danh hiệu, hình thức", queryset=AwardKind.objects.all(), required=False, empty_label="Tất cả")
    verdict = forms.ChoiceField(label="Kết quả", choices=VERDICTS, required=False)
    kind = forms.ChoiceField(label="Đối tượng", choices=[("", "Cá nhân và tập thể"), ("individual", "Cá nhân"), ("collective", "Tập thể")], required=False)

    def __init__(self, *args, units=None, allow_province=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if not allow_province:
            self.fields["unit"].required = True
            self.fields["unit"].empty_label = None


class ParameterForm(BootstrapMixin, forms.Form):
    key = forms.ChoiceField(label="Tham số", choices=ParameterKey.choices)
    award = forms.ModelChoiceField(label="Danh hiệu, hình thức", queryset=AwardKind.objects.all(), required=False)
    subject_kind = forms.ChoiceField(label="Đối tượng", choices=[("", "—"), *SubjectKind.choices[:2]], required=False)
    value = forms.DecimalField(label="Giá trị", max_digits=14, decimal_places=2, min_value=0)
    effective_from = forms.DateField(label="Hiệu lực từ ngày", widget=DATE_INPUT)
    legal_basis = forms.CharField(label="Căn cứ", max_length=255, required=False)


class ProposalCreateForm(BootstrapMixin, forms.Form):
    proposing_unit = forms.ModelChoiceField(label="Đơn vị trình", queryset=Unit.objects.none())
    year = forms.IntegerField(label="Năm thành tích", min_value=2000, max_value=2100)
    title = forms.CharField(label="Trích yếu", max_length=500)
    number = forms.CharField(label="Số tờ trình", max_length=50, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposing_unit"].queryset = units


class ItemAddForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label="Cá nhân", queryset=None, required=False)
    unit = forms.ModelChoiceField(label="hoặc tập thể", queryset=None, required=False)
    award = forms.ModelChoiceField(label="Danh hiệu, hình thức", queryset=AwardKind.objects.all())
    initiatives = forms.ModelMultipleChoiceField(label="Sáng kiến sử dụng", queryset=None, required=False)
    override_reason = forms.CharField(
        label="Lý do đề nghị nếu chưa đủ điều kiện", required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, people=None, units=None, initiatives=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["unit"].queryset = units
        self.fields["initiatives"].queryset = initiatives

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("unit")):
            raise forms.ValidationError("Chọn một cá nhân hoặc một tập thể.")
        return data


class AttachmentForm(BootstrapMixin, forms.Form):
    from thidua.awards.models import AttachmentKind

    kind = forms.ChoiceField(label="Loại tài liệu", choices=AttachmentKind.choices)
    file = forms.FileField(label="Tệp", validators=[FileExtensionValidator(["pdf", "doc", "docx", "jpg", "png"])])
    description = forms.CharField(label="Mô tả", max_length=255, required=False)


class DecisionForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label="Số quyết định", max_length=50, initial="/QĐ-UBND")
    date = forms.DateField(label="Ngày quyết định", widget=DATE_INPUT)
    signer = forms.CharField(label="Người ký", max_length=150)
    signer_title = forms.CharField(label="Chức vụ ký", max_length=150, initial="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH")
