"""Decimal arithmetic for money (万元) and percentages: two decimals, half up, never a float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def cents(amount: Decimal | int) -> Decimal:
    """The amount rounded half up to two decimals, the way a finance bureau rounds."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """part ÷ whole in percent, two decimals; None when whole is zero (there is nothing to divide by)."""
    if not whole:
        return None
    return cents(Decimal(part) * HUNDRED / Decimal(whole))


def ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole with two decimals (an index such as SPI); None when either is unknown or whole is zero."""
    if part is None or whole is None or not whole:
        return None
    return cents(part / whole)


def money_text(amount: Decimal | None) -> str:
    """An amount as people read it in the report: "589.20"; an em dash when unknown."""
    return "—" if amount is None else f"{cents(amount)}"
