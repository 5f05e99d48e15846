"""List pages cost the same number of queries whatever the number of rows (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_person


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def test_list_pages_do_not_grow_with_rows(client_for, users, registry):
    client = client_for(users["office"])
    urls = [
        reverse("person-list"),
        reverse("unit-list"),
        reverse("unit-tree"),
        reverse("cluster-list"),
        reverse("cluster-detail", args=[registry["cluster"].pk]),
        reverse("account-list"),
        reverse("person-detail", args=[registry["ha"].pk]),
    ]
    few = [queries_for(client, url) for url in urls]
    from thidua.organisations.models import ClusterMembership, Unit

    for index in range(25):
        unit = Unit.objects.create(code=f"U{index}", name=f"Đơn vị {index}", kind="so", parent=registry["province"])
        ClusterMembership.objects.create(
            cluster=registry["cluster"], unit=unit, year=registry["year"],
            valid_from=f"{registry['year']}-01-01", valid_to=f"{registry['year']}-12-31",
        )
        make_person(unit, "Nguyễn", "Văn", f"A{index}")
    many = [queries_for(client, url) for url in urls]
    assert many == few
