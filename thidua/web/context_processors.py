from thidua.dashboards import permissions as dashboard_permissions
from thidua.organisations import permissions


def navigation(request) -> dict:
    """What the navigation bar may show; the services still refuse what it hides."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "registry": permissions.can_view_registry(user),
            "manage_registry": permissions.can_manage_registry(user),
            "admin": permissions.is_system_admin(user),
            "accounts": permissions.can_manage_accounts(user),
            "two_factor": permissions.is_province_office(user),
            "dashboards": dashboard_permissions.can_view_any_dashboard(user),
        }
    }
