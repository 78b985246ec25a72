"""The Jinja2 environment for every page: NHS.UK macros, Django's static/url helpers and our filters."""

from __future__ import annotations

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import date_format
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, PackageLoader

from folkmoot.core import ui


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _date(value: Any, fmt: str = "j F Y") -> str:
    return date_format(value, fmt) if value else ""


def environment(**options: Any) -> Environment:
    # Django passes DebugUndefined when DEBUG is on, which breaks the nhsuk macros; they need
    # ChainableUndefined. The loader chains our app templates with the nhsuk-frontend-jinja package.
    options.pop("undefined", None)
    loader = options.pop("loader", None)
    loaders = [loader] if loader is not None else []
    env = Environment(
        loader=ChoiceLoader(
            [*loaders, FileSystemLoader([]), PackageLoader("nhsuk_frontend_jinja", "templates")]
        ),
        undefined=ChainableUndefined,
        **options,
    )
    env.globals.update(
        static=static,
        url=url,
        field=ui.field,
        error_summary=ui.error_summary,
        choices_items=ui.choices_items,
    )
    env.filters.update(date=_date, intcomma=intcomma)
    return env
