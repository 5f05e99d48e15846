from django import forms

from thidua.organisations.models import (
    Cluster,
    ClusterRole,
    Person,
    Unit,
    UnitKind,
)
from thidua.web.forms.base import DATE_INPUT, BootstrapMixin


class UnitSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False)
    kind = forms.ChoiceField(
        label="Loại hình", required=False, choices=[("", "Tất cả loại hình"), *UnitKind.choices]
    )
    include_inactive = forms.BooleanField(label="Gồm cả đơn vị đã giải thể, sáp nhập", required=False)


class UnitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to", "successor", "note"]
        widgets = {
            "valid_from": DATE_INPUT,
            "valid_to": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Unit.objects.exclude(pk=self.instance.pk) if self.instance.pk else Unit.objects.all()
        self.fields["parent"].queryset = others
        self.fields["successor"].queryset = others


class UnitProfileForm(BootstrapMixin, forms.ModelForm):
    """What a unit's own officer may change."""

    class Meta:
        model = Unit
        fields = ["short_name", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class ClusterForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["code", "name", "kind", "managing_body", "established_on", "dissolved_on", "note"]
        widgets = {
            "established_on": DATE_INPUT,
            "dissolved_on": DATE_INPUT,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class MembershipForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.all())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    role = forms.ChoiceField(label="Vai trò", choices=ClusterRole.choices, initial=ClusterRole.MEMBER)
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)


class PersonSearchForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False)
    unit = forms.ModelChoiceField(
        label="Đơn vị", required=False, queryset=Unit.objects.all(), empty_label="Tất cả đơn vị"
    )


class PersonForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["ho", "chu_dem", "ten", "gender", "date_of_birth", "personal_id", "email", "phone"]
        widgets = {"date_of_birth": DATE_INPUT}


class PersonCreateForm(PersonForm):
    unit = forms.ModelChoiceField(label="Đơn vị công tác", queryset=Unit.objects.all())
    position = forms.CharField(label="Chức vụ", required=False, max_length=150)
    start_date = forms.DateField(label="Bắt đầu công tác từ ngày", required=False, widget=DATE_INPUT)

    def __init__(self, *args, unit_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit_queryset is not None:
            self.fields["unit"].queryset = unit_queryset


class PersonMoveForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.all())
    position = forms.CharField(label="Chức vụ", max_length=150)
    start_date = forms.DateField(label="Từ ngày", widget=DATE_INPUT)
    note = forms.CharField(label="Ghi chú (số quyết định…)", required=False, max_length=255)
