"""Loopback load: a real gunicorn serving Folkmoot and concurrent clients posting whole responses.

Used by `folkmoot bench submit` and by the test that kills the server mid-load. Traffic goes only to
127.0.0.1, bounded in count and time.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    *,
    port: int,
    database_url: str,
    workers: int = 2,
    threads: int = 8,
    worker_class: str = "gthread",
    worker_connections: int | None = None,
    settings_module: str = "folkmoot.settings.dev",
    timeout: float = 30.0,
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "0",
        "FOLKMOOT_SUBMITS_PER_HOUR_PER_IP": "100000000",
        "LOG_LEVEL": "ERROR",
        # Persistent connections, as in production: opening one per request cost more than the request.
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "600"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "folkmoot.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            worker_class,
            "--log-level",
            "warning",
            *(["--worker-connections", str(worker_connections)] if worker_connections else []),
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(
        f"gunicorn did not start: {process.stderr.read().decode()[-2000:] if process.stderr else ''}"
    )


def process_group_cpu_s(pgid: int) -> float:
    """CPU seconds used so far by the live processes of a process group (the gunicorn master and workers)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def kill_server(process: subprocess.Popen) -> None:
    """SIGKILL the whole process group: no graceful shutdown, like a power cut."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


@dataclass
class LoadResult:
    acknowledged: list[str] = field(default_factory=list)
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    seconds: float = 0.0
    first_error: str | None = None

    @property
    def total_sent(self) -> int:
        return len(self.acknowledged) + self.errors


def submit_many(
    *,
    port: int,
    slug: str,
    total: int,
    clients: int,
    payload: Callable[[int], dict],
    stop: threading.Event | None = None,
    deadline_s: float = 600.0,
    result: LoadResult | None = None,
    rate: float | None = None,
) -> LoadResult:
    """Post `total` responses from `clients` concurrent keep-alive connections.

    Closed loop by default: each client sends its next response as soon as the last is answered, so the
    server runs flat out and the rate is its capacity. With `rate` (responses per second) the load is open:
    the n-th response is due at n / rate seconds, and its latency counts from then, so time spent waiting for
    a free connection because the server fell behind is counted too.

    The clients are asyncio tasks on one event loop speaking minimal HTTP/1.1: the load generator shares the
    machine's cores with the server, and a thread per client (http.client) cost it more CPU than the server's
    own work. Pass `result` to watch acknowledgements arrive while the load runs (from another thread)."""
    result = result if result is not None else LoadResult()
    asyncio.run(_submit_all(port, slug, total, clients, payload, stop, deadline_s, result, rate))
    return result


async def _submit_all(
    port, slug, total, clients, payload, stop, deadline_s, result: LoadResult, rate
) -> None:
    counter = iter(range(total))
    first_due = time.perf_counter() + 0.05
    head = (
        f"POST /api/listen/surveys/{slug}/responses/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    end = time.monotonic() + deadline_s

    async def client() -> None:
        reader = writer = None
        while not (stop and stop.is_set()) and time.monotonic() < end:
            i = next(counter, None)
            if i is None:
                break
            body = json.dumps(payload(i)).encode()
            if rate:
                started = first_due + i / rate
                wait = started - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
            else:
                started = time.perf_counter()
            reference = None
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
                async with asyncio.timeout(30):
                    status, data, keep = await _read_response(reader)
                if status == 201:
                    reference = json.loads(data)["reference"]
                elif result.first_error is None:
                    result.first_error = f"{status}: {data[:300]!r}"
                if not keep:
                    writer.close()
                    writer = None
            except (
                OSError,
                EOFError,
                TimeoutError,
                ValueError,
                KeyError,
                asyncio.IncompleteReadError,
            ) as exc:
                if result.first_error is None:
                    result.first_error = repr(exc)
                if writer is not None:
                    writer.close()
                writer = None
                await asyncio.sleep(0.02)  # the server is down: do not spin
            if reference is not None:
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.acknowledged.append(reference)
            else:
                result.errors += 1
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(client() for _ in range(clients)), return_exceptions=True)
    for outcome in outcomes:  # a crashed client must show up in the result, not vanish
        if isinstance(outcome, BaseException):
            result.errors += 1
            result.first_error = result.first_error or repr(outcome)
    result.seconds = time.perf_counter() - started


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """(status, body, keep the connection) of one HTTP/1.1 response with a Content-Length."""
    header = await reader.readuntil(b"\r\n\r\n")
    status = int(header[9:12])
    lower = header.lower()
    at = lower.find(b"\r\ncontent-length:")
    if at < 0:
        return status, await reader.read(), False
    length = int(lower[at + 17 : lower.index(b"\r\n", at + 2)])
    body = await reader.readexactly(length)
    return status, body, b"\r\nconnection: close" not in lower


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
