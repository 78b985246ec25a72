import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "folkmoot.settings.dev")
django_application = get_wsgi_application()

from folkmoot.listen.api_submit import SubmitFirst  # noqa: E402 (needs the settings above)

# Public JSON submissions are answered before Django's request handling (see folkmoot/listen/api_submit.py).
application = SubmitFirst(django_application)
