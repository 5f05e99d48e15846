from django import forms
from django.db.models import Q

from thidua.awards.models import AwardCategory, AwardKind, CommendationType
from thidua.movements import services
from thidua.movements.models import Campaign, Movement, UnitResponse
from thidua.web.forms.base import DATE_INPUT, BootstrapMixin

DOCUMENT_ACCEPT = ".pdf,.doc,.docx,.odt,.jpg,.jpeg,.png,.zip"


class DocumentField(forms.FileField):
    """An uploaded document: the service checks its type and content; the size is refused early."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", services.DOCUMENT_HELP)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and getattr(upload, "size", 0) > services.DOCUMENT_MAX_BYTES:
            raise forms.ValidationError("tệp lớn hơn 20 MB.")
        return upload


def _forms_only():
    return AwardKind.objects.filter(Q(category=AwardCategory.FORM) | Q(code__in=services.MOVEMENT_TITLES))


class MovementForm(BootstrapMixin, forms.ModelForm):
    plan_file = DocumentField(label="Tệp kế hoạch", required=False)

    class Meta:
        model = Movement
        fields = [
            "name", "kind", "plan_number", "plan_date", "plan_signer", "plan_file", "starts_on", "ends_on",
            "criteria", "target_units", "allowed_forms", "answer_deadline", "mid_review_on", "mid_report_deadline",
            "final_review_on", "final_report_deadline",
        ]
        widgets = {
            "criteria": forms.Textarea(attrs={"rows": 5}),
            "target_units": forms.SelectMultiple(attrs={"size": 10}),
            "allowed_forms": forms.CheckboxSelectMultiple,
            **{name: DATE_INPUT for name in (
                "plan_date", "starts_on", "ends_on", "answer_deadline", "mid_review_on", "mid_report_deadline",
                "final_review_on", "final_report_deadline",
            )},
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_units"].queryset = units
        self.fields["target_units"].help_text = "Giữ Ctrl (⌘ trên Mac) để chọn nhiều đơn vị."
        self.fields["allowed_forms"].queryset = _forms_only()
        for name in ("plan_date", "starts_on", "ends_on", "answer_deadline", "mid_review_on", "mid_report_deadline",
                     "final_review_on", "final_report_deadline"):
            self.fields[name].widget = DATE_INPUT
        if self.instance.pk and self.instance.state != "draft":
            for name in ("target_units", "allowed_forms"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Phong trào đã phát động: không đổi được."

    def movement_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if not data["plan_file"]:
            data.pop("plan_file")
        data["target_units"] = list(data["target_units"])
        data["allowed_forms"] = list(data["allowed_forms"])
        return data

    def _post_clean(self):
        # The service validates and saves; the ModelForm must not touch the instance.
        pass


class ResponseForm(BootstrapMixin, forms.ModelForm):
    file = DocumentField(label="Tệp văn bản", required=False)

    class Meta:
        model = UnitResponse
        fields = ["number", "issued_on", "signer", "file", "content"]
        widgets = {"issued_on": DATE_INPUT, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].widget = DATE_INPUT

    def response_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if not data["file"]:
            data.pop("file")
        return data

    def _post_clean(self):
        pass


class CampaignForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "movement", "organiser", "starts_on", "ends_on", "description", "allowed_forms"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "allowed_forms": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, movements, organisers, province_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movement"].queryset = movements
        self.fields["movement"].empty_label = "— Đợt thi đua độc lập —"
        self.fields["organiser"].queryset = organisers
        self.fields["organiser"].required = not province_allowed
        self.fields["organiser"].empty_label = "— UBND tỉnh (Phòng TĐKT ghi nhận) —" if province_allowed else None
        self.fields["allowed_forms"].queryset = _forms_only()
        self.fields["allowed_forms"].help_text = (
            "Đợt của đơn vị: Giấy khen; đợt của tỉnh: Bằng khen, Cờ thi đua của UBND tỉnh; "
            "trong phạm vi phong trào cho phép."
        )
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget = DATE_INPUT

    def campaign_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["allowed_forms"] = list(data["allowed_forms"])
        return data

    def _post_clean(self):
        pass


class CommendationForm(BootstrapMixin, forms.Form):
    award = forms.ModelChoiceField(label="Hình thức khen thưởng", queryset=AwardKind.objects.none())
    commendation_type = forms.ChoiceField(
        label="Loại hình khen thưởng",
        choices=[(CommendationType.MOVEMENT, CommendationType.MOVEMENT.label), (CommendationType.SUDDEN, CommendationType.SUDDEN.label)],
    )
    decision_number = forms.CharField(label="Số quyết định", max_length=50)
    decision_date = forms.DateField(label="Ngày quyết định", widget=DATE_INPUT)
    signer = forms.CharField(label="Người ký", max_length=150)
    units = forms.ModelMultipleChoiceField(
        label="Tập thể", required=False, queryset=None, widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    people = forms.ModelMultipleChoiceField(
        label="Cá nhân", required=False, queryset=None, widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Giữ Ctrl (⌘ trên Mac) để chọn nhiều người.",
    )

    def __init__(self, *args, forms_allowed, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = forms_allowed
        self.fields["units"].queryset = units
        self.fields["people"].queryset = people
        self.fields["people"].label_from_instance = lambda p: f"{p.full_name} – {p.unit.name}"

    def clean(self):
        data = super().clean()
        if not data.get("units") and not data.get("people"):
            raise forms.ValidationError("Đối tượng: chọn ít nhất một cá nhân hoặc tập thể.")
        return data
