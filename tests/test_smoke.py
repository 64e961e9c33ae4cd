import pytest


@pytest.mark.django_db
def test_demo_home_page_shows_eleven_slides(client, demo):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('aria-roledescription="slide"') == 11
    assert 'aria-roledescription="carousel"' in html
