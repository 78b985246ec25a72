import pytest

from folkmoot.core.demo import DEMO_PASSWORD, load_core_demo
from folkmoot.core.models import Engagement, EngagementStatus, Membership, Organisation, Role


@pytest.mark.sqlite
@pytest.mark.django_db
def test_core_demo_has_an_icb_two_members_every_role_and_every_status():
    context = load_core_demo()
    icb = Organisation.objects.get(slug="synthetic-shire-icb")
    assert icb.type == "icb"
    assert set(Organisation.objects.filter(parent=icb).values_list("type", flat=True)) == {
        "nhs_trust",
        "gp_practice",
    }
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert set(Engagement.objects.filter(organisation=icb).values_list("status", flat=True)) == set(
        EngagementStatus.values
    )
    for organisation in Organisation.objects.all():
        assert organisation.is_synthetic and "synthetic" in organisation.name.lower()
    for user in context.users.values():
        assert "Synthetic" in user.display_name
        assert user.check_password(DEMO_PASSWORD)


@pytest.mark.sqlite
def test_make_demo_path_migrates_and_loads_every_stage_on_a_fresh_sqlite_file(tmp_path):
    """What `make demo` does before serving: migrate, then `folkmoot demo`, on the embedded default."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from conftest import last_json_line

    folkmoot = Path(sys.executable).parent / "folkmoot"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "folkmoot.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
    }
    subprocess.run([folkmoot, "migrate", "-v", "0"], check=True, env=env)
    result = subprocess.run([folkmoot, "demo", "--format", "json"], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = last_json_line(result.stdout)
    assert summary["loaded"] is True and "lead" in summary["users"]
    again = subprocess.run(
        [folkmoot, "demo", "--if-empty", "--format", "json"], capture_output=True, text=True, env=env
    )
    assert last_json_line(again.stdout) == {"loaded": False, "reason": "already loaded"}
