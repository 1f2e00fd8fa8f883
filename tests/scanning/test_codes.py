from app.scanning.codes import classify, is_cart_code


def test_each_kind_of_code_is_told_apart():
    assert (classify("TRESEN-CART:tre5en").kind, classify("TRESEN-CART:tre5en").value) == ("cart", "TRE5EN")
    assert classify(" tresen-cart:TRE5EN ").kind == "cart"
    assert classify("TRESEN-ORDER:WEB-100001").value == "WEB-100001"
    assert classify("web-100001").kind == "order"
    assert classify("R10010100000042").kind == "receipt"
    assert classify("KD10000001").kind == "customer"
    for product in ("4006381333931", "10012345678902", "2112345012345", "12345670", "TRESEN-CART:0OI1XX"):
        assert classify(product).kind == "product", product


def test_short_codes_avoid_letters_read_out_wrongly():
    assert is_cart_code("tre5en") and not is_cart_code("TRE0EN") and not is_cart_code("TRE5E")
