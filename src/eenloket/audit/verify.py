"""Check every chain and checkpoint of both logs; report the first break precisely."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from eenloket.audit.chain import (
    GENESIS_HASH,
    MODELS,
    checkpoint_signature_valid,
    digest_values,
    hashed_attnames,
)
from eenloket.audit.models import AuditEntry, ChainHead, Checkpoint

BATCH = 5000


@dataclass(frozen=True)
class Break:
    log: str
    partition: str  # the chain's month, YYYY-MM
    position: int
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self):
        return (
            f"{self.log} log, partition {self.partition}, position {self.position}: {self.reason}"
        )


@dataclass
class Report:
    entries: int = 0
    chains: int = 0
    checkpoints: int = 0
    broken: Break | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def as_dict(self) -> dict:
        return {
            "intact": self.intact,
            "entries": self.entries,
            "chains": self.chains,
            "checkpoints": self.checkpoints,
            "broken": self.broken.as_dict() if self.broken else None,
        }


def _dropped_months_recorded() -> dict[tuple[str, str], str]:
    """Return (log, month) -> head hash as recorded in the audit chain when it was dropped."""
    recorded = {}
    for changes in AuditEntry.objects.filter(action="log.partition_dropped").values_list(
        "changes", flat=True
    ):
        recorded[(changes["log"], changes["month"])] = changes["head_hash"]
    return recorded


def _verify_chain(log: str, head: ChainHead, report: Report) -> Break | None:
    month = f"{head.chain_month:%Y-%m}"
    model = MODELS[log]
    checkpoints = {}
    for checkpoint in Checkpoint.objects.filter(log=log, chain_month=head.chain_month):
        report.checkpoints += 1
        if not checkpoint_signature_valid(checkpoint):
            return Break(log, month, checkpoint.position, "checkpoint signature is not valid")
        checkpoints.setdefault(checkpoint.position, []).append(checkpoint.head_hash)

    attnames = hashed_attnames(model)
    at_position = attnames.index("position")
    at_prev = attnames.index("prev_hash")
    expected_position, expected_prev = 1, head.anchor_hash
    last_seen = 0
    while True:
        # Plain tuples, not model instances: verifying a million lines stays cheap.
        batch = list(
            model.objects.filter(chain_month=head.chain_month, position__gte=expected_position)
            .order_by("position")
            .values_list(*attnames, "entry_hash")[:BATCH]
        )
        for row in batch:
            position, stored_hash = row[at_position], row[-1]
            if position != expected_position:
                return Break(log, month, expected_position, "entry missing (deleted?)")
            if row[at_prev] != expected_prev:
                return Break(log, month, position, "link to the previous entry is broken")
            if digest_values(log, attnames, row[:-1]) != stored_hash:
                return Break(log, month, position, "entry content does not match its hash")
            for signed_hash in checkpoints.get(position, ()):
                if signed_hash != stored_hash:
                    return Break(log, month, position, "entry differs from signed checkpoint")
            report.entries += 1
            last_seen = position
            expected_prev = stored_hash
            expected_position += 1
        if len(batch) < BATCH:
            break

    if last_seen < head.last_position:
        return Break(log, month, last_seen + 1, "entries missing at the end of the chain")
    if last_seen > head.last_position or expected_prev != head.last_hash:
        return Break(log, month, head.last_position, "chain head does not match the entries")
    beyond = [position for position in checkpoints if position > last_seen]
    if beyond:
        return Break(log, month, min(beyond), "entries signed in a checkpoint are missing")
    return None


def verify() -> Report:
    """Verify both logs end to end; stop at the first break."""
    report = Report()
    dropped_recorded = _dropped_months_recorded()
    for log in MODELS:
        previous_final = GENESIS_HASH
        for head in ChainHead.objects.filter(log=log).order_by("chain_month"):
            report.chains += 1
            month = f"{head.chain_month:%Y-%m}"
            if head.anchor_hash != previous_final:
                report.broken = Break(
                    log, month, 1, "chain is not anchored to the previous month's last entry"
                )
                return report
            if head.dropped_at is not None:
                # Retention dropped this month; its last hash must be the one recorded, in the
                # audit chain, when it was dropped.
                if dropped_recorded.get((log, month)) != head.last_hash:
                    report.broken = Break(
                        log, month, head.last_position, "dropped month not recorded as dropped"
                    )
                    return report
                previous_final = head.last_hash
                continue
            broken = _verify_chain(log, head, report)
            if broken:
                report.broken = broken
                return report
            previous_final = head.last_hash
    return report
