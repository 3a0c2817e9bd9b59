"""The OpenAPI document that districts' and providers' developers read."""

from django.test import Client


def test_the_openapi_document_lists_the_routes_and_the_bearer_scheme(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    paths = document["paths"]
    assert set(paths) >= {
        "/api/v1/participants",
        "/api/v1/participants/{participant_id}",
        "/api/v1/participants/{participant_id}/audit-log",
        "/api/v1/organisation/job-centres",
    }
    assert {"get", "post"} <= set(paths["/api/v1/participants"])
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_the_reference_data_route_lists_the_jobbtorg_with_their_districts(staff):
    from tests.conftest import api_client_for

    response = api_client_for(staff.analyst).get("/api/v1/organisation/job-centres")
    assert response.status_code == 200
    by_slug = {centre["slug"]: centre for centre in response.json()}
    assert [d["slug"] for d in by_slug["jarva"]["districts"]] == ["rinkeby-kista", "spanga-tensta"]
    assert by_slug["sydost"]["location"] == "Vantör"
