"""Local stand-ins for what leaves the machine: a GOV.UK Notify API and an SMTP server.

The Notify server answers as its API documentation says (POST /v2/notifications/email and /sms, a JWT in
the Authorization header signed with the key's secret, 201 JSON bodies, and error bodies
`{"errors": [{"error": ..., "message": ...}], "status_code": ...}`).
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"folkmoot_test-{SERVICE_ID}-{SECRET}"
EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "9c8a1f1e-6d5c-4c69-b0bb-6c1a0f7b2a11"

ERRORS = {
    400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
    403: ("AuthError", "Invalid token: API key not found"),
    429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"),
    500: ("Exception", "Internal server error"),
    503: ("Exception", "Service unavailable"),
}


class FakeNotify:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.script: list[int] = []  # status codes to answer next, then 201
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                return None

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                auth = self.headers.get("Authorization", "")
                try:
                    claims = jwt.decode(auth.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
                    assert claims["iss"] == SERVICE_ID and "iat" in claims
                except Exception:
                    self._answer(
                        403,
                        {
                            "errors": [{"error": "AuthError", "message": "Invalid token: signature"}],
                            "status_code": 403,
                        },
                    )
                    return
                kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(self.path)
                if kind is None:
                    self._answer(
                        404, {"errors": [{"error": "NotFound", "message": "Not found"}], "status_code": 404}
                    )
                    return
                fake.received.append({"kind": kind, **payload})
                if fake.script:
                    status = fake.script.pop(0)
                    error, message = ERRORS[status]
                    self._answer(
                        status, {"errors": [{"error": error, "message": message}], "status_code": status}
                    )
                    return
                notification_id = str(uuid.uuid4())
                template = {
                    "id": payload.get("template_id"),
                    "version": 1,
                    "uri": f"{fake.url}/v2/template/{payload.get('template_id')}",
                }
                if kind == "email":
                    content = {
                        "subject": payload["personalisation"]["subject"],
                        "body": payload["personalisation"]["body"],
                        "from_email": "folkmoot@notifications.service.gov.uk",
                    }
                else:
                    content = {"body": payload["personalisation"]["body"], "from_number": "GOVUK"}
                self._answer(
                    201,
                    {
                        "id": notification_id,
                        "reference": payload.get("reference"),
                        "content": content,
                        "uri": f"{fake.url}/v2/notifications/{notification_id}",
                        "template": template,
                    },
                )

        return Handler

    def start(self) -> FakeNotify:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SmtpHandler:
    """aiosmtpd handler: keeps each message; answers with `refuse` (e.g. "451 ...") while set."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.refuse: str | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.messages.append(
            {"to": list(envelope.rcpt_tos), "data": envelope.content.decode("utf-8", "replace")}
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
