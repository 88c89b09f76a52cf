from extractor.vocab.numbers import parse_number


def test_documented_number_rules():
    assert parse_number("£14,923") == 14923
    assert parse_number("85%") == 85
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("(1,234)") == -1234
    assert parse_number("£40K") == 40000
    assert parse_number("£1.2m") == 1_200_000


def test_not_numbers():
    for text in ("10-14", "4/4", "2016/17", "Total", "", None, "12 months"):
        assert parse_number(text) is None, text
