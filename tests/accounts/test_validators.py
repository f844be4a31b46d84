import pytest
from django.core.exceptions import ValidationError

from accounts.validators import clean_display_name, handle_validator, validate_handle_not_reserved


@pytest.mark.django_db
@pytest.mark.parametrize("handle", ["anna", "Anna_K", "x_1_y", "a" * 30, "ABC"])
def test_valid_handles(handle):
    handle_validator(handle)
    validate_handle_not_reserved(handle)


@pytest.mark.parametrize(
    "handle", ["ab", "a" * 31, "anna k", "anna-k", "änna", "anna.k", "anna\n", "", "@anna"]
)
def test_invalid_handles(handle):
    with pytest.raises(ValidationError):
        handle_validator(handle)


@pytest.mark.parametrize("handle", ["admin", "Admin", "MODERATOR", "staff", "deleted_12"])
def test_reserved_handles(handle):
    with pytest.raises(ValidationError) as info:
        validate_handle_not_reserved(handle)
    assert info.value.code == "reserved_handle"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Anna Kühn  ", "Anna Kühn"),
        ("Jürgen   Groß", "Jürgen Groß"),
        ("Zoë O'Brien", "Zoë O'Brien"),
        ("Ana\u0301", "Aná"),  # NFC-normalised
        ("李小龍", "李小龍"),
    ],
)
def test_display_names_are_trimmed_and_normalised(raw, clean):
    assert clean_display_name(raw) == clean


@pytest.mark.parametrize(
    "raw", ["Anna\x00", "Anna\u202eevil", "Anna\x07", "Ann\u200ba", "   ", "!!!"]
)
def test_display_names_refuse_control_characters_and_empties(raw):
    with pytest.raises(ValidationError):
        clean_display_name(raw)
