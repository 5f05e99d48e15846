"""The NinjaAPI instance: routers, bearer authentication, error handlers, offline docs."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from thidua.api import awards, cycles, errors, organisations
from thidua.api.auth import TokenAuth


class OfflineSwagger(Swagger):
    """Swagger UI from the files django-ninja ships, never from a CDN: they are served as static
    files once "ninja" is in INSTALLED_APPS. Until then the page points to the schema instead."""

    def render_page(self, request, api, **kwargs):
        if "ninja" in settings.INSTALLED_APPS:
            return super().render_page(request, api, **kwargs)
        schema_url = escape(self.get_openapi_url(api, kwargs))
        return HttpResponse(
            "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>ThiĐua API</title></head>"
            f"<body><h1>ThiĐua API</h1><p>Lược đồ OpenAPI: <a href=\"{schema_url}\">{schema_url}</a>.</p>"
            "<p>Giao diện Swagger cần thêm \"ninja\" vào INSTALLED_APPS (tệp tĩnh đi kèm django-ninja, "
            "không tải từ CDN).</p></body></html>"
        )


class Utf8JSONRenderer(JSONRenderer):
    # Vietnamese stays readable in the body ("Sở Nội vụ", not "S\u1edf N\u1ed9i v\u1ee5").
    json_dumps_params = {"ensure_ascii": False}


DESCRIPTION = """API JSON của ThiĐua. Mọi yêu cầu (trừ lược đồ và trang tài liệu) cần tiêu đề
`Authorization: Bearer <mã>`; mã được cấp bằng lệnh `thidua api_token TÊN_ĐĂNG_NHẬP`.
Quyền giống hệt trên trang web. Lỗi luôn có dạng `{"detail": "…", "errors": ["…"]}`:
400 dữ liệu bị từ chối, 401 chưa xác thực, 403 không có quyền, 404 không tìm thấy,
409 xung đột (sai giai đoạn, điểm đã bị người khác sửa), 422 sai định dạng yêu cầu."""

api = NinjaAPI(
    title="ThiĐua API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Utf8JSONRenderer(),
)
errors.register(api)
api.add_router("", organisations.router)
api.add_router("", cycles.router)
api.add_router("", awards.router)
