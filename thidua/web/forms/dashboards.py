from django import forms

from thidua.dashboards.selectors import Filters
from thidua.organisations.models import Cluster

YEAR_WIDGET = {"min": 1990, "max": 2100, "inputmode": "numeric"}


class DashboardFilterForm(forms.Form):
    """Year range (and, on the province dashboard, a cluster): GET parameters, all optional."""

    year_from = forms.IntegerField(label="Từ năm", required=False, min_value=1990, max_value=2100,
                                   widget=forms.NumberInput(attrs={**YEAR_WIDGET, "class": "form-control form-control-sm"}))
    year_to = forms.IntegerField(label="Đến năm", required=False, min_value=1990, max_value=2100,
                                 widget=forms.NumberInput(attrs={**YEAR_WIDGET, "class": "form-control form-control-sm"}))
    cluster = forms.ModelChoiceField(label="Cụm, khối", required=False, queryset=Cluster.objects.none(),
                                     empty_label="Toàn tỉnh",
                                     widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, with_cluster: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if with_cluster:
            self.fields["cluster"].queryset = Cluster.objects.order_by("code")
        else:
            del self.fields["cluster"]

    def clean(self):
        data = super().clean()
        if data.get("year_from") and data.get("year_to") and data["year_from"] > data["year_to"]:
            self.add_error("year_to", "Năm kết thúc phải sau năm bắt đầu.")
        return data

    def filters(self, cluster=None) -> Filters:
        """The filters the form holds; an invalid form filters nothing (its errors are shown)."""
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(data.get("year_from"), data.get("year_to"), cluster or data.get("cluster"))
