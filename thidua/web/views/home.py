from django.shortcuts import render

from thidua.organisations import selectors


def home(request):
    context = {}
    if request.user.is_authenticated:
        context = selectors.home_overview(request.user)
    return render(request, "web/home.html", context)
