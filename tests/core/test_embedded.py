from hypothesis import given, strategies as st

from app.core.embedded import make_embedded, parse_embedded
from sync.common.gtin import is_valid
from sync.common.scale_labels import DEFAULT_RULES, EmbeddedRule


def test_price_and_weight_defaults():
    price = make_embedded(DEFAULT_RULES[0], "10001", 349)
    assert price.startswith("2110001") and is_valid(price)
    assert parse_embedded(price, DEFAULT_RULES).kind == "price"
    assert parse_embedded(price, DEFAULT_RULES).value == 349
    weight = make_embedded(DEFAULT_RULES[-1], "10001", 1234)
    assert parse_embedded(weight, DEFAULT_RULES).kind == "weight"


def test_store_specific_layout():
    # A chain that puts a 4-digit item number at 3..6 and a 4-digit price at 8..11 under prefix 20
    rule = EmbeddedRule("20", "price", 3, 4, 8, 4)
    code = make_embedded(rule, "4711", 999)
    got = parse_embedded(code, [rule])
    assert (got.item_number, got.value) == ("4711", 999)
    assert parse_embedded(code, DEFAULT_RULES) is None


def test_not_embedded():
    assert parse_embedded("4006381333931", DEFAULT_RULES) is None
    bad = make_embedded(DEFAULT_RULES[0], "10001", 349)
    assert parse_embedded(bad[:-1] + str((int(bad[-1]) + 1) % 10), DEFAULT_RULES) is None


@given(st.sampled_from(DEFAULT_RULES), st.integers(0, 99999), st.integers(0, 99999))
def test_roundtrip(rule, item, value):
    code = make_embedded(rule, f"{item:05d}", value)
    got = parse_embedded(code, DEFAULT_RULES)
    assert (got.item_number, got.value, got.kind) == (f"{item:05d}", value, rule.kind)
