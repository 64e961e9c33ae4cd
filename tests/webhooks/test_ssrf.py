"""Pete protects the network: an admin account in the wrong hands cannot point a webhook at the database, the
cloud's metadata service or anything else on a private, loopback or link-local address."""

import pytest
from django.core.exceptions import ValidationError

from clarion.webhooks import actions
from clarion.webhooks.models import Delivery, DeliveryStatus
from tests.petitions.conftest import confirmed, make_petition
from tests.webhooks.conftest import deliver, endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production(settings):
    settings.CLARION_WEBHOOKS_ALLOW_PRIVATE = False
    settings.DEBUG = False


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("ada", "ada@example.org", "pw")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.0.0.5/hook",
    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/", "ftp://example.org/", "file:///etc/passwd",
    "http://user:pass@example.org/",
])
def test_private_and_odd_targets_are_refused(admin, url):
    with pytest.raises(ValidationError):
        actions.add_endpoint(name="Sneaky", url=url, events=["signature.confirmed"], acting_user=admin)


def test_a_private_target_saved_anyway_is_refused_at_delivery(receiver):
    endpoint(receiver.url())  # written directly, as a restored backup or a changed DNS answer would leave it
    confirmed(make_petition(), "miriam@example.org")
    deliver()
    delivery = Delivery.objects.get()
    assert receiver.received == []
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error.startswith("Refused")


def test_the_setting_lets_a_loopback_receiver_in(admin, receiver, settings):
    settings.CLARION_WEBHOOKS_ALLOW_PRIVATE = True
    actions.add_endpoint(name="Local", url=receiver.url(), events=["signature.confirmed"], acting_user=admin)
