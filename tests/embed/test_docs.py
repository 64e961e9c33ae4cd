"""The embed section of docs/api.md says what the embed does: each of its ```sh blocks runs against a live
server, with SITE, PETITION and PARTNER set, and prints what the text promises."""

import os
import re
import subprocess
from pathlib import Path

import pytest

from clarion.petitions.models import PetitionPartner, Signature
from tests.embed.conftest import OPT_IN, PARTNER

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK = re.compile(r"(<!-- not run: [^>]+-->\n)?```(\w+)\n(.*?)```", re.S)


def section_blocks():
    section = DOCS.read_text(encoding="utf-8").split("## Embedding the petition", 1)[1].split("\n## ", 1)[0]
    return [(bool(marked), language, code) for marked, language, code in BLOCK.findall(section)]


def test_every_block_is_run_or_says_why_not():
    blocks = section_blocks()
    assert [code for marked, language, code in blocks if language == "sh" and not marked]
    assert all(marked for marked, language, _code in blocks if language != "sh")


@pytest.fixture
def served_petition(live_server, django_db_serialized_rollback, _migrations_data):
    from tests.petitions.conftest import make_petition

    petition = make_petition()
    PetitionPartner.objects.create(petition=petition, name="Partner Aid", origin=PARTNER, opt_in_text=OPT_IN)
    return live_server.url, petition


def test_the_documented_commands_read_sign_and_refuse(served_petition):
    site, petition = served_petition
    environment = {**os.environ, "SITE": site, "PETITION": str(petition.pk), "PARTNER": PARTNER}
    outputs = []
    for marked, language, block in section_blocks():
        if language == "sh" and not marked:
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", block], env=environment, capture_output=True,
                                  text=True, timeout=60, check=False)
            assert done.returncode == 0, done.stderr
            outputs.append(done.stdout)

    read, sign, refused = outputs
    assert read.strip() == f"{petition.title} 0 Partner Aid"
    assert sign.startswith("204\n") and '"status": "check_email"' in sign
    assert '"status": 403' in refused and "partner sites" in refused
    signature = Signature.objects.get()
    assert (signature.partner.name, signature.partner_consent_text) == ("Partner Aid", OPT_IN)
