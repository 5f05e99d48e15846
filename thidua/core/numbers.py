"""Numbers written the Vietnamese way."""

from decimal import Decimal


def format_points(value) -> str:
    """Decimal comma, no trailing zeros: Decimal("19.50") -> "19,5", Decimal("40.00") -> "40"."""
    number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    return f"{number:f}".replace(".", ",")
