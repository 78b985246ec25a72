"""The `folkmoot` console script, run as a real subprocess where it matters."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import last_json_line

ROOT = Path(__file__).resolve().parents[3]
FOLKMOOT = Path(sys.executable).parent / "folkmoot"


def _env(**extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "folkmoot.settings.test", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser-test harness; never in deployment
    return env


def test_help_lists_folkmoot_commands_with_one_line_each():
    result = subprocess.run([FOLKMOOT, "--help"], capture_output=True, text=True, env=_env(), check=True)
    lines = result.stdout.splitlines()
    for command in ("demo", "serve", "worker", "jobs", "bench"):
        line = next(line for line in lines if line.strip().startswith(command + " "))
        assert len(line.split(None, 1)[1]) > 10, line
    assert "migrate" in result.stdout


@pytest.mark.django_db
def test_jobs_statistics_prints_json_on_its_last_line(personas):
    out = StringIO()
    call_command(
        "jobs",
        "statistics",
        "--organisation",
        "test-shire-icb",
        "--format",
        "json",
        stdout=out,
        stderr=StringIO(),
    )
    result = last_json_line(out.getvalue())
    assert result["status"] == "succeeded"
    assert result["result"]["organisations"][0]["open"] == 2


@pytest.mark.django_db
def test_unknown_organisation_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No organisation with slug 'nowhere'"):
        call_command("jobs", "statistics", "--organisation", "nowhere")


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = _env(
        DJANGO_SETTINGS_MODULE="folkmoot.settings.production",
        SECRET_KEY="a-very-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="folkmoot.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )
    result = subprocess.run(
        [FOLKMOOT, "check", "--deploy", "--fail-level", "WARNING"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _env(
        DJANGO_SETTINGS_MODULE="folkmoot.settings.production", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3"
    )
    env.pop("SECRET_KEY", None)
    result = subprocess.run([FOLKMOOT, "check"], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_migrate_then_bench_prints_one_json_object_last(tmp_path):
    env = _env(
        DJANGO_SETTINGS_MODULE="folkmoot.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path}/bench.sqlite3"
    )
    subprocess.run([FOLKMOOT, "migrate", "-v", "0"], check=True, env=env)
    result = subprocess.run(
        [FOLKMOOT, "bench", "healthz", "--requests", "20"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    figures = last_json_line(result.stdout)
    assert figures["benchmark"] == "healthz" and figures["requests"] == 20 and figures["requests_per_s"] > 0
