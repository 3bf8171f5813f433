"""The rules that turn what a manager typed into clean values, or say plainly what is wrong."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from smarket_planner.domain import rules
from smarket_planner.domain.enums import RaciLetter, TaskForceKind
from smarket_planner.domain.errors import ValidationError

PlainEnglish = Callable[[str], None]


def rejected(rule: Callable[..., object], value: object, field: str, **options: Any) -> ValidationError:
    """The ValidationError ``rule`` raises for ``value``; it must name ``field``."""
    with pytest.raises(ValidationError) as caught:
        rule(value, field, **options)
    assert caught.value.field == field
    assert str(caught.value) == caught.value.message
    return caught.value


# --- text and names ---------------------------------------------------------------------


def test_text_of_nothing_is_empty() -> None:
    assert rules.clean_text(None, "note") == ""


def test_text_is_stripped_but_keeps_its_lines_and_tabs() -> None:
    assert rules.clean_text("  first line\n\tsecond line \n", "note") == "first line\n\tsecond line"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("a\x00b", "ab"),
        ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
        ("form\x0cfeed and vertical\x0btab", "formfeed and verticaltab"),
        ("delete\x7f", "delete"),
        ("c1\x80 and\x9f", "c1 and"),
        ("carriage\r\nreturn", "carriage\r\nreturn"),
    ],
)
def test_text_loses_control_characters_but_not_line_ends(typed: str, kept: str) -> None:
    assert rules.clean_text(typed, "note") == kept


@pytest.mark.parametrize("value", [12, 1.5, b"bytes", ["a"], True])
def test_text_must_be_text(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_text, value, "note")
    assert error.message == "Note must be text."
    plain_english(error.message)


def test_text_may_reach_its_limit_but_not_pass_it(plain_english: PlainEnglish) -> None:
    assert rules.clean_text("x" * 50, "note", max_length=50) == "x" * 50
    # The limit applies to what is kept, after the surrounding space is stripped.
    assert rules.clean_text("   " + "x" * 50 + "  ", "note", max_length=50) == "x" * 50
    error = rejected(rules.clean_text, "x" * 51, "note", max_length=50)
    assert "51" in error.message and "at most 50" in error.message
    plain_english(error.message)


def test_text_has_a_generous_default_limit(plain_english: PlainEnglish) -> None:
    assert len(rules.clean_text("y" * rules.TEXT_MAX, "why")) == rules.TEXT_MAX
    error = rejected(rules.clean_text, "y" * (rules.TEXT_MAX + 1), "why")
    assert "100,001 characters" in error.message and "at most 100,000" in error.message
    plain_english(error.message)


def test_name_is_one_line_with_single_spaces() -> None:
    assert rules.clean_name("  Ann \t  Lee\n  ") == "Ann Lee"
    assert rules.clean_name("Nord\x00ic  launch") == "Nordic launch"


def test_name_keeps_letters_of_every_script() -> None:
    assert rules.clean_name("Lançamento 李 Ωmega") == "Lançamento 李 Ωmega"


@pytest.mark.parametrize("value", [None, "", "   ", "\t\n", "\x00\x01\x7f", " \x85 "])
def test_name_cannot_be_empty(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_name, value, "name")
    assert error.message == "Name cannot be empty."
    plain_english(error.message)


def test_name_error_names_the_field_given(plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_name, "  ", "title")
    assert error.message == "Title cannot be empty."
    plain_english(error.message)


def test_name_has_a_length_limit(plain_english: PlainEnglish) -> None:
    assert rules.clean_name("n" * rules.NAME_MAX) == "n" * rules.NAME_MAX
    error = rejected(rules.clean_name, "n" * (rules.NAME_MAX + 1), "name")
    assert "at most 120" in error.message
    plain_english(error.message)


def test_name_limit_can_be_raised_for_titles() -> None:
    title = "t" * rules.TITLE_MAX
    assert rules.clean_name(title, "title", max_length=rules.TITLE_MAX) == title
    rejected(rules.clean_name, title + "t", "title", max_length=rules.TITLE_MAX)


def test_name_must_be_text(plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_name, 42, "name")
    plain_english(error.message)


@given(st.text())
def test_a_clean_name_is_one_tidy_line_and_cleaning_it_again_changes_nothing(typed: str) -> None:
    try:
        name = rules.clean_name(typed)
    except ValidationError as error:
        assert error.field == "name"
        return
    assert name
    assert name == name.strip()
    assert "  " not in name
    assert not any(unicodedata.category(char) == "Cc" for char in name)
    assert not any(char.isspace() and char != " " for char in name)
    assert len(name) <= rules.NAME_MAX
    assert rules.clean_name(name) == name


@given(st.text())
def test_clean_text_keeps_no_control_character_but_tab_and_line_ends(typed: str) -> None:
    text = rules.clean_text(typed, "note")
    assert text == text.strip()
    assert all(unicodedata.category(char) != "Cc" or char in "\t\n\r" for char in text)
    assert rules.clean_text(text, "note") == text


def _text_the_long_way(value: str, max_length: int) -> str:
    """clean_text as the rules define it, without the shortcut for text that is already clean."""
    text = rules._CONTROL.sub("", value).strip()
    if len(text) > max_length:
        raise ValidationError("x", "too long")
    return text


def _name_the_long_way(value: str, max_length: int) -> str:
    text = _text_the_long_way(" ".join(_text_the_long_way(value, rules.TEXT_MAX).split()), max_length)
    if not text:
        raise ValidationError("x", "empty")
    return text


# Text near the edges of the shortcut: spaces of every kind, controls, marks, letters of several scripts.
_EDGY_TEXT = st.text(
    st.sampled_from(
        " \t\n\r\x0b\x0c\x1c\x1f\x7f\x85\x9f\xa0\u1680\u2000\u200b\u200d\u2028\u202f\u3000\ufeff"
        "aZé中ع\u05d0\u0301'-.@"
    )
    | st.characters(),
    max_size=12,
) | st.text(" a\xa0\t\x85é", max_size=8)  # mostly spaces: doubled, leading, trailing


@pytest.mark.parametrize("max_length", [0, 3, 8, rules.NAME_MAX])
@given(typed=_EDGY_TEXT)
@example(typed="a  b")
@example(typed=" ab")
@example(typed="ab ")
@example(typed="a\xa0b")
@example(typed="")
@example(typed="a\tb")
@example(typed="a\x85")
@example(typed="\u200bab")
@example(typed="abcdefghi")
def test_clean_text_and_name_answer_as_the_long_way_does(typed: str, max_length: int) -> None:
    """Text already clean is returned at once; that shortcut must give what the full rules give."""
    for rule, long_way in ((rules.clean_text, _text_the_long_way), (rules.clean_name, _name_the_long_way)):
        try:
            expected: str | None = long_way(typed, max_length)
        except ValidationError:
            expected = None
        try:
            got: str | None = rule(typed, "x", max_length=max_length)
        except ValidationError:
            got = None
        assert got == expected, (rule.__name__, typed)


@pytest.mark.parametrize("max_length", [3, 8, rules.NAME_MAX])
@given(texts=st.lists(_EDGY_TEXT, max_size=6))
@example(texts=["Ana Lima", "Bo  Berg"])
@example(texts=["Ana", " Bo"])
@example(texts=["Ana ", "Bo"])
@example(texts=["Ana", ""])
@example(texts=["Ana\x1f Bo"])
@example(texts=["Ana\x1f", " Bo"])
def test_names_looked_at_together_are_plain_only_when_each_is(texts: list[str], max_length: int) -> None:
    """plain_names, which answers for thousands at once, never says yes to a name clean_name would change."""
    if rules.plain_names(texts, max_length):
        assert all(rules.clean_name(text, max_length=max_length) == text for text in texts)


def test_ordinary_names_are_plain_together() -> None:
    names = ["Ana Lima", "Zoë Müller", "山田 太郎", "عمر الفاروق", "O'Brien", "Lee, Kim"]
    names.append("x" * rules.NAME_MAX)
    assert rules.plain_names(names)
    assert rules.plain_names([])
    assert not rules.plain_names([*names, "x" * (rules.NAME_MAX + 1)])


_EMAILISH = _EDGY_TEXT | st.emails() | st.builds("{}@{}.{}".format, _EDGY_TEXT, _EDGY_TEXT, _EDGY_TEXT)


def _email_the_long_way(value: str) -> str | None:
    text = _text_the_long_way(value, rules.EMAIL_MAX)
    if not text:
        return None
    if not rules._EMAIL.match(text):
        raise ValidationError("email", "not an address")
    return text.lower()


@given(typed=_EMAILISH)
@example(typed="Ana@Example.COM")
@example(typed="ana@example.com\n")
@example(typed=" ana@example.com")
@example(typed="ana@exa\x85mple.com")
@example(typed="ana@ex\x01ample.com")
@example(typed="an\x7fa@example.com")
@example(typed="ana@example.c\x9fom")
@example(typed="ΑΣ@ΣΑΣ.ΣΣ")
@example(typed="a@b." + "c" * 260)
def test_clean_email_answers_as_the_long_way_does(typed: str) -> None:
    """An address that is plainly one is lower-cased at once; that must be what the full rules give."""
    try:
        expected: str | None = _email_the_long_way(typed)
    except ValidationError:
        expected = "refused"
    try:
        got = rules.clean_email(typed)
    except ValidationError:
        got = "refused"
    assert got == expected, typed


@given(texts=st.lists(_EMAILISH))
@example(texts=["an\x7fa@example.com", "ana@ex\x01ample.com", "ana@example.c\x9fom", "ANA@EXAMPLE.COM"])
def test_emails_looked_at_together_are_what_clean_email_makes_of_each(texts: list[str]) -> None:
    """plain_emails answers for thousands at once; for each text it answers, clean_email agrees."""
    answered = rules.plain_emails(texts)
    assert set(answered) <= set(texts)
    for text, email in answered.items():
        assert rules.clean_email(text) == email


def test_ordinary_emails_are_answered_together() -> None:
    emails = ["ana@example.com", "Bo.Berg@Example.CO.UK", "zoë@exämple.de", "o'brien+hr@example.com"]
    assert rules.plain_emails(emails) == {email: email.lower() for email in emails}
    assert rules.plain_emails(["not an address", "a@b", " ana@example.com"]) == {}


# --- numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [(3, 3.0), (2.5, 2.5), ("4.25", 4.25), (" 7 ", 7.0), (-3, -3.0), (0, 0.0), ("1e3", 1000.0)],
)
def test_number_accepts_numbers_and_numeric_text(value: object, number: float) -> None:
    result = rules.clean_number(value, "target")
    assert result == number
    assert type(result) is float


@pytest.mark.parametrize("value", [True, False, None, [1], {"value": 1}, b"3"])
def test_number_rejects_what_is_not_a_number(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_number, value, "target")
    assert error.message == "Target must be a number."
    plain_english(error.message)


@pytest.mark.parametrize("value", ["abc", "", "12 apples", "1,5"])
def test_number_rejects_text_that_is_not_a_number(value: str, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_number, value, "target")
    assert f"'{value}'" in error.message
    plain_english(error.message)


@pytest.mark.parametrize(
    "value",
    [math.nan, math.inf, -math.inf, "nan", "NaN", "inf", "-inf", "Infinity", "1e400", 10**400],
)
def test_number_must_be_finite(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_number, value, "baseline")
    assert error.message.startswith("Baseline must be a")
    plain_english(error.message)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_number_passes_exactly_when_it_is_finite(value: float) -> None:
    if math.isfinite(value):
        assert rules.clean_number(value, "value") == value
        assert rules.clean_number(repr(value), "value") == value
    else:
        rejected(rules.clean_number, value, "value")


def test_optional_number_may_be_left_out() -> None:
    assert rules.clean_optional_number(None, "target") is None
    assert rules.clean_optional_number("", "target") is None
    assert rules.clean_optional_number("5", "target") == 5.0
    rejected(rules.clean_optional_number, "nan", "target")


@pytest.mark.parametrize("value", [0, 100, 50.5, "75", " 0 "])
def test_percent_from_0_to_100(value: object) -> None:
    assert rules.clean_percent(value, "allocation_pct") == float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [-0.1, -5, 100.1, 250, "101"])
def test_percent_outside_0_to_100_is_refused(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_percent, value, "capacity_pct")
    assert error.message.startswith("Capacity must be between 0 and 100%")
    plain_english(error.message)


def test_percent_message_says_what_was_given() -> None:
    error = rejected(rules.clean_percent, 150, "capacity_pct")
    assert error.message == "Capacity must be between 0 and 100%, not 150%."


@pytest.mark.parametrize("value", [True, "nan", math.inf, None])
def test_percent_must_be_a_real_number(value: object, plain_english: PlainEnglish) -> None:
    plain_english(rejected(rules.clean_percent, value, "incentive_pct").message)


def test_positive_allows_zero_but_not_less(plain_english: PlainEnglish) -> None:
    assert rules.clean_positive(0, "weight") == 0.0
    assert rules.clean_positive("3.5", "weight") == 3.5
    error = rejected(rules.clean_positive, -0.5, "weight")
    assert error.message == "Weight cannot be negative."
    plain_english(error.message)


@pytest.mark.parametrize(("value", "whole"), [(1, 1), (10, 10), ("7", 7), (7.0, 7), ("3.0", 3)])
def test_whole_number_in_range(value: object, whole: int) -> None:
    result = rules.clean_whole(value, "confidence", 1, 10)
    assert result == whole
    assert type(result) is int


@pytest.mark.parametrize("value", [0, 11, -1, 5.5, "5.5", True, "nan", None, 10**400])
def test_whole_number_out_of_range_or_fractional(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_whole, value, "confidence", low=1, high=10)
    plain_english(error.message)


def test_whole_number_message_gives_the_range() -> None:
    error = rejected(rules.clean_whole, 11, "confidence", low=1, high=10)
    assert error.message == "Confidence must be a whole number from 1 to 10."


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (date(2026, 3, 31), date(2026, 3, 31)),
        (datetime(2026, 3, 31, 17, 45), date(2026, 3, 31)),
        ("2026-03-31", date(2026, 3, 31)),
        (" 2026-03-31 ", date(2026, 3, 31)),
        ("2028-02-29", date(2028, 2, 29)),
    ],
)
def test_date_from_a_date_or_iso_text(value: object, day: date) -> None:
    result = rules.clean_date(value, "start_date")
    assert result == day
    assert type(result) is date


@pytest.mark.parametrize("value", [None, ""])
def test_date_may_be_left_out(value: object) -> None:
    assert rules.clean_date(value, "start_date") is None


@pytest.mark.parametrize(
    "value", ["2026-02-30", "2027-02-29", "31/03/2026", "tomorrow", "2026-13-01", 20260331, 3.5, True]
)
def test_date_that_is_not_a_date(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_date, value, "due_date")
    assert error.message == "Due date must be a date such as 2026-03-31."
    plain_english(error.message)


@pytest.mark.parametrize("value", [None, ""])
def test_required_date_must_be_given(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_required_date, value, "checked_on")
    assert error.message == "Checked on is required."
    plain_english(error.message)


def test_required_date_accepts_a_date() -> None:
    assert rules.clean_required_date("2026-05-04", "checked_on") == date(2026, 5, 4)
    rejected(rules.clean_required_date, "4 May", "checked_on")


def test_end_may_equal_or_follow_its_start() -> None:
    rules.check_order(date(2026, 1, 1), date(2026, 1, 1))
    rules.check_order(date(2026, 1, 1), date(2026, 6, 30))
    rules.check_order(None, date(2026, 1, 1))
    rules.check_order(date(2026, 1, 1), None)


def test_end_before_start_is_refused(plain_english: PlainEnglish) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.check_order(date(2026, 6, 30), date(2026, 6, 1))
    assert caught.value.field == "end_date"
    assert "2026-06-01" in caught.value.message and "2026-06-30" in caught.value.message
    plain_english(caught.value.message)


def test_end_before_start_names_the_end_field_given() -> None:
    with pytest.raises(ValidationError) as caught:
        rules.check_order(date(2026, 6, 30), date(2026, 6, 1), "due_date")
    assert caught.value.field == "due_date"


# --- choices ----------------------------------------------------------------------------


def test_choice_by_member_or_by_value() -> None:
    assert rules.clean_choice(TaskForceKind.CAMPAIGN, "kind", TaskForceKind) is TaskForceKind.CAMPAIGN
    assert rules.clean_choice("market_entry", "kind", TaskForceKind) is TaskForceKind.MARKET_ENTRY
    assert rules.clean_choice("A", "letter", RaciLetter) is RaciLetter.ACCOUNTABLE


def test_choice_not_in_the_list(plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_choice, "launch", "kind", enum=TaskForceKind)
    assert "product_launch" in error.message and "other" in error.message
    assert "'launch'" in error.message
    plain_english(error.message)


@pytest.mark.parametrize("value", [None, "", 3, ["R"]])
def test_choice_left_empty_or_of_the_wrong_sort(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_choice, value, "letter", enum=RaciLetter)
    assert error.message.startswith("Letter must be one of: R, A, C, I")
    plain_english(error.message)


# --- colours, e-mail, times -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "colour"), [("#1F77B4", "#1f77b4"), (" #abcdef ", "#abcdef"), ("#000000", "#000000")]
)
def test_colour_as_hex(value: str, colour: str) -> None:
    assert rules.clean_colour(value) == colour


@pytest.mark.parametrize(
    "value", ["1f77b4", "#12345", "#1234567", "#ggg000", "red", "", None, 0x1F77B4, "#1f77b4\n#000000"]
)
def test_colour_that_is_not_hex(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_colour, value, "colour")
    assert "#RRGGBB" in error.message
    plain_english(error.message)


def test_email_is_kept_in_lower_case() -> None:
    assert rules.clean_email(" Ann.Lee@Example.COM ") == "ann.lee@example.com"
    assert rules.clean_email("ann+launch@sales.example.co.uk") == "ann+launch@sales.example.co.uk"


@pytest.mark.parametrize("value", [None, "", "   "])
def test_email_may_be_left_out(value: object) -> None:
    assert rules.clean_email(value) is None


@pytest.mark.parametrize(
    "value", ["ann", "ann@", "@example.com", "ann@example", "ann lee@example.com", "a@b@example.com"]
)
def test_email_that_is_not_an_address(value: str, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_email, value, "email")
    assert error.message == f"'{value}' is not an e-mail address."
    plain_english(error.message)


def test_email_has_a_length_limit() -> None:
    rejected(rules.clean_email, "a" * 250 + "@x.io", "email")


@pytest.mark.parametrize("value", ["09:30", "00:00", "23:59", " 18:05 "])
def test_time_as_hours_and_minutes(value: str) -> None:
    assert rules.clean_time(value, "rhythm_time") == value.strip()


@pytest.mark.parametrize("value", [None, ""])
def test_time_may_be_left_out(value: object) -> None:
    assert rules.clean_time(value, "rhythm_time") is None


@pytest.mark.parametrize("value", ["9:30", "24:00", "12:60", "noon", "0930", "09.30", "09:30:00", 930])
def test_time_that_is_not_a_time(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_time, value, "rhythm_time")
    plain_english(error.message)


# --- references -------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 42, 2**40])
def test_id_of_something_in_the_plan(value: int) -> None:
    assert rules.clean_id(value, "function_id") == value


@pytest.mark.parametrize("value", [0, -1, True, False, "3", 2.0, None])
def test_id_that_names_nothing(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_id, value, "function_id")
    assert error.message == "Function must name something in the plan."
    plain_english(error.message)


def test_optional_id() -> None:
    assert rules.clean_optional_id(None, "lead_id") is None
    assert rules.clean_optional_id(5, "lead_id") == 5
    rejected(rules.clean_optional_id, 0, "lead_id")


def test_ids_lose_repeats_and_keep_their_order() -> None:
    assert rules.clean_ids([3, 1, 3, 2, 1], "owner_function_ids") == (3, 1, 2)
    assert rules.clean_ids((), "owner_function_ids") == ()
    assert rules.clean_ids((n for n in (5, 4, 5)), "owner_function_ids") == (5, 4)


@given(st.lists(st.integers(min_value=1, max_value=20)))
def test_ids_are_the_first_appearances_in_order(ids: list[int]) -> None:
    cleaned = rules.clean_ids(ids, "committed_person_ids")
    assert list(cleaned) == list(dict.fromkeys(ids))


@pytest.mark.parametrize("value", ["12", b"12", None, 7])
def test_ids_must_be_a_list(value: object, plain_english: PlainEnglish) -> None:
    error = rejected(rules.clean_ids, value, "owner_function_ids")
    assert "must be a list" in error.message
    plain_english(error.message)


@pytest.mark.parametrize("value", [[1, 0], [1, True], [1, "2"], [None]])
def test_ids_with_one_bad_reference(value: list[object], plain_english: PlainEnglish) -> None:
    plain_english(rejected(rules.clean_ids, value, "committed_person_ids").message)
