"""A small petition with every kind of signer the pack must tell apart, and the pack built from it."""

import pytest

from clarion.delivery import actions
from clarion.delivery.build import build
from clarion.petitions.models import SignatureState
from tests.petitions.test_admin_support import add_signatures

WORDING = "Yes, give my name to the Minister with the petition."


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test's packs in its own folder: ids start again with each test's database."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def mixed_petition(petition):
    """3 verified who chose to give their name, 2 verified who did not, and one each pending, invalidated,
    held and erased who ticked the box: only the first three may be named."""
    petition.ask_name_to_target, petition.name_to_target_text, petition.postal_code = True, WORDING, "optional"
    petition.save()
    chosen = {"name_to_target": True, "name_to_target_text": WORDING}
    add_signatures(petition, 1, name="Amira Haddad", country="DE", postal_code="10115", **chosen)
    add_signatures(petition, 1, name="=HYPERLINK(1)", country="FR", postal_code="75001", **chosen)
    add_signatures(petition, 1, name="Jonas Berg", country="DE", postal_code="10117", comment="For the children.",
                   comment_state="approved", show_name=True, **chosen)
    add_signatures(petition, 2, name="Quiet Signer", country="GB")
    add_signatures(petition, 1, name="Pending Person", state=SignatureState.PENDING, **chosen)
    add_signatures(petition, 1, name="Invalid Person", state=SignatureState.INVALIDATED, **chosen)
    add_signatures(petition, 1, name="Held Person", state=SignatureState.HELD, **chosen)
    return petition


def build_pack(petition, cover_letter="Dear Minister,\nplease read this.", user=None):
    pack = actions.request_pack(petition, cover_letter=cover_letter, acting_user=user)
    assert build(pack.pk)
    pack.refresh_from_db()
    return pack
