"""Build a pack into a private temporary folder and rename it into place only when every file is written: a
failed build leaves nothing half-made behind, and a retry starts from nothing."""

import logging
import shutil
import uuid

from django.utils.translation import gettext_noop

from clarion.delivery import actions, figures
from clarion.delivery.models import DeliveryPack
from clarion.delivery.names import write_csv, write_volumes
from clarion.delivery.summary import write_summary

logger = logging.getLogger(__name__)

SUMMARY_FILE = "summary.pdf"
CSV_FILE = "names.csv"
# The summary counts as this many names in the progress bar (it takes about as long as that many).
SUMMARY_WEIGHT = 5_000


class Progress:
    """Adds done work and writes it at most every `every` names, so a large pack does not write per batch."""

    def __init__(self, pack_id, every=2_000):
        self.pack_id, self.every, self.done, self.reported = pack_id, every, 0, 0

    def stage(self, name):
        actions.report_progress(self.pack_id, stage=name, done=self.done)

    def __call__(self, n):
        self.done += n
        if self.done - self.reported >= self.every:
            self.reported = self.done
            actions.report_progress(self.pack_id, done=self.done)


def build(pack_id):
    """Build the pack named; returns False when it was not waiting to be built (taken, or done)."""
    if not actions.claim_build(pack_id):
        return False
    pack = DeliveryPack.objects.select_related("petition").get(pk=pack_id)
    final = pack.directory
    for leftover in final.parent.glob(f".{pack_id}.*.building") if final.parent.exists() else ():
        shutil.rmtree(leftover, ignore_errors=True)  # a stalled build's, whose worker was killed
    work = final.with_name(f".{pack_id}.{uuid.uuid4().hex}.building")
    try:
        files, counts = _write_files(pack, work)
        old = final.with_name(f".{pack_id}.{uuid.uuid4().hex}.old")
        if final.exists():
            final.rename(old)
        work.rename(final)
        if not actions.finish_build(pack_id, files=files, **counts):
            shutil.rmtree(final, ignore_errors=True)  # withdrawn meanwhile: a signer it names was erased
        shutil.rmtree(old, ignore_errors=True)
    except Exception as error:
        logger.exception("Delivery pack %s failed", pack_id)
        shutil.rmtree(work, ignore_errors=True)
        actions.fail_build(pack_id, f"{type(error).__name__}: {error}")
        return False
    return True


def _write_files(pack, work):
    petition = pack.petition
    work.mkdir(parents=True, mode=0o700)
    pack.verified = figures.verified(petition).count()
    pack.paper = figures.paper_total(petition)
    pack.names = figures.names_for_target(petition).count()
    progress = Progress(pack.pk)
    actions.report_progress(pack.pk, total=SUMMARY_WEIGHT + 2 * pack.names, done=0)
    progress.stage(gettext_noop("summary"))
    write_summary(pack, work / SUMMARY_FILE)
    progress(SUMMARY_WEIGHT)
    progress.stage(gettext_noop("names (CSV)"))
    write_csv(petition, work / CSV_FILE, progress)
    progress.stage(gettext_noop("names (PDF volumes)"))
    volumes = write_volumes(pack, work, progress)
    return [SUMMARY_FILE, CSV_FILE, *volumes], {"verified": pack.verified, "paper": pack.paper,
                                                 "names": pack.names, "done": progress.done}
