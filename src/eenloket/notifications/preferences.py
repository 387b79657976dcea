"""How a person wants to be reached: the value object callers hand to ``message_queue``.

The intake (#6) stores a person's preferences (desk, phone, home visit, portal, e-mail, letter,
SMS, in order; refused ones; whether shared channels may carry detail) and turns them into this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eenloket.notifications.models import Channel

# What each contact channel of the intake means for a message: a conversation (desk, phone,
# home visit) becomes a task for a worker to call or tell the person.
INTAKE_TO_MESSAGE_CHANNEL = {
    "desk": Channel.CALL,
    "phone": Channel.CALL,
    "home_visit": Channel.CALL,
    "portal": Channel.PORTAL,
    "email": Channel.EMAIL,
    "letter": Channel.LETTER,
    "sms": Channel.SMS,
}


@dataclass(frozen=True)
class ChannelPreferences:
    ordered: tuple[str, ...]
    refused: frozenset[str] = field(default_factory=frozenset)
    detail_on_shared_channels: bool = False
    # "Also tell me by e-mail / SMS when there is news in Mijn overzicht" (thin content).
    news_also: tuple[str, ...] = ()

    @classmethod
    def from_intake(cls, ordered, refused=(), detail_on_shared_channels=False, news_also=()):
        """Translate intake channels (desk, phone, …) into message channels, keeping order."""
        seen: list[str] = []
        for channel in ordered:
            mapped = INTAKE_TO_MESSAGE_CHANNEL.get(channel, channel)
            if mapped not in seen:
                seen.append(mapped)
        refused_mapped = {INTAKE_TO_MESSAGE_CHANNEL.get(c, c) for c in refused}
        # Refusing "phone" does not refuse a visit at the desk: a channel is refused for
        # messages only when every intake channel that maps to it is refused.
        still_wanted = {INTAKE_TO_MESSAGE_CHANNEL.get(c, c) for c in ordered}
        return cls(
            ordered=tuple(seen),
            refused=frozenset(refused_mapped - still_wanted),
            detail_on_shared_channels=detail_on_shared_channels,
            news_also=tuple(c for c in news_also if c not in refused_mapped),
        )

    @classmethod
    def of_person(cls, person, default=("letter", "phone")):
        """A person's (or representative's) preferences as recorded at the desk or in the
        portal; ``default`` when they chose no order."""
        return cls.from_intake(
            person.channels_preferred or default,
            person.channels_refused,
            person.shared_channels_may_carry_detail,
            news_also=person.news_also_by,
        )
