from django.shortcuts import render

from thidua.core.errors import NotFound


class DomainErrorMiddleware:
    """Missing and forbidden-to-see records answer 404 alike; `Forbidden` is Django's
    PermissionDenied and already answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return render(request, "404.html", {"message": exception.message}, status=404)
        return None
