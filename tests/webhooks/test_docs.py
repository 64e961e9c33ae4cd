"""The receiver example in docs/api.md works: run against a real delivery, it accepts it and refuses a forgery.
Every code block of the webhooks section is run here unless marked `<!-- not run: reason -->`."""

import re
from pathlib import Path

import pytest

from tests.petitions.conftest import confirmed, make_petition
from tests.webhooks.conftest import deliver, endpoint

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"(<!-- not run: [^>]+-->\n)?```python\n(.*?)```", re.S)


def section_blocks():
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Webhooks", 1)[1].split("\n## ", 1)[0]
    return [(bool(marked), code) for marked, code in BLOCK.findall(section)]


def test_every_block_is_run_or_says_why_not():
    blocks = section_blocks()
    assert blocks and any(not marked for marked, _code in blocks)


def test_the_documented_receiver_accepts_a_delivery_and_refuses_a_forgery(receiver):
    namespace = {}
    for marked, code in section_blocks():
        if not marked:
            exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102 (our own documentation)
    crm = endpoint(receiver.url())
    confirmed(make_petition(), "miriam@example.org")
    deliver()
    (delivery,) = receiver.received

    event = namespace["read_delivery"](crm.secret, delivery["body"], delivery["headers"])
    assert event["type"] == "signature.confirmed"
    forged = delivery["body"].replace(b'"count":', b'"count":9')
    assert forged != delivery["body"]
    assert namespace["read_delivery"](crm.secret, forged, delivery["headers"]) is None
