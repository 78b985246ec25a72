from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "core/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}


def sign_out_confirm(request: HttpRequest) -> HttpResponse:
    return render(request, "core/sign_out.jinja", {"page_title": "Sign out"})


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
