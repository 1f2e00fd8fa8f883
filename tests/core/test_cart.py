import pytest
from hypothesis import given, strategies as st

from app.core.cart import Cart, CartError, Discount, ProductInfo, allocate_discount
from app.core.vat import VatClass

MILK = ProductInfo(1, "MO-1", "Milch", 119, VatClass.REDUCED)
SOAP = ProductInfo(2, "DR-2", "Seife", 199, VatClass.STANDARD)
APPLES = ProductInfo(3, "OG-3", "Äpfel", 299, VatClass.REDUCED, weighed=True, base_unit="kg")


def test_same_item_increments():
    cart = Cart()
    assert cart.add_product(MILK) == (0, False)
    assert cart.add_product(MILK) == (0, True)
    assert cart.lines[0].quantity == 2 and cart.total_cents == 238


def test_weighed_never_merges_and_computes_amount():
    cart = Cart()
    cart.add_weighed(APPLES, gtin="x", weight_g=1500)
    cart.add_weighed(APPLES, gtin="y", weight_g=1500)
    assert len(cart.lines) == 2
    assert cart.lines[0].gross_cents == 449  # 1,5 kg x 2,99 = 4,485 -> 4,49
    with pytest.raises(CartError):
        cart.add_product(APPLES)


def test_price_embedded_derives_weight():
    cart = Cart()
    cart.add_weighed(APPLES, gtin="x", amount_cents=598)
    line = cart.lines[0]
    assert line.gross_cents == 598 and line.weight_g == 2000


def test_quantity_remove_discounts():
    cart = Cart()
    cart.add_product(MILK)
    cart.add_product(SOAP)
    soap = cart.lines[1].line_id
    cart.set_quantity(soap, 3)
    assert cart.subtotal_cents == 119 + 597
    cart.set_line_discount(soap, Discount("percent", 1000))
    assert cart.lines[1].discount_cents == 60
    cart.set_basket_discount(Discount("amount", 100))
    assert cart.total_cents == 119 + 537 - 100
    assert sum(cart.final_line_totals()) == cart.total_cents
    cart.remove(cart.lines[0].line_id)
    assert len(cart.lines) == 1
    with pytest.raises(CartError):
        cart.set_quantity(soap, 0)
    with pytest.raises(CartError):
        cart.set_line_discount(soap, Discount("percent", 10_001))


def test_roundtrip_document():
    cart = Cart()
    cart.add_product(MILK)
    cart.add_weighed(APPLES, gtin="2800001012345", weight_g=700)
    cart.set_basket_discount(Discount("percent", 500, approved_by=3))
    again = Cart.from_dict(cart.to_dict())
    assert again == cart


line_st = st.tuples(st.sampled_from([MILK, SOAP]), st.integers(1, 20))


@given(st.lists(line_st, min_size=1, max_size=25), st.integers(0, 10_000), st.booleans())
def test_vat_breakdown_sums_to_total_for_any_cart(items, disc, as_percent):
    cart = Cart()
    for product, qty in items:
        cart.add_product(ProductInfo(len(cart.lines) + 10, product.sku, product.name, product.gross_price_cents,
                                     product.vat_class), quantity=qty)
    cart.set_basket_discount(Discount("percent", disc) if as_percent else Discount("amount", disc))
    groups = cart.vat_groups()
    assert sum(g.gross_cents for g in groups) == cart.total_cents
    assert all(g.net_cents + g.vat_cents == g.gross_cents for g in groups)
    assert cart.total_cents >= 0


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=30), st.integers(0, 10**7))
def test_allocation(totals, discount):
    discount = min(discount, sum(totals))
    out = allocate_discount(totals, discount)
    assert sum(out) == sum(totals) - discount
    assert all(0 <= o <= t for o, t in zip(out, totals))


def test_a_scale_label_whose_price_makes_no_sense_for_the_product_is_refused():
    """Found by review: a price label over a tiny catalog price gave a weight beyond the protocol's bound, and
    the sale failed only at the end, after the customer had paid."""
    import pytest

    from app.core.cart import Cart, CartError, ProductInfo

    cheap = ProductInfo(product_id=9, sku="X", name="Kräuter lose", gross_price_cents=1, vat_class="B", weighed=True)
    cart = Cart()
    with pytest.raises(CartError, match="passt nicht"):
        cart.add_weighed(cheap, gtin="2912345000000", amount_cents=1_500)  # 15 € at 0,01 €/kg: 1.5 t
    with pytest.raises(CartError, match="passt nicht"):
        cart.add_weighed(cheap, gtin="2912345000000", weight_g=0)
    cart.add_weighed(cheap, gtin="2912345000000", weight_g=250)
    assert len(cart.lines) == 1
