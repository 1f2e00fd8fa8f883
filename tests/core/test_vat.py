from hypothesis import given, strategies as st

from app.core.vat import VatClass, net_from_gross, vat_breakdown


def test_known_values():
    groups = vat_breakdown([(VatClass.STANDARD, 119), (VatClass.REDUCED, 107), (VatClass.ZERO, 100)])
    assert [(g.vat_class, g.net_cents, g.vat_cents) for g in groups] == [
        (VatClass.STANDARD, 100, 19), (VatClass.REDUCED, 100, 7), (VatClass.ZERO, 100, 0)]


def test_rounding_half_up_per_group():
    # 0,10 € at 19 %: net = 8,403... -> 8 ; at 7 %: 9,345... -> 9
    assert net_from_gross(10, 19) == 8
    assert net_from_gross(10, 7) == 9
    # half exactly: 107 * 100 / 107 is exact; 0,535 -> 0,54
    assert net_from_gross(1177, 7) == 1100


@given(st.lists(st.tuples(st.sampled_from(list(VatClass)), st.integers(0, 10**7)), max_size=60))
def test_breakdown_sums_to_total(items):
    groups = vat_breakdown(items)
    assert sum(g.gross_cents for g in groups) == sum(c for _, c in items)
    for g in groups:
        assert g.net_cents + g.vat_cents == g.gross_cents
        assert g.vat_cents >= 0
    assert len({g.vat_class for g in groups}) == len(groups)
