"""An editor with a password, and signing in to the admin through its login form as a browser does."""

import pytest

PASSWORD = "candles at the camp gate"
LOGIN = "/admin/login/"


@pytest.fixture
def editor(db, django_user_model):
    """Farah, an editor (Wagtail's Editors group)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("farah", "farah@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(client, username, password, ip="198.51.100.7", **headers):
    """Post the admin's login form from `ip`; returns the unfollowed response."""
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip,
                       **headers)


def signed_in(answer):
    return answer.status_code == 302 and answer["Location"] == "/admin/"
