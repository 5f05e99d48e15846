"""The permission matrix: every address of the site, every role, generated from the URL resolver.

`ENDPOINTS` declares, for each URL name, who may read it (GET) and who may write to it (POST;
PUT/PATCH/DELETE too under /api/v1/), and how to build its URL arguments from the fixtures. The
tests then walk the resolver: an address missing from the table fails with a message saying
where to declare it, so a new endpoint cannot slip in unprotected. For every declared address:

- a role outside `read` gets 403/404 (anonymous users: the login page; the API: 401), or 405
  when the address does not answer GET at all;
- a role outside `write` gets 403/404/405 (same for anonymous) and the database is unchanged:
  the row count of every table, the audit history tables included, is compared before and
  after (a refused change of an audited row would add a history row);
- the first role inside `read` is not refused, which proves the URL arguments name real rows
  (a 404 for everyone would prove nothing).

Declaring an endpoint is one line: `"name": page(INTERNAL, write=OFFICE, kw=lambda w: {...})`.
"""

from dataclasses import dataclass, field
from typing import Callable

import pytest
from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api import token_for
from thidua.awards import services as award_services
from thidua.cycles import services as cycle_services
from thidua.dashboards.charts import CLUSTER as CLUSTER_CHARTS
from thidua.news import services as news_services
from thidua.organisations.models import RoleAssignment

ANON = "anonymous"
ROLES = ["admin", "office", "council", "leader", "officer", "head", "guest", "nobody"]
EVERYONE = frozenset(ROLES) | {ANON}
SIGNED_IN = frozenset(ROLES)
INTERNAL = frozenset({"admin", "office", "council", "leader", "officer", "head"})  # any role but guest
OFFICE = frozenset({"admin", "office"})
ADMIN = frozenset({"admin"})
NOBODY: frozenset = frozenset()
#: Who runs the fixture's cluster year: the office, the explicit Trưởng cụm, and the officer and
#: head of Sở KH&CN, the unit the members elected leader this year.
RUNNERS = OFFICE | {"leader", "officer", "head"}
#: Who acts for Sở KH&CN: its emulation officer (and the office).
SCIENCE_OFFICER = OFFICE | {"officer"}
#: Who uses the movements pages: the office, the council, and the staff of the target units.
MOVEMENT_USERS = OFFICE | {"council", "officer", "head"}
MISSING = 999_999  # for rows the fixture does not build: refused roles must still get 403/404


@dataclass(frozen=True)
class Rule:
    read: frozenset
    write: frozenset
    kw: Callable[[dict], dict] = lambda w: {}
    body: dict = field(default_factory=dict)  # API write body (valid, so refusal is not a 422)
    data: dict = field(default_factory=dict)  # form fields of the POST (e.g. which action)
    api: bool = False

    @property
    def public(self) -> bool:
        return ANON in self.read


def page(read, write=None, kw=lambda w: {}, data=None):
    """A page or form: GET for `read`, POST (with `data`) for `write` (default: same roles)."""
    return Rule(frozenset(read), frozenset(read if write is None else write), kw, data=data or {})


def public(write=NOBODY, kw=lambda w: {}):
    """Open to everyone, anonymous included (news, login, health, public results)."""
    return Rule(EVERYONE, frozenset(write), kw)


def api(read, write=NOBODY, kw=lambda w: {}, body=None):
    """/api/v1/: bearer token of the role's user; writes are PUT/POST/PATCH/DELETE."""
    return Rule(frozenset(read), frozenset(write), kw, body or {}, api=True)


pk = lambda key: (lambda w: {"pk": w[key].pk})  # noqa: E731
year = lambda **extra: (lambda w: {"pk": w["cy"].pk, **{k: (v(w) if callable(v) else v) for k, v in extra.items()}})  # noqa: E731
science = lambda w: w["science"].pk  # noqa: E731

ENDPOINTS: dict[str, Rule] = {
    # Public
    "home": public(write=EVERYONE),
    "health": public(write=EVERYONE),
    "login": public(write=EVERYONE),
    "news-list": public(),
    "news-detail": public(kw=lambda w: {"slug": w["article"].slug}),
    "news-photo": public(kw=lambda w: {"pk": MISSING, "size": "lon"}),
    # Accounts and two-factor login
    "logout": page(NOBODY, write=EVERYONE),
    "password_change": page(SIGNED_IN),
    "password_change_done": page(SIGNED_IN),
    "login-otp": page(SIGNED_IN),
    "two-factor": page(OFFICE),
    "two-factor-remove": page(NOBODY, write=SIGNED_IN),
    "account-list": page(OFFICE),
    "account-create": page(OFFICE),
    "account-lock": page(NOBODY, write=OFFICE, kw=lambda w: {"pk": w["users"]["nobody"].pk}),
    "grant-create": page(NOBODY, write=OFFICE),
    "grant-delete": page(NOBODY, write=OFFICE, kw=pk("grant")),
    # Registry
    "unit-tree": page(INTERNAL),
    "unit-list": page(INTERNAL),
    "unit-create": page(OFFICE),
    "unit-template": page(INTERNAL),
    "unit-import": page(OFFICE),
    "unit-detail": page(INTERNAL, kw=pk("science")),
    "unit-edit": page(SCIENCE_OFFICER, kw=pk("science")),
    "cluster-list": page(INTERNAL),
    "cluster-create": page(OFFICE),
    "cluster-detail": page(INTERNAL, kw=pk("cluster")),
    "cluster-edit": page(OFFICE, kw=pk("cluster")),
    "membership-save": page(NOBODY, write=OFFICE, kw=pk("cluster")),
    "membership-delete": page(NOBODY, write=OFFICE, kw=lambda w: {"pk": w["cluster"].pk, "membership_pk": w["membership"].pk}),
    "person-list": page(INTERNAL),
    "person-create": page(SCIENCE_OFFICER),
    "person-template": page(INTERNAL),
    "person-import": page(SCIENCE_OFFICER),
    "person-detail": page(INTERNAL, kw=pk("ha")),
    "person-edit": page(SCIENCE_OFFICER, kw=pk("ha")),
    "person-move": page(SCIENCE_OFFICER, kw=pk("ha")),
    # The cluster year
    "year-create": page(OFFICE, kw=lambda w: {"cluster_pk": w["cluster"].pk}),
    "year-detail": page(INTERNAL, kw=year()),
    "year-move": page(NOBODY, write=RUNNERS, kw=year()),
    "year-schedule": page(NOBODY, write=RUNNERS, kw=year()),
    "year-settings": page(RUNNERS, kw=year()),
    "year-criteria": page(INTERNAL, kw=year()),
    "year-criteria-template": page(INTERNAL, kw=year()),
    "year-criteria-export": page(INTERNAL, kw=year(table_pk=lambda w: w["table"].pk)),
    "year-criteria-action": page(NOBODY, write=RUNNERS, kw=year(action="table")),
    "year-registration": page(INTERNAL, write=SCIENCE_OFFICER, kw=year(unit_pk=science)),
    "year-pact": page(INTERNAL, write=RUNNERS, kw=year(), data={"action": "save"}),
    "year-assignments": page(INTERNAL, write=RUNNERS, kw=year()),
    "year-sheet": page(INTERNAL, write=SCIENCE_OFFICER, kw=year(unit_pk=science)),
    "year-evidence-upload": page(NOBODY, write=SCIENCE_OFFICER, kw=year(unit_pk=science)),
    "year-evidence": page(NOBODY, kw=year(evidence_pk=MISSING)),
    "year-respond": page(NOBODY, write=SCIENCE_OFFICER, kw=year(change_pk=MISSING)),
    "year-results": page(INTERNAL, kw=year()),
    "year-proposals": page(INTERNAL, kw=year()),
    "year-proposals-action": page(NOBODY, write=RUNNERS, kw=year(action="draft")),
    "year-votes": page(INTERNAL, kw=year()),
    "year-votes-action": page(NOBODY, write=RUNNERS, kw=year(action="cast")),
    "year-conference": page(INTERNAL, write=RUNNERS, kw=year()),
    "year-conference-attendee": page(NOBODY, write=RUNNERS, kw=year(action="add")),
    "year-document": page(INTERNAL, kw=year(kind="bao_cao", output="docx")),
    # Awards and proposals
    "award-eligibility": page(INTERNAL),
    "award-import": page(SCIENCE_OFFICER),  # the office, or an officer for their own units
    "award-import-template": page(INTERNAL),
    "award-catalogue": page(INTERNAL, write=OFFICE),
    "award-remove": page(NOBODY, write=OFFICE, kw=lambda w: {"pk": MISSING}),
    "person-history": page(INTERNAL, write=SCIENCE_OFFICER, kw=pk("ha")),
    "unit-history": page(INTERNAL, write=SCIENCE_OFFICER, kw=pk("science")),
    "proposal-list": page(INTERNAL, write=SCIENCE_OFFICER),
    "proposal-detail": page(OFFICE | {"council", "officer", "head"}, write=SCIENCE_OFFICER | {"head"}, kw=pk("proposal"), data={"action": "item"}),
    "proposal-action": page(NOBODY, write=SCIENCE_OFFICER | {"head", "council"}, kw=lambda w: {"pk": w["proposal"].pk, "action": "move"}),
    "proposal-attachment": page(NOBODY, kw=lambda w: {"pk": w["proposal"].pk, "attachment_pk": MISSING}),
    "proposal-decision": page(NOBODY, kw=lambda w: {"pk": w["proposal"].pk, "what": "quyet-dinh.docx"}),
    # Document templates
    "document-templates": page(INTERNAL, write=OFFICE),
    "document-template-default": page(INTERNAL, kw=lambda w: {"kind": "bao_cao"}),
    "document-template-upload": page(NOBODY, kw=lambda w: {"pk": MISSING}),
    "document-template-deactivate": page(NOBODY, write=OFFICE, kw=lambda w: {"pk": MISSING}),
    # News editing
    "news-editor": page(OFFICE | {"officer"}),
    "news-create": page(OFFICE | {"officer"}),
    "news-edit": page(OFFICE, kw=pk("article")),
    "news-publish": page(NOBODY, write=OFFICE, kw=pk("article")),
    "news-unpublish": page(NOBODY, write=OFFICE, kw=pk("article")),
    "news-photo-add": page(NOBODY, write=OFFICE, kw=pk("article")),
    "news-photo-update": page(NOBODY, write=OFFICE, kw=lambda w: {"pk": w["article"].pk, "photo_pk": MISSING}),
    "news-photo-remove": page(NOBODY, write=OFFICE, kw=lambda w: {"pk": w["article"].pk, "photo_pk": MISSING}),
    "news-draft-from-year": page(RUNNERS, kw=lambda w: {"cluster_year_pk": w["cy"].pk}),
    # Movements and campaigns (a launched movement targeting Sở KH&CN; a campaign of the province)
    "movement-list": page(MOVEMENT_USERS),
    "movement-create": page(OFFICE),
    "movement-detail": page(MOVEMENT_USERS, kw=pk("movement")),
    "movement-edit": page(OFFICE, kw=pk("movement")),
    "movement-launch": page(NOBODY, write=OFFICE, kw=pk("movement")),
    "movement-close": page(NOBODY, write=OFFICE, kw=pk("movement")),
    "movement-plan-file": page(MOVEMENT_USERS, write=NOBODY, kw=pk("movement")),
    "movement-answers": page(OFFICE | {"council"}, write=NOBODY, kw=pk("movement")),
    "movement-respond": page(MOVEMENT_USERS, write=SCIENCE_OFFICER, kw=lambda w: {"pk": w["movement"].pk, "unit_pk": w["science"].pk}),
    "movement-response-file": page(NOBODY, kw=lambda w: {"pk": w["movement"].pk, "unit_pk": w["science"].pk, "kind": "ke_hoach"}),
    "campaign-list": page(MOVEMENT_USERS, write=NOBODY),
    "campaign-create": page(SCIENCE_OFFICER),
    "campaign-detail": page(MOVEMENT_USERS, write=NOBODY, kw=pk("campaign")),
    "campaign-commend": page(NOBODY, write=OFFICE, kw=pk("campaign")),
    # Dashboards (the fixture's cluster: its leader, and Sở KH&CN's staff as a member) and the
    # public results of a closed year
    "dashboard-index": page(RUNNERS, write=NOBODY),
    "dashboard-province": page(OFFICE, write=NOBODY),
    "dashboard-province-xlsx": page(OFFICE, write=NOBODY, kw=lambda w: {"slug": "theo-hinh-thuc"}),
    "dashboard-cluster": page(RUNNERS, write=NOBODY, kw=pk("cluster")),
    "dashboard-cluster-xlsx": page(RUNNERS, write=NOBODY, kw=lambda w: {"pk": w["cluster"].pk, "slug": CLUSTER_CHARTS[0].slug}),
    "public-results": public(),
    "public-year": public(kw=lambda w: {"cluster_code": w["cluster"].code, "year": w["closed_year"].year}),
    # JSON API (/api/v1/): the schema and its docs page are public, everything else needs a token
    # (ninja's schema, docs and root views answer any method with the same read-only page)
    "api:openapi-json": public(write=EVERYONE),
    "api:openapi-view": public(write=EVERYONE),
    "api:api-root": public(write=EVERYONE),
    "api:unit_list": api(INTERNAL),
    "api:unit_detail": api(INTERNAL, kw=lambda w: {"unit_id": w["science"].pk}),
    "api:cluster_list": api(INTERNAL),
    "api:cluster_detail": api(INTERNAL, kw=lambda w: {"cluster_id": w["cluster"].pk}),
    "api:cluster_members": api(INTERNAL, kw=lambda w: {"cluster_id": w["cluster"].pk}),
    "api:person_list": api(INTERNAL),
    "api:person_detail": api(INTERNAL, kw=lambda w: {"person_id": w["ha"].pk}),
    "api:cluster_year_list": api(INTERNAL),
    "api:cluster_year_detail": api(INTERNAL, kw=lambda w: {"year_id": w["cy"].pk}),
    "api:cluster_year_ranking": api(INTERNAL, kw=lambda w: {"year_id": w["cy"].pk}),
    "api:self_scores": api({"officer"}, kw=lambda w: {"year_id": w["cy"].pk}),
    "api:self_score_save": api(
        {"officer"}, write={"officer"}, kw=lambda w: {"year_id": w["cy"].pk, "criterion_id": w["criterion"].pk},
        body={"unit": "SCIENCE", "points": "10"},
    ),
    "api:proposal_list": api(INTERNAL),
    "api:proposal_detail": api(OFFICE | {"council", "officer", "head"}, kw=lambda w: {"proposal_id": w["proposal"].pk}),
    "api:person_awards": api(INTERNAL, kw=lambda w: {"person_id": w["ha"].pk}),
    "api:unit_awards": api(INTERNAL, kw=lambda w: {"unit_id": w["science"].pk}),
    "api:person_eligibility": api(INTERNAL, kw=lambda w: {"person_id": w["ha"].pk}),
    "api:unit_eligibility": api(INTERNAL, kw=lambda w: {"unit_id": w["science"].pk}),
}

#: Addresses that are not endpoints of ours: Django admin (system admins only, tested in
#: test_permissions.py and test_two_factor.py) and the API's catch-all 404.
NOT_ENDPOINTS_PREFIXES = ("quan-tri/",)
NOT_ENDPOINTS_ROUTES = ("api/v1/^(?P<rest>.*)$",)


def site_patterns(patterns=None, prefix="", namespace=""):
    """(route, URL name, view) of every pattern the resolver knows, namespaces included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from site_patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if route.startswith(NOT_ENDPOINTS_PREFIXES) or route in NOT_ENDPOINTS_ROUTES:
                continue
            yield route, (f"{namespace}{entry.name}" if entry.name else None), entry.callback


def test_every_url_pattern_is_declared_in_the_matrix():
    missing = [f"{route} (name={name})" for route, name, _ in site_patterns() if name not in ENDPOINTS]
    assert not missing, (
        "These addresses are not in the permission matrix. Declare each in ENDPOINTS of "
        "tests/test_permission_matrix.py (who may read, who may write, how to build its URL "
        "arguments), e.g. \"movement-edit\": page(OFFICE, kw=pk(\"movement\")); give every "
        "pattern a name:\n  " + "\n  ".join(missing)
    )
    stale = sorted(set(ENDPOINTS) - {name for _, name, _ in site_patterns()})
    assert not stale, f"Declared in the permission matrix but no longer in the URL tree: {stale}"


def table_counts() -> dict[str, int]:
    """Rows of every table of ours and of the audit history, in one query. Sessions and login
    attempts are left out: a refused request may legitimately touch those."""
    skip = {"sessions", "axes", "admin", "contenttypes"}
    tables = sorted(
        model._meta.db_table for model in apps.get_models()
        if model._meta.app_label not in skip and model._meta.managed and not model._meta.proxy
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone()))


@pytest.fixture
def world(registry, users):
    office = users["office"]
    cy = cycle_services.cluster_year_create(actor=office, cluster=registry["cluster"], year=registry["year"])
    table = cycle_services.table_create(actor=office, cluster_year=cy, name="Bảng tiêu chí")
    group = cycle_services.group_save(actor=office, table=table, code="1", name="Chuyên môn", position=0)
    from decimal import Decimal

    criterion = cycle_services.criterion_save(actor=office, group=group, code="1.1", text="Hoàn thành kế hoạch", max_points=Decimal(60))
    proposal = award_services.proposal_create(
        actor=users["officer"], proposing_unit=registry["science"], year=registry["year"], title="Đề nghị khen thưởng",
    )
    article = news_services.article_create(actor=office, title="Hội nghị tổng kết", summary="Tóm tắt", body="<p>Nội dung</p>")
    article = news_services.article_publish(actor=office, article=article)
    from tests.movements.conftest import movement_fields, pdf
    from thidua.awards.models import AwardKind
    from thidua.movements import services as movement_services

    movement = movement_services.movement_launch(
        actor=office, movement=movement_services.movement_create(actor=office, plan_file=pdf(), **movement_fields(registry))
    )
    campaign = movement_services.campaign_create(
        actor=office, name="Đợt thi đua cao điểm", movement=movement, starts_on=movement.starts_on,
        ends_on=movement.ends_on, allowed_forms=list(AwardKind.objects.filter(code="BK_TINH")),
    )
    closed_year = cycle_services.cluster_year_create(actor=office, cluster=registry["cluster"], year=registry["year"] - 1)
    type(closed_year).objects.filter(pk=closed_year.pk).update(phase="closed")  # the walk there is tested elsewhere
    return {
        **registry, "users": users, "cy": cy, "closed_year": closed_year, "table": table, "criterion": criterion, "proposal": proposal,
        "movement": movement, "campaign": campaign,
        "article": article, "grant": RoleAssignment.objects.get(user=users["officer"]),
        "membership": registry["cluster"].memberships.first(),
    }


def client_as(client, users, who, rule: Rule):
    client.logout()
    headers = {}
    if who != ANON:
        if rule.api:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token_for(users[who])}"
        else:
            client.force_login(users[who])
    return headers


def refused_status(response, who, rule: Rule) -> bool:
    if response.status_code == 405:  # the address does not take this method from anyone
        return True
    if who == ANON and not rule.api:
        return response.status_code == 302 and reverse("login") in response["Location"]
    if who == ANON:
        return response.status_code == 401
    return response.status_code in (403, 404, 405)


def declared():
    names = {name for _, name, _ in site_patterns() if name in ENDPOINTS}
    return sorted(names)


@pytest.mark.parametrize("name", declared())
def test_roles_without_the_right_are_refused(client, world, name):
    rule = ENDPOINTS[name]
    url = reverse(name, kwargs=rule.kw(world))
    users = world["users"]
    problems = []
    write_methods = ("post", "put", "patch", "delete") if rule.api else ("post",)
    body = {k: (world["science"].pk if v == "SCIENCE" else v) for k, v in rule.body.items()}
    for who in [ANON, *ROLES]:
        headers = client_as(client, users, who, rule)
        if who not in rule.read:
            response = client.get(url, **headers)
            if not refused_status(response, who, rule):
                problems.append(f"{who} GET {url}: {response.status_code} (expected a refusal)")
        if who not in rule.write:
            for method in write_methods:
                before = table_counts()
                if rule.api:
                    response = getattr(client, method)(url, body, content_type="application/json", **headers)
                else:
                    response = getattr(client, method)(url, rule.data, **headers)
                if not refused_status(response, who, rule):
                    problems.append(f"{who} {method.upper()} {url}: {response.status_code} (expected a refusal)")
                after = table_counts()
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                if changed:
                    problems.append(f"{who} {method.upper()} {url} was refused but changed rows: {changed}")
    allowed = [who for who in ROLES + [ANON] if who in rule.read]
    if allowed:
        who = allowed[0]
        headers = client_as(client, users, who, rule)
        response = client.get(url, **headers)
        if response.status_code in (401, 403) or (response.status_code == 404 and not rule.public) or (response.status_code == 302 and reverse("login") in response["Location"]):
            problems.append(f"{who} GET {url}: {response.status_code}, but the matrix says {who} may read it")
    assert not problems, "\n".join(problems)


def test_an_unverified_session_of_an_enrolled_user_reaches_no_internal_address(client, world):
    """Two-factor login: with the password alone, every non-public address answers with the
    code step (or, for the token-authenticated API, ignores the session), and nothing changes."""
    from django_otp.oath import totp

    from thidua.organisations import twofactor

    office = world["users"]["office"]
    device = twofactor.enrolment_start(actor=office)
    twofactor.enrolment_confirm(
        actor=office, token=f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    )
    client.force_login(office)  # the password step, without the code
    problems = []
    open_to_unverified = {"login-otp", "logout"}
    for name in declared():
        rule = ENDPOINTS[name]
        if rule.public or name in open_to_unverified:
            continue
        url = reverse(name, kwargs=rule.kw(world))
        for method in ("get", "post"):
            before = table_counts()
            response = getattr(client, method)(url, rule.data) if not rule.api else getattr(client, method)(url)
            if rule.api:
                ok = response.status_code in (401, 405)  # no bearer token: the session counts for nothing
            else:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("login-otp"))
            if not ok:
                problems.append(f"{method.upper()} {url}: {response.status_code}")
            if table_counts() != before:
                problems.append(f"{method.upper()} {url} changed rows")
    assert not problems, "\n".join(problems)
