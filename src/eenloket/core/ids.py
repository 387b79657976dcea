"""Identifiers: UUID version 7, so new rows sort by creation time and indexes stay compact."""

import os
import time
import uuid


def uuid7() -> uuid.UUID:
    """Return a new time-ordered UUID (RFC 9562, version 7)."""
    unix_ms = time.time_ns() // 1_000_000
    random_bits = int.from_bytes(os.urandom(10), "big")
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= (random_bits >> 68) << 64 & (0xFFF << 64)  # 12 random bits
    value |= 0b10 << 62  # variant
    value |= random_bits & ((1 << 62) - 1)
    return uuid.UUID(int=value)
