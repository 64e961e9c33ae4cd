"""The read section's curl examples in docs/api.md, run against a live server holding a small campaign."""

import pytest

from tests.api.docs_blocks import blocks, run

READ = blocks("Reading")


@pytest.fixture
def read_variables(live_server, django_db_serialized_rollback, _migrations_data, campaign):
    return {"CLARION": live_server.url, "PETITION": str(campaign.open.pk)}


def test_the_read_section_has_examples():
    assert len([block for block in READ if not block.skip]) >= 5


@pytest.mark.parametrize("block", READ, ids=[block.id for block in READ])
def test_read_example_runs(block, read_variables, tmp_path):
    if block.skip:
        pytest.skip(block.skip)
    assert run(block, read_variables, tmp_path).strip()
