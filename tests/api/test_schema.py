"""The OpenAPI schema, the offline docs, and the error body everywhere under /api/v1/."""

import json

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders

from tests.api import as_error, call, token_for

PATHS = {
    "/api/v1/units": {"get"},
    "/api/v1/units/{unit_id}": {"get"},
    "/api/v1/units/{unit_id}/awards": {"get"},
    "/api/v1/units/{unit_id}/eligibility": {"get"},
    "/api/v1/clusters": {"get"},
    "/api/v1/clusters/{cluster_id}": {"get"},
    "/api/v1/clusters/{cluster_id}/members": {"get"},
    "/api/v1/people": {"get"},
    "/api/v1/people/{person_id}": {"get"},
    "/api/v1/people/{person_id}/awards": {"get"},
    "/api/v1/people/{person_id}/eligibility": {"get"},
    "/api/v1/cluster-years": {"get"},
    "/api/v1/cluster-years/{year_id}": {"get"},
    "/api/v1/cluster-years/{year_id}/ranking": {"get"},
    "/api/v1/cluster-years/{year_id}/self-scores": {"get"},
    "/api/v1/cluster-years/{year_id}/self-scores/{criterion_id}": {"put"},
    "/api/v1/proposals": {"get"},
    "/api/v1/proposals/{proposal_id}": {"get"},
}


def test_schema_is_public_json_with_every_path(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.") and schema["info"]["title"] == "ThiĐua API"
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS
    assert schema["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert operation["security"] == [{"TokenAuth": []}], path
            assert operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    listed = schema["paths"]["/api/v1/units"]["get"]
    limit = next(p for p in listed["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200


def test_docs_never_use_a_cdn(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "jsdelivr" not in page and "https://" not in page and "/api/v1/openapi.json" in page


def test_docs_serve_swagger_from_local_static_files_once_ninja_is_installed(client, db, settings):
    if "ninja" not in django_settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*django_settings.INSTALLED_APPS, "ninja"]
    finders.get_finder.cache_clear()
    try:
        page = client.get("/api/v1/docs").content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in page and "https://" not in page
        assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
    finally:
        finders.get_finder.cache_clear()


def test_unknown_addresses_answer_in_the_error_shape(client, users):
    assert as_error(call(client, "get", "/khong-co", user=users["office"]), 404)["detail"] == "Không tìm thấy."
    assert as_error(client.get("/api/v1/khong-co/con/nua"), 404)


def test_a_body_that_is_not_json_is_400(client, users, registry):
    response = client.put(
        "/api/v1/cluster-years/1/self-scores/1", "{không phải json", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(users['officer'])}",
    )
    assert as_error(response, 400)["detail"] == "Nội dung yêu cầu không phải JSON hợp lệ."


def test_vietnamese_is_not_escaped(client, users, registry):
    response = call(client, "get", f"/units/{registry['science'].pk}", user=users["office"])
    assert "Sở Khoa học và Công nghệ".encode() in response.content


@pytest.mark.parametrize("method", ["post", "delete", "patch"])
def test_methods_the_api_does_not_offer_are_405(client, users, method):
    response = call(client, method, "/units", user=users["office"])
    assert response.status_code == 405
