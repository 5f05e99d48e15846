"""What every router shares: pagination with a ceiling, the coarse right to read the registry."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from thidua.core.errors import Forbidden
from thidua.organisations import permissions

MAX_LIMIT = 200
# The same refusal as the pages' `registry_viewer_required`.
REGISTRY_REFUSED = "Tài khoản của bạn chưa được phân quyền xem danh mục này."


class Page(LimitOffsetPagination):
    """`?limit=&offset=`; the answer is `{"items": [...], "count": total}`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Số bản ghi mỗi trang (tối đa {MAX_LIMIT}).")
        offset: int = Field(0, ge=0, le=10**9, description="Bỏ qua bao nhiêu bản ghi đầu.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def require_registry_viewer(user) -> None:
    """Internal data (units, clusters, people, years, dossiers): any role but guest."""
    if not permissions.can_view_registry(user):
        raise Forbidden(REGISTRY_REFUSED)
