"""Checks that turn what a manager typed into clean values, or say what is wrong."""

from __future__ import annotations

import colorsys
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from smarket_planner.domain.errors import ValidationError

NAME_MAX = 120
TITLE_MAX = 200
TEXT_MAX = 100_000
SHORT_TEXT_MAX = 2_000
EMAIL_MAX = 254
KEY_MAX = 64  # the names of a graph and of its nodes, as kept with a dragged node's place

E = TypeVar("E", bound=StrEnum)
Rule = Callable[[object, str], object]

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# An address as _EMAIL has it, with nothing clean_text takes out (no space, no control character).
_PLAIN_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f]+\.[^@\s\x00-\x1f\x7f-\x9f]+")
_APART = "\x1f"  # the unit separator, between texts looked at together
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Control characters other than tab and newline corrupt exports and print as garbage
# (C0, DEL and the C1 range U+0080-U+009F, which pastes from old documents bring in).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _label(field: str) -> str:
    return field.replace("_pct", "").replace("_id", "").replace("_", " ").capitalize()


def _is_plain(text: str) -> bool:
    """Whether text has nothing the rules take out: no control character, no space but single ones
    inside (printable text holds no whitespace but the plain space)."""
    return text.isprintable() and text[:1] != " " and text[-1:] != " "


def clean_text(value: object, field: str, *, max_length: int = TEXT_MAX) -> str:
    """Free text: stripped of control characters, at most ``max_length`` characters."""
    if type(value) is str and _is_plain(value) and len(value) <= max_length:
        return value  # the common case, answered without a copy
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{_label(field)} must be text.")
    text = _CONTROL.sub("", value).strip()
    if len(text) > max_length:
        raise ValidationError(
            field,
            f"{_label(field)} is too long ({len(text):,} characters; at most {max_length:,}).",
        )
    return text


def clean_name(value: object, field: str = "name", *, max_length: int = NAME_MAX) -> str:
    """A name or title: single line, not empty, not over-long."""
    if type(value) is str and _is_plain(value) and "  " not in value and 0 < len(value) <= max_length:
        return value  # one line, single spaces: nothing to take out
    text = " ".join(clean_text(value, field).split())
    if not text:
        raise ValidationError(field, f"{_label(field)} cannot be empty.")
    return clean_text(text, field, max_length=max_length)


def clean_tags(value: object, field: str = "tags") -> str:
    """Tags as typed, comma separated: each trimmed, the same tag in another case kept once."""
    text = clean_text(value, field, max_length=SHORT_TEXT_MAX)
    seen: dict[str, str] = {}
    for tag in text.split(","):
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return ", ".join(seen.values())


def name_key(name: str) -> str:
    """A name as it is compared: the same letters in any case, in any script, however they were typed
    (composed or not), with single spaces: "ÖSTERREICH  Launch" and "österreich launch" are one name."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_number(value: object, field: str) -> float:
    """A finite number (not NaN, not infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValidationError(field, f"{_label(field)} must be a number.")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ValidationError(field, f"{_label(field)} must be a number, not '{value}'.") from None
    if not math.isfinite(number):
        raise ValidationError(field, f"{_label(field)} must be a real number, not '{value}'.")
    return number


def clean_optional_number(value: object, field: str) -> float | None:
    """A finite number, or nothing."""
    return None if value is None or value == "" else clean_number(value, field)


def clean_percent(value: object, field: str) -> float:
    """A percentage from 0 to 100."""
    number = clean_number(value, field)
    if not 0 <= number <= 100:
        raise ValidationError(field, f"{_label(field)} must be between 0 and 100%, not {number:g}%.")
    return number


def clean_positive(value: object, field: str) -> float:
    """A number of zero or more."""
    number = clean_number(value, field)
    if number < 0:
        raise ValidationError(field, f"{_label(field)} cannot be negative.")
    return number


def clean_whole(value: object, field: str, low: int, high: int) -> int:
    """A whole number between ``low`` and ``high``."""
    number = clean_number(value, field)
    if number != int(number) or not low <= number <= high:
        raise ValidationError(field, f"{_label(field)} must be a whole number from {low} to {high}.")
    return int(number)


def clean_date(value: object, field: str) -> date | None:
    """A calendar date (or ISO text such as 2026-03-31), or nothing."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(field, f"{_label(field)} must be a date such as 2026-03-31.")


def clean_required_date(value: object, field: str) -> date:
    """A calendar date that must be given."""
    day = clean_date(value, field)
    if day is None:
        raise ValidationError(field, f"{_label(field)} is required.")
    return day


def clean_choice(value: object, field: str, enum: type[E]) -> E:
    """One of an enum's members, given as the member or its value."""
    try:
        return enum(str(value))
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        # Echo only what was typed: "(not 'None')" would show a program's word to a manager.
        given = f" (not '{value}')" if isinstance(value, str) and value else ""
        raise ValidationError(field, f"{_label(field)} must be one of: {choices}{given}.") from None


def clean_colour(value: object, field: str = "colour") -> str:
    """A colour written as #RRGGBB."""
    if not isinstance(value, str) or not _COLOUR.match(value.strip()):
        raise ValidationError(field, "Colour must be written as #RRGGBB, for example #1f77b4.")
    return value.strip().lower()


def clean_email(value: object, field: str = "email") -> str | None:
    """An e-mail address, or nothing."""
    if type(value) is str and len(value) <= EMAIL_MAX and _PLAIN_EMAIL.fullmatch(value):
        return value.lower()  # plainly an address: nothing to take out
    text = clean_text(value, field, max_length=EMAIL_MAX)
    if not text:
        return None
    if not _EMAIL.match(text):
        raise ValidationError(field, f"'{text}' is not an e-mail address.")
    return text.lower()


def plain_names(texts: Sequence[str], max_length: int = NAME_MAX) -> bool:
    """Whether clean_name gives back each of these texts as it is: thousands looked at in one go."""
    if not texts:
        return True
    joined = _APART.join(texts)  # no clean text holds the separator: it is a control character
    return (
        all(texts)
        and "".join(texts).isprintable()
        and max(map(len, texts)) <= max_length
        and "  " not in joined
        and f"{_APART} " not in joined
        and f" {_APART}" not in joined
        and joined[0] != " "
        and joined[-1] != " "
    )


def plain_emails(texts: Iterable[str]) -> dict[str, str]:
    """The texts that are plainly e-mail addresses, each with what clean_email makes of it (thousands
    in one go); the others need clean_email itself."""
    plain = _PLAIN_EMAIL.fullmatch
    return {text: text.lower() for text in texts if len(text) <= EMAIL_MAX and plain(text)}


def clean_time(value: object, field: str) -> str | None:
    """A time of day as HH:MM, or nothing."""
    text = clean_text(value, field, max_length=5)
    if not text:
        return None
    if not _TIME.match(text):
        raise ValidationError(field, f"{_label(field)} must be a time such as 09:30.")
    return text


def clean_id(value: object, field: str) -> int:
    """A reference to another thing in the plan."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(field, f"{_label(field)} must name something in the plan.")
    return value


def clean_optional_id(value: object, field: str) -> int | None:
    """A reference to another thing in the plan, or nothing."""
    return None if value is None else clean_id(value, field)


def clean_ids(value: object, field: str) -> tuple[int, ...]:
    """Several references, without repeats, in the order given."""
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise ValidationError(field, f"{_label(field)} must be a list.")
    seen: dict[int, None] = {}
    for item in value:
        seen[clean_id(item, field)] = None
    return tuple(seen)


def check_order(start: date | None, end: date | None, field: str = "end_date") -> None:
    """An end date may not come before its start date."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            field, f"The end ({end.isoformat()}) cannot be before the start ({start.isoformat()})."
        )


# The colours a new function takes, in turn, before any is used twice.
FUNCTION_COLOURS = ("#2f7ed8", "#cf6a1f", "#8b5fd6", "#d64c8f", "#1f9471", "#6f7f99", "#a2801a", "#c0392b")


def unused_colour(taken: Collection[str]) -> str:
    """A colour for a new function that no function has yet, as far as the palette goes."""
    used = {colour.lower() for colour in taken}
    for colour in FUNCTION_COLOURS:
        if colour not in used:
            return colour
    # Past the palette: hues a golden angle apart, so neighbours in turn stay far apart on the wheel.
    for turn in range(len(used), len(used) + 360):
        red, green, blue = colorsys.hls_to_rgb((turn * 0.381966) % 1.0, 0.45, 0.55)
        colour = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
        if colour not in used:
            return colour
    return FUNCTION_COLOURS[len(used) % len(FUNCTION_COLOURS)]
