from django import forms

from thidua.news import images
from thidua.news.models import Article
from thidua.web.forms.base import BootstrapMixin

BODY_HELP = (
    "Gõ văn bản thường (mỗi đoạn cách nhau một dòng trống), hoặc HTML với các thẻ: p, br, strong, em, "
    "ul, ol, li, a, h2–h4, blockquote, figure, figcaption, img (chỉ ảnh đã tải lên tin). "
    "Mọi thẻ, thuộc tính khác (script, style, on…) bị loại bỏ khi lưu."
)
PHOTO_HELP = (
    f"Ảnh JPEG, PNG hoặc WebP, tối đa {images.MAX_BYTES // (1024 * 1024)} MB. Ảnh được thu về tối đa "
    f"{images.WEB_SIZE} px và xoá thông tin EXIF (vị trí GPS, thiết bị chụp) trước khi lưu."
)


class ArticleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "summary", "unit", "cluster_year", "body"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
        }

    def __init__(self, *args, units, cluster_years, province_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = not province_allowed
        self.fields["unit"].empty_label = "— Tin của tỉnh (không thuộc đơn vị) —" if province_allowed else None
        if not province_allowed:
            self.fields["unit"].help_text = "Tin thuộc đơn vị mà bạn là cán bộ thi đua."
        self.fields["cluster_year"].queryset = cluster_years
        self.fields["cluster_year"].empty_label = "— Không gắn —"
        self.fields["cluster_year"].required = False
        self.fields["body"].help_text = BODY_HELP

    def article_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PhotoForm(BootstrapMixin, forms.Form):
    image = forms.FileField(
        label="Ảnh", help_text=PHOTO_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label="Chú thích", max_length=500, required=False)
    cover = forms.BooleanField(label="Dùng làm ảnh bìa", required=False)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > images.MAX_BYTES:
            raise forms.ValidationError(f"Ảnh: tệp quá lớn ({upload.size / 1024 / 1024:.1f} MB); chỉ nhận ảnh tối đa 10 MB.")
        return upload


class CaptionForm(BootstrapMixin, forms.Form):
    caption = forms.CharField(label="Chú thích", max_length=500, required=False)
