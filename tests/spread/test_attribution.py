"""Share links carry who shared and where; the signing form keeps it, and anything malformed is dropped quietly."""

import pytest
from django.http import QueryDict

from clarion.petitions.models import Signature
from clarion.spread.attribution import read_attribution
from tests.petitions.conftest import sign
from tests.spread.conftest import confirmed

pytestmark = pytest.mark.django_db


def test_a_clean_share_link_is_read_in_full():
    attribution = read_attribution(QueryDict(
        "ref=23456789bc&src=WhatsApp&utm_source=newsletter&utm_medium=email&utm_campaign=june+appeal"))

    assert attribution.as_kwargs() == {
        "referral_code": "23456789bc", "channel": "whatsapp",
        "first_touch": {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "june appeal"},
    }


@pytest.mark.parametrize("query", [
    "ref=../../etc&src=carrier-pigeon",
    "ref=AAAAAAAAAA&src=",
    "ref=23456789bc'--&src=x%0d%0aSet-Cookie:1",
    "ref=" + "2" * 40 + "&src=" + "x" * 500,
    "utm_source=" + "s" * 101 + "&utm_medium=%00null&utm_term=tab%09here",
])
def test_malformed_ref_src_and_utm_values_are_ignored(query):
    attribution = read_attribution(QueryDict(query))

    assert attribution.referral_code == "" and attribution.channel == ""
    assert attribution.first_touch == ({"utm_term": "tab here"} if "utm_term" in query else {})


def test_a_signature_through_a_friends_link_records_recruiter_channel_and_source(client, petition):
    recruiter = confirmed(petition, "miriam@example.org").supporter

    response = sign(client, petition, email="kaveh@example.org", name="Kaveh Amini",
                    ref=recruiter.referral_code, src="telegram", utm_source="friends", utm_campaign="spring")

    assert response.status_code == 302
    recruit = Signature.objects.get(email="kaveh@example.org")
    assert (recruit.referrer, recruit.channel) == (recruiter, "telegram")
    assert recruit.first_touch == {"utm_source": "friends", "utm_campaign": "spring"}


def test_signing_with_a_garbled_ref_still_works_and_records_nothing_false(client, petition):
    response = sign(client, petition, email="kaveh@example.org", ref="<script>", src="myspace",
                    utm_source="\x07bell")

    assert response.status_code == 302
    recruit = Signature.objects.get(email="kaveh@example.org")
    assert (recruit.referrer, recruit.channel, recruit.first_touch) == (None, "", {})


def test_the_petition_page_keeps_the_landing_attribution_in_hidden_inputs(client, petition):
    page = client.get(petition.url + '?ref=23456789bc&src=x&utm_source="><b>bold</b>&utm_medium=social').content

    assert b'name="ref" value="23456789bc"' in page
    assert b'name="src" value="x"' in page
    assert b'name="utm_medium" value="social"' in page
    assert b"<b>bold</b>" not in page
    assert b'name="utm_source" value="&quot;&gt;&lt;b&gt;bold&lt;/b&gt;"' in page


def test_a_refused_form_keeps_the_attribution_for_the_second_try(client, petition):
    response = sign(client, petition, email="not-an-address", ref="23456789bc", src="facebook")

    assert response.status_code == 400
    assert b'name="ref" value="23456789bc"' in response.content
    assert b'name="src" value="facebook"' in response.content
