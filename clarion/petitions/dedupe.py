"""Who one signer is on a petition, kept as a keyed hash: the same person counts once, and the key tells
nobody without the hash key who it is.

A signature's dedupe key is clarion.core.keyed.keyed_hash of its canonical address (plus name and postal code
when the household rule lets several people share one address). Every submission is stored as its own
pending entry; uniqueness holds among *confirmed* signatures only (a partial unique constraint on
petition and dedupe key), and look-ups match keys made under every hash key still listed, so a rotation
never lets a confirmed person count twice.

Erasure and signing again: an anonymised signature (erased on request, or anonymised long after its
petition closed) keeps its keyed dedupe key and its confirmation, and nothing else about the signer. The same
address signing that petition again is told it has already signed, and never counts twice. A plain hash of
the address is never kept: with the database and a list of addresses, nobody can find an erased signer
without also holding the hash key. Anonymised keys cannot be re-keyed (their input is gone); see `rehash`.
"""

import hashlib

from django.db import connection, transaction

from clarion.core.keyed import is_current, keyed_hashes
from clarion.petitions.fraud import petition_settings
from clarion.petitions.models import PetitionPage, Signature

PURPOSE = "petitions.dedupe"
# Signatures anonymised before keys were keyed stored sha256("<petition>:<address>"); the upgrade keyed that
# digest under this purpose, so their signers still cannot count twice on a petition still open.
LEGACY_PURPOSE = "petitions.dedupe.anonymised-before-keying"


def source(canonical, name, postal_code, household_rule):
    """What makes one signer: the canonical address, plus name and postal code under the household rule."""
    if not household_rule:
        return canonical
    return "|".join([canonical, " ".join(name.lower().split()), postal_code.replace(" ", "").upper()])


def _legacy_keys(petition_id, canonical):
    digest = hashlib.sha256(f"{petition_id}:{canonical}".encode()).hexdigest()[:32]
    return keyed_hashes(digest, LEGACY_PURPOSE)


def person_keys(petition_id, canonical, name, postal_code, household_rule):
    """Every key this signer may be stored under on the petition; the first is the one to store now."""
    return (keyed_hashes(source(canonical, name, postal_code, household_rule), PURPOSE)
            + _legacy_keys(petition_id, canonical))


def keys_of(signature, household_rule):
    """person_keys of a live signature, under the household rule its own key was made with (the setting may
    have changed since); under the current rule, plus its own key, when no listed hash key matches it."""
    for household in (household_rule, not household_rule):
        keys = person_keys(signature.petition_id, signature.canonical_email, signature.name,
                           signature.postal_code, household)
        if signature.dedupe_key in keys:
            return keys
    return person_keys(signature.petition_id, signature.canonical_email, signature.name, signature.postal_code,
                       household_rule) + [signature.dedupe_key]


# One statement, two index look-ups: the partial unique index of confirmed keys, and the address's own rows.
_LOOK_UP_SQL = (
    "SELECT (SELECT MAX(id) FROM {table} WHERE petition_id = %s AND dedupe_key IN ({keys}) "
    "AND confirmed_at IS NOT NULL), "
    "(SELECT COUNT(*) FROM {table} WHERE canonical_email = %s AND petition_id = %s AND created_at >= %s)"
)


def look_up(petition, keys, canonical, since):
    """(id of this signer's confirmed signature or None, how many entries this address made since `since`)."""
    adapt = connection.ops.adapt_datetimefield_value
    sql = _LOOK_UP_SQL.format(table=Signature._meta.db_table, keys=", ".join(["%s"] * len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [petition.pk, *keys, canonical, petition.pk, adapt(since)])
        confirmed, entries = cursor.fetchone()
    return confirmed, entries


def confirmed_elsewhere(signature, keys):
    """Whether this signer has a confirmed signature on the petition already, under any listed hash key."""
    return (Signature.objects.filter(petition_id=signature.petition_id, dedupe_key__in=keys,
                                     confirmed_at__isnull=False).exclude(pk=signature.pk).exists())


def drop_other_entries(signature, keys):
    """Delete the signer's other pending entries on the petition: only the one confirmed decides anything."""
    return (Signature.objects.filter(petition_id=signature.petition_id, canonical_email=signature.canonical_email,
                                     dedupe_key__in=keys, confirmed_at__isnull=True)
            .exclude(pk=signature.pk).delete()[0])


def anonymised_key(signature, household_rule):
    """What an anonymised signature keeps of its signer: the current keyed dedupe key if it was confirmed (so
    they cannot count twice), nothing if it never was."""
    return keys_of(signature, household_rule)[0] if signature.confirmed_at else ""


def rehash(batch_size=1000):
    """Re-key live signatures made under an older hash key with the current one (`manage.py
    rehash_personal_data`), a batch per transaction. Returns what it did, and the anonymised signatures on
    open petitions it could not re-key (their old key must stay listed until those petitions close)."""
    household_rule = petition_settings().household_rule
    stale = (Signature.objects.filter(anonymised_at__isnull=True).exclude(dedupe_key="")
             .only("pk", "petition_id", "canonical_email", "name", "postal_code", "dedupe_key").order_by("pk"))
    batch, rekeyed = [], 0
    for signature in stale.iterator(chunk_size=batch_size):
        if not is_current(signature.dedupe_key):
            signature.dedupe_key = keys_of(signature, household_rule)[0]
            batch.append(signature)
        if len(batch) >= batch_size:
            rekeyed += _store_keys(batch)
            batch = []
    rekeyed += _store_keys(batch)
    open_petitions = [petition.pk for petition in PetitionPage.objects.all() if petition.accepts_signatures()]
    anonymised = Signature.objects.filter(petition_id__in=open_petitions, anonymised_at__isnull=False,
                                          confirmed_at__isnull=False).values_list("dedupe_key", flat=True)
    return {"rekeyed": rekeyed,
            "anonymised_under_old_keys": sum(1 for key in anonymised.iterator() if not is_current(key))}


def _store_keys(signatures):
    with transaction.atomic():
        return Signature.objects.bulk_update(signatures, ["dedupe_key"])
