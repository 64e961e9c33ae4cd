"""The per-petition append-only log of counted signatures (see docs/transparency.md).

Receipts are random; the log keeps only their SHA-256, so neither it nor its proofs say anything about a
signer, and erasing a signer leaves the log as it was."""

from django.db import models


class Receipt(models.Model):
    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    # SET_NULL: an erased signature's leaf stays and still counts for what it was.
    signature = models.OneToOneField("petitions.Signature", null=True, on_delete=models.SET_NULL,
                                     related_name="transparency_receipt")
    receipt_hash = models.BinaryField(max_length=32, unique=True)
    # Kept only until the thank-you mail and page have shown it (see receipts.forget_secrets).
    secret = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shown_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"receipt {bytes(self.receipt_hash).hex()[:12]}…"


class EntryKind(models.IntegerChoices):
    COUNT = 0, "count"
    REVOKE = 1, "revoke"


class LogEntry(models.Model):
    """Leaf `index` of a petition's log: its data is one kind byte and the receipt hash (33 bytes)."""

    wagtail_reference_index_ignore = True

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+",
                                 db_index=False)  # as Node's
    index = models.BigIntegerField()
    kind = models.PositiveSmallIntegerField(choices=EntryKind.choices)
    receipt_hash = models.BinaryField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "index"], name="transparency_entry_index")]
        indexes = [models.Index(fields=["petition", "receipt_hash"], name="transparency_entry_receipt")]

    def __str__(self):
        return f"entry {self.index} of petition {self.petition_id}"

    @property
    def data(self):
        return bytes([self.kind]) + bytes(self.receipt_hash)


class Node(models.Model):
    """The hash of the perfect subtree of leaves [index * 2**level, (index + 1) * 2**level): kept so a proof in
    a million-leaf log reads a few dozen rows."""

    # The unique (petition, level, index) index serves every look-up: a second one on petition alone only
    # tempts the planner into scanning a petition's millions of rows.
    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+",
                                 db_index=False)
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "level", "index"],
                                               name="transparency_node_position")]

    def __str__(self):
        return f"node {self.level}/{self.index} of petition {self.petition_id}"


class LogState(models.Model):
    """The log's size and count, locked by the counting round that appends (never by signing)."""

    petition = models.OneToOneField("petitions.PetitionPage", on_delete=models.CASCADE, primary_key=True,
                                    related_name="+")
    size = models.BigIntegerField(default=0)
    count = models.BigIntegerField(default=0)

    def __str__(self):
        return f"log of petition {self.petition_id}: {self.size} entries"


class TreeHead(models.Model):
    """A signed tree head: what the log held at a moment, signed with the site's Ed25519 key."""

    petition = models.ForeignKey("petitions.PetitionPage", on_delete=models.CASCADE, related_name="+")
    tree_size = models.BigIntegerField()
    count = models.BigIntegerField()
    timestamp = models.BigIntegerField()  # milliseconds since the Unix epoch
    root_hash = models.BinaryField(max_length=32)
    signature = models.BinaryField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["petition", "tree_size"], name="transparency_head_size")]
        ordering = ["tree_size"]

    def __str__(self):
        return f"head of size {self.tree_size} of petition {self.petition_id}"
