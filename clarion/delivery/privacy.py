"""A signer erased after a pack listed their name: the pack's files go, so their name is neither sent nor kept.

Every pack of a petition on which they chose to give their name is withdrawn (a pack being built is stopped
at its end, clarion.delivery.build); an editor builds it again without them. A pack already sent keeps its
record, but the files behind the target's link go too: what the target downloaded before is out of reach."""

from django.utils.translation import gettext

from clarion.core import supporter_data
from clarion.delivery.models import DeliveryPack, PackStatus
from clarion.delivery.signals import remove_files_on_commit


def erase(supporter):
    chose = supporter_data.find("signatures", supporter).filter(name_to_target=True)
    packs = DeliveryPack.objects.filter(petition_id__in=chose.values("petition_id"))
    for pack in packs.exclude(status=PackStatus.FAILED, files=[]):
        withdraw(pack, gettext("Withdrawn: a signer it named was erased. Build the pack again."))


def withdraw(pack, why):
    DeliveryPack.objects.filter(pk=pack.pk).update(status=PackStatus.FAILED, error=why, files=[], stage="")
    remove_files_on_commit(pack)


def register():
    supporter_data.register_erasure(erase)
