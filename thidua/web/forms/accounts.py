from django import forms
from django.contrib.auth import get_user_model

from thidua.organisations.models import Cluster, Role, Unit
from thidua.web.forms.base import BootstrapMixin


class AccountForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    password = forms.CharField(
        label="Mật khẩu ban đầu",
        widget=forms.PasswordInput(render_value=False),
        help_text="Ít nhất 10 ký tự, không toàn số; người dùng nên đổi sau lần đăng nhập đầu.",
    )


class GrantForm(BootstrapMixin, forms.Form):
    user = forms.ModelChoiceField(
        label="Tài khoản", queryset=get_user_model().objects.filter(is_active=True).order_by("username")
    )
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.all(), required=False)
    cluster = forms.ModelChoiceField(label="Cụm, khối", queryset=Cluster.objects.all(), required=False)
    year = forms.IntegerField(
        label="Năm", min_value=2000, max_value=2100, required=False,
        help_text="Để trống: áp dụng cho mọi năm.",
    )


class GrantFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label="Tìm tài khoản", required=False)
    role = forms.ChoiceField(label="Vai trò", choices=[("", "Mọi vai trò"), *Role.choices], required=False)


class OtpCodeForm(BootstrapMixin, forms.Form):
    """The 6-digit code of an authenticator app (spaces are ignored)."""

    code = forms.CharField(
        label="Mã xác thực (6 chữ số)", max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TwoFactorRemoveForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label="Mã xác thực hiện tại", max_length=12, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label="hoặc mật khẩu", required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("password"):
            raise forms.ValidationError("Nhập mã xác thực hiện tại hoặc mật khẩu để tắt xác thực hai bước.")
        return data
