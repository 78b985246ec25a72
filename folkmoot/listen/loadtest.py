"""Loopback load: a real gunicorn serving Folkmoot and concurrent clients posting whole responses.

Used by `folkmoot bench submit` and by the test that kills the server mid-load. Traffic goes only to
127.0.0.1, bounded in count and time.
"""

from __future__ import annotations

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
            "gthread",
            "--log-level",
            "warning",
            "--access-logfile",
            os.devnull,
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
) -> LoadResult:
    """Post `total` responses from `clients` threads, each on a keep-alive connection.

    Pass `result` to watch acknowledgements arrive while the load runs."""
    result = result if result is not None else LoadResult()
    lock = threading.Lock()
    counter = iter(range(total))
    path = f"/api/listen/surveys/{slug}/responses/"
    end = time.monotonic() + deadline_s

    def worker() -> None:
        try:
            work()
        except Exception as exc:  # a crashed client thread must show up in the result, not vanish
            with lock:
                result.errors += 1
                result.first_error = result.first_error or repr(exc)

    def work() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not (stop and stop.is_set()) and time.monotonic() < end:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            body = json.dumps(payload(i))
            started = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
                ok = response.status == 201
                if not ok and result.first_error is None:
                    result.first_error = f"{response.status}: {data[:300]!r}"
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if ok:
                    result.acknowledged.append(json.loads(data)["reference"])
                    result.latencies_ms.append(elapsed)
                else:
                    result.errors += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
