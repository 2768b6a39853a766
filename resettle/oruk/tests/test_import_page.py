import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from resettle.oruk import views_interchange
from resettle.oruk.tests.import_helpers import (
    SERVICE,
    package_files,
    snapshot,
    valid_tables,
    zip_bytes,
)
from resettle.services.models import Service

pytestmark = pytest.mark.django_db

URL = "/directory-data/"


def _package(tables=None):
    return SimpleUploadedFile(
        "directory.zip", zip_bytes(package_files(tables or valid_tables())), "application/zip"
    )


def test_it_lives_where_the_navigation_links():
    assert reverse("interchange:import") == URL


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]
    response = client.post(URL, {"file": _package()})
    assert response.status_code == 302
    assert not Service.objects.filter(pk=SERVICE).exists()


@pytest.mark.parametrize("persona", ["manager", "caseworker", "outsider"])
@pytest.mark.parametrize(
    "url", [URL, "/directory-data/export/directory.json", "/directory-data/export/directory.zip"]
)
def test_it_hides_the_page_and_downloads_from_everyone_but_administrators(
    request, sign_in, persona, url
):
    client = sign_in(request.getfixturevalue(persona))
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["manager", "caseworker", "outsider"])
def test_it_refuses_an_upload_from_everyone_but_administrators(request, sign_in, persona):
    client = sign_in(request.getfixturevalue(persona))
    assert client.post(URL, {"file": _package()}).status_code == 404
    assert not Service.objects.filter(pk=SERVICE).exists()


def test_it_shows_administrators_the_upload_form_and_downloads(sign_in, administrator):
    response = sign_in(administrator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="file"' in page
    assert reverse("interchange:export_json") in page
    assert reverse("interchange:export_package") in page


def test_it_imports_an_upload_and_shows_the_counts(sign_in, administrator):
    response = sign_in(administrator).post(URL, {"file": _package()})
    assert response.status_code == 200
    assert "The directory data was imported." in response.content.decode()
    assert Service.objects.filter(pk=SERVICE).exists()


def test_it_only_checks_when_asked(sign_in, administrator):
    before = snapshot()
    response = sign_in(administrator).post(URL, {"file": _package(), "check_only": "on"})
    assert response.status_code == 200
    assert "Nothing was changed because you chose to check it only" in response.content.decode()
    assert snapshot() == before


def test_it_lists_each_problem_in_a_table_and_changes_nothing(sign_in, administrator):
    tables = valid_tables()
    tables["services"][0]["status"] = "opn"
    before = snapshot()
    response = sign_in(administrator).post(URL, {"file": _package(tables)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "<title>Error: Import and export directory data" in page
    assert 'id="import-errors"' in page
    assert "services.csv" in page
    assert "&#x27;opn&#x27; is not one of active, inactive, defunct, temporarily closed" in page
    assert snapshot() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select a .json or .zip file to import"),
        (SimpleUploadedFile("directory.csv", b"id\n"), "must be a .json or .zip file"),
        (SimpleUploadedFile("directory.json", b""), "The selected file is empty"),
    ],
)
def test_it_explains_what_is_wrong_with_the_upload(sign_in, administrator, upload, message):
    data = {"file": upload} if upload else {}
    response = sign_in(administrator).post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_refuses_uploads_over_the_size_limit(sign_in, administrator, monkeypatch):
    monkeypatch.setattr(views_interchange, "MAX_UPLOAD_BYTES", 100)
    response = sign_in(administrator).post(URL, {"file": _package()})
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()
    assert not Service.objects.filter(pk=SERVICE).exists()


def test_it_answers_a_broken_json_upload_with_a_message(sign_in, administrator):
    upload = SimpleUploadedFile("directory.json", b"[{]", "application/json")
    response = sign_in(administrator).post(URL, {"file": upload})
    assert response.status_code == 400
    assert "is not valid JSON" in response.content.decode()


def test_it_gives_administrators_the_directory_as_hsds_json(sign_in, administrator):
    from resettle.testing.factories import ServiceFactory

    service = ServiceFactory(name="Housing casework")
    response = sign_in(administrator).get(reverse("interchange:export_json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(b"".join(response.streaming_content))
    assert [s["id"] for s in document["services"]] == [str(service.pk)]


def test_it_gives_administrators_the_directory_as_a_data_package(sign_in, administrator):
    from resettle.testing.factories import ServiceFactory

    service = ServiceFactory(name="Housing casework")
    response = sign_in(administrator).get(reverse("interchange:export_package"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "datapackage.json" in archive.namelist()
    assert str(service.pk) in archive.read("services.csv").decode()


def test_it_answers_a_malformed_content_length_without_a_server_error(sign_in, administrator):
    client = sign_in(administrator)
    response = client.post(reverse("interchange:import"), {}, CONTENT_LENGTH="not-a-number")
    assert response.status_code < 500
