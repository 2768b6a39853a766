import pytest
from django.urls import reverse

from resettle.places.models import Borough

pytestmark = pytest.mark.django_db


def test_it_shows_the_home_page_with_a_search_form(client):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Find support after prison in London</h1>' in content
    assert f'action="{reverse("services:search")}"' in content
    assert 'method="get"' in content
    assert 'name="q"' in content
    assert 'name="borough"' in content
    assert '<label class="govuk-label govuk-label--s" for="home-q">' in content
    assert '<label class="govuk-label govuk-label--s" for="home-borough">' in content


def test_it_offers_every_borough_by_its_slug(client):
    content = client.get(reverse("pages:home")).content.decode()
    southwark = Borough.objects.get(name="Southwark")
    assert f'<option value="{southwark.slug}">Southwark</option>' in content
    assert content.count("<option value=") == Borough.objects.count() + 1


def test_it_shows_the_home_page_to_signed_in_staff(sign_in, caseworker):
    response = sign_in(caseworker).get(reverse("pages:home"))
    assert response.status_code == 200
    # Staff are already signed in, so the page does not offer to sign them in again.
    assert reverse("accounts:sign_in") not in response.content.decode()


@pytest.mark.parametrize(
    ("name", "heading", "must_mention"),
    [
        (
            "pages:accessibility",
            "Accessibility statement for Resettle",
            [
                "WCAG",
                "2.2",
                "axe-core",
                "Chromium",
                "Equality Advisory and Support Service",
                "What to do if you cannot use this website",
                "Reporting accessibility problems with this website",
                "How we tested this website",
            ],
        ),
        (
            "pages:privacy",
            "Privacy notice",
            [
                "Article 6(1)(e)",
                "Article 6(1)(f)",
                "Article 9",
                "Schedule 1",
                "criminal offence data",
                "special category data",
                "Information Commissioner",
                "controller",
                "processor",
                "How long we keep information",
                "Your rights",
            ],
        ),
    ],
)
def test_it_shows_the_statements(client, name, heading, must_mention):
    response = client.get(reverse(name))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in content
    for phrase in must_mention:
        assert phrase in content, phrase
    assert "lorem" not in content.lower()


def test_it_keeps_headings_in_order_on_the_statements(client):
    import re

    for name in ("pages:home", "pages:accessibility", "pages:privacy"):
        content = client.get(reverse(name)).content.decode()
        main = content[content.index("<main") : content.index("</main>")]
        levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
        assert levels[0] == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (name, levels)


def test_it_answers_the_health_check(client):
    response = client.get(reverse("pages:healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
