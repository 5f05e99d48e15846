"""Dashboard pages: who may open them (every rule with its refusal), tables, XLSX, CSP-safe charts."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from tests.conftest import make_user
from thidua.dashboards import charts, selectors
from thidua.dashboards.selectors import Filters
from thidua.organisations.models import Cluster, ClusterMembership, Role, Unit, UnitKind


def urls(cluster) -> dict[str, str]:
    return {
        "index": reverse("dashboard-index"),
        "province": reverse("dashboard-province"),
        "province_xlsx": reverse("dashboard-province-xlsx", args=[charts.PROVINCE[0].slug]),
        "cluster": reverse("dashboard-cluster", args=[cluster.pk]),
        "cluster_xlsx": reverse("dashboard-cluster-xlsx", args=[cluster.pk, charts.CLUSTER[0].slug]),
    }


@pytest.fixture
def other_cluster(registry):
    """Cụm III with Sở Tư pháp, whose officer and head belong to no unit of Cụm II."""
    unit = Unit.objects.create(code="STP", name="Sở Tư pháp", kind=UnitKind.DEPARTMENT, parent=registry["province"])
    cluster = Cluster.objects.create(code="CUM-III", name="Cụm thi đua số III", kind="cum", managing_body=registry["office"])
    year = registry["year"]
    ClusterMembership.objects.create(cluster=cluster, unit=unit, year=year, valid_from=f"{year}-01-01", valid_to=f"{year}-12-31")
    return {
        "cluster": cluster,
        "officer": make_user("officer.stp", Role.UNIT_OFFICER, unit=unit),
        "head": make_user("head.stp", Role.UNIT_HEAD, unit=unit),
    }


@pytest.mark.parametrize("page", ["index", "province", "province_xlsx", "cluster", "cluster_xlsx"])
def test_anonymous_users_are_sent_to_login(client, registry, page):
    url = urls(registry["cluster"])[page]
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["guest", "nobody", "council"])
@pytest.mark.parametrize("page", ["index", "province", "province_xlsx", "cluster", "cluster_xlsx"])
def test_guests_council_and_users_without_a_role_are_refused(client_for, users, registry, who, page):
    assert client_for(users[who]).get(urls(registry["cluster"])[page]).status_code == 403


@pytest.mark.parametrize("who", ["officer", "head", "leader"])
def test_member_units_staff_and_the_leader_see_the_cluster_but_not_the_province(client_for, users, registry, who):
    client = client_for(users[who])
    pages = urls(registry["cluster"])
    assert client.get(pages["cluster"]).status_code == 200
    assert client.get(pages["cluster_xlsx"]).status_code == 200
    assert client.get(pages["province"]).status_code == 403
    assert client.get(pages["province_xlsx"]).status_code == 403
    index = client.get(pages["index"]).content.decode()
    assert pages["cluster"] in index and pages["province"] not in index


@pytest.mark.parametrize("who", ["officer", "head"])
def test_another_clusters_staff_are_refused(client_for, registry, other_cluster, who):
    client = client_for(other_cluster[who])
    assert client.get(urls(registry["cluster"])["cluster"]).status_code == 403
    assert client.get(urls(registry["cluster"])["cluster_xlsx"]).status_code == 403
    assert client.get(urls(other_cluster["cluster"])["cluster"]).status_code == 200


def test_staff_grant_for_another_year_gives_no_access(client_for, registry):
    """An officer granted for a year the unit was not in the cluster does not see it."""
    past = make_user("officer.past", Role.UNIT_OFFICER, unit=registry["trade"], year=registry["year"] - 5)
    assert client_for(past).get(urls(registry["cluster"])["cluster"]).status_code == 403


@pytest.mark.parametrize("who", ["office", "admin"])
def test_the_office_and_admins_see_everything(client_for, users, registry, other_cluster, who):
    client = client_for(users[who])
    for name, url in {**urls(registry["cluster"]), "other": urls(other_cluster["cluster"])["cluster"]}.items():
        assert client.get(url).status_code == 200, name


def test_unknown_chart_or_cluster_is_not_found(client_for, users, registry):
    client = client_for(users["office"])
    assert client.get(reverse("dashboard-province-xlsx", args=["khong-co"])).status_code == 404
    assert client.get(reverse("dashboard-cluster-xlsx", args=[registry["cluster"].pk, "khong-co"])).status_code == 404
    assert client.get(reverse("dashboard-cluster", args=[999999])).status_code == 404


def test_nav_shows_statistics_to_those_who_may_open_them(client_for, users, registry):
    link = f'href="{reverse("dashboard-index")}"'
    assert link in client_for(users["office"]).get(reverse("home")).content.decode()
    assert link in client_for(users["officer"]).get(reverse("home")).content.decode()
    assert link not in client_for(users["guest"]).get(reverse("home")).content.decode()


def test_cluster_page_draws_every_chart_from_json_and_static_scripts_only(client_for, users, concluded):
    cy = concluded["cy"]
    page = client_for(users["officer"]).get(reverse("dashboard-cluster", args=[cy.cluster.pk])).content.decode()
    for chart in charts.CLUSTER:
        table = chart.selector(Filters(cluster=cy.cluster))
        if table.rows:
            assert f'data-chart="chart-data-{chart.slug}"' in page
            assert f'<script id="chart-data-{chart.slug}" type="application/json">' in page
    # Every other script is a file of ours: the Content-Security-Policy allows no inline code.
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'type="application/json"' in tag or 'src="/static/' in tag, tag
    assert "/static/vendor/chartjs/chart.umd.min.js" in page and "/static/web/charts.js" in page
    ranking_table = re.search(r'data-chart-table="xep-hang-qua-cac-nam".*?</table>', page, re.S).group(0)
    for name, rank in selectors.rank_history(Filters(cluster=cy.cluster)).rows:
        assert re.search(rf"<th scope=\"row\">{name}</th><td class=\"text-end\">{rank}</td>", ranking_table)


def test_each_chart_exports_its_table_with_the_filters(client_for, users, concluded):
    cy = concluded["cy"]
    client = client_for(users["office"])
    for chart in charts.PROVINCE:
        response = client.get(reverse("dashboard-province-xlsx", args=[chart.slug]), {"year_from": cy.year, "year_to": cy.year})
        assert response.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        table = chart.selector(Filters(cy.year, cy.year))
        assert rows[0] == table.columns
        assert [[float(v) if isinstance(v, (int, float)) or hasattr(v, "as_tuple") else v for v in r] for r in rows[1:]] == [
            [float(v) if isinstance(v, (int, float)) or hasattr(v, "as_tuple") else v for v in r] for r in table.rows
        ]
    for chart in charts.CLUSTER:
        response = client.get(reverse("dashboard-cluster-xlsx", args=[cy.cluster.pk, chart.slug]))
        assert response.status_code == 200 and response["Content-Disposition"].endswith(f'{chart.slug}.xlsx"')


def test_a_reversed_year_range_is_reported_not_applied(client_for, users, registry):
    response = client_for(users["office"]).get(reverse("dashboard-province"), {"year_from": 2024, "year_to": 2020})
    assert response.status_code == 200
    assert "Năm kết thúc phải sau năm bắt đầu." in response.content.decode()
