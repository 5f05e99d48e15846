"""One error body for the whole API, in Vietnamese: `{"detail": "…", "errors": ["…"]}`.

`detail` is one sentence for a person; `errors` lists every problem (each naming its field when
there is one). The domain's errors map to statuses the same way everywhere:

    ValidationFailed 400 · no or bad token 401 · Forbidden 403 · NotFound 404 ·
    InvalidTransition, version conflicts and a year that cannot be ranked yet 409 ·
    request not matching the schema 422
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from thidua.core.errors import DomainError, InvalidTransition, NotFound, ValidationFailed, VersionConflict
from thidua.rules.ranking import RankingInputError

logger = logging.getLogger(__name__)

UNAUTHENTICATED = (
    "Chưa xác thực: hãy gửi mã truy cập API hợp lệ trong tiêu đề “Authorization: Bearer <mã>” "
    "(mã chưa bị thu hồi, tài khoản không bị khoá)."
)
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."
NOT_FOUND = "Không tìm thấy."
SCHEMA_INVALID = "Yêu cầu không đúng định dạng của API."
BAD_BODY = "Nội dung yêu cầu không phải JSON hợp lệ."
STATUS_TEXT = {
    400: "Yêu cầu không hợp lệ.",
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: "Phương thức HTTP không được hỗ trợ ở địa chỉ này.",
    409: "Xung đột với trạng thái hiện tại của dữ liệu.",
    429: "Quá nhiều yêu cầu, hãy thử lại sau.",
}


def body(detail: str, errors: list[str] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors if errors is not None else [detail]}


# --- 422: pydantic's errors in Vietnamese, each naming the field -----------------------------

_SOURCES = {
    "query": "Tham số",
    "path": "Tham số đường dẫn",
    "body": "Trường",
    "header": "Tiêu đề",
    "cookie": "Cookie",
    "form": "Trường",
    "file": "Tệp",
}

_MESSAGES = {
    "missing": "bắt buộc phải có",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "decimal_parsing": "phải là số",
    "decimal_type": "phải là số",
    "finite_number": "phải là số hữu hạn",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách",
    "json_invalid": "không phải JSON hợp lệ",
    "extra_forbidden": "không được phép có trường này",
    "string_pattern_mismatch": "chứa ký tự không được phép",
    "value_error": "giá trị không hợp lệ",
}


def _field_name(loc: tuple | list) -> str:
    source, *path = list(loc) or ["body"]
    label = _SOURCES.get(str(source), "Trường")
    if str(source) == "body":
        if len(path) <= 1:
            return "Nội dung yêu cầu (JSON)"  # the body as a whole, e.g. missing
        path = path[1:]  # the first element names the whole body argument, not a field
    name = ".".join(str(part) for part in path) or str(source)
    return f"{label} “{name}”"


def _message(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": ("lớn hơn hoặc bằng", "ge"),
            "greater_than": ("lớn hơn", "gt"),
            "less_than_equal": ("nhỏ hơn hoặc bằng", "le"),
            "less_than": ("nhỏ hơn", "lt"),
        }[kind]
        return f"phải {words[0]} {ctx.get(words[1])}"
    if kind == "string_too_long":
        return f"dài tối đa {ctx.get('max_length')} ký tự"
    if kind == "string_too_short":
        return f"phải có ít nhất {ctx.get('min_length')} ký tự"
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return f"phải là một trong các giá trị: {expected}".replace(" or ", ", ")
    if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        return "có quá nhiều chữ số"
    if kind == "value_error" and ctx.get("error"):
        return str(ctx["error"])  # our validators raise ValueError with a Vietnamese message
    return _MESSAGES.get(kind, "giá trị không hợp lệ")


def validation_messages(errors: list[dict]) -> list[str]:
    return [f"{_field_name(error.get('loc', ()))}: {_message(error)}." for error in errors]


# --- Handlers -------------------------------------------------------------------------------


def register(api: NinjaAPI) -> None:
    """Install the handlers; the most specific class of an exception wins (ninja walks the MRO)."""

    def respond(request: HttpRequest, status: int, detail: str, errors: list[str] | None = None) -> HttpResponse:
        response = api.create_response(request, body(detail, errors), status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return response

    @api.exception_handler(ValidationFailed)
    def validation_failed(request, exc: ValidationFailed):
        errors = list(exc.errors) or [exc.message]
        detail = errors[0] if len(errors) == 1 else f"Dữ liệu không hợp lệ ({len(errors)} lỗi)."
        return respond(request, 400, detail, errors)

    @api.exception_handler(PermissionDenied)  # core Forbidden is a PermissionDenied
    def forbidden(request, exc: PermissionDenied):
        message = getattr(exc, "message", None) or str(exc) or FORBIDDEN
        return respond(request, 403, message)

    @api.exception_handler(NotFound)
    def not_found(request, exc: NotFound):
        return respond(request, 404, exc.message)

    @api.exception_handler(Http404)
    def http404(request, exc: Http404):
        return respond(request, 404, NOT_FOUND)

    @api.exception_handler(InvalidTransition)
    def invalid_transition(request, exc: InvalidTransition):
        return respond(request, 409, exc.message)

    @api.exception_handler(VersionConflict)
    def version_conflict(request, exc: VersionConflict):
        return respond(request, 409, "Dữ liệu vừa được người khác thay đổi: hãy đọc lại rồi lưu lại.", exc.errors)

    @api.exception_handler(RankingInputError)
    def cannot_rank(request, exc: RankingInputError):
        # The year's criteria or settings are not complete enough to rank it yet.
        return respond(request, 409, "Chưa xếp hạng được năm thi đua này với dữ liệu hiện có.", list(exc.problems))

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, 400, exc.message)

    @api.exception_handler(ValidationError)
    def schema_invalid(request, exc: ValidationError):
        return respond(request, 422, SCHEMA_INVALID, validation_messages(exc.errors))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        return respond(request, 401, UNAUTHENTICATED)

    @api.exception_handler(AuthorizationError)
    def unauthorised(request, exc: AuthorizationError):
        return respond(request, 403, FORBIDDEN)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return respond(request, 400, BAD_BODY)
        return respond(request, exc.status_code, STATUS_TEXT.get(exc.status_code, str(exc)))
