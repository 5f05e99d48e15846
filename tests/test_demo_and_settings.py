"""The demo command and the production settings check."""

import os
import subprocess
import sys

from django.core.management import call_command

from thidua.organisations.models import ClusterMembership, ClusterRole, Person, RoleAssignment, Unit
from thidua.demo import organisations as demo


def counts():
    from thidua.awards.models import AwardRecord, Proposal, YearResult
    from thidua.cycles.models import ClusterYear, Score, Vote

    models = (Unit, ClusterMembership, Person, RoleAssignment, AwardRecord, YearResult, Proposal, ClusterYear, Score, Vote)
    return [m.objects.count() for m in models] + [Person.history.count(), AwardRecord.history.count()]


def test_demo_loads_cluster_ii_and_twice_adds_nothing(db, capsys):
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    output = capsys.readouterr().out
    assert "phongtdkt" in output and demo.DEMO_PASSWORD in output

    members = ClusterMembership.objects.filter(cluster__code="CUM-II")
    assert members.filter(year=2020).count() == 7 and members.filter(year=2021).count() == 7
    leaders_2021 = {m.unit.code: m.role for m in members.filter(year=2021).exclude(role=ClusterRole.MEMBER)}
    assert leaders_2021 == {"STNMT": ClusterRole.LEADER, "SGTVT": ClusterRole.VICE}
    assert Person.objects.filter(unit__code="SCT").count() >= 24
    assert Person.objects.filter(full_name="Nguyễn Thị Hà").exists()
    from thidua.awards.models import AwardRecord, Proposal

    assert AwardRecord.objects.filter(unit__code="SCT", award_id="CO_TINH", year=2020).exists()
    assert Proposal.objects.get().state == "submitted"
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles >= {"province_office", "council_member", "cluster_leader", "unit_officer", "unit_head", "guest"}


def production_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "THIDUA_PLAIN_STATIC", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="thidua.langson.gov.vn",
        DEBUG="False",
        **extra,
    )
    return env


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "-m", "thidua", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run([sys.executable, "-m", "thidua", "check"], env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
