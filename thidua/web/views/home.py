from django.shortcuts import render
from django.utils import timezone

from thidua.organisations import selectors
from thidua.reminders import selectors as reminders

DEADLINES_SHOWN = 15


def home(request):
    context = {}
    if request.user.is_authenticated:
        context = selectors.home_overview(request.user)
        deadlines = reminders.deadlines_for(request.user, timezone.localdate())
        context.update(deadlines=deadlines[:DEADLINES_SHOWN], deadlines_more=max(len(deadlines) - DEADLINES_SHOWN, 0))
    return render(request, "web/home.html", context)


def health(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    from django.db import DatabaseError, connection
    from django.http import JsonResponse

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "detail": "Không kết nối được cơ sở dữ liệu."}, status=503)
    return JsonResponse({"status": "ok"})
