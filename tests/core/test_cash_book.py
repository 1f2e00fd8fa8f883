"""The cash book's layout (issue 12): a movement's note is never cut, the DSFinV-K names read as German."""

from datetime import datetime

from app.core.cash import movement_name
from app.core.cash_book import CashBookEntry, layout_cash_book


def test_a_long_note_goes_on_below_and_the_balance_adds_up():
    entries = [CashBookEntry(datetime(2026, 11, 30, 8, 55), 1, "Anfangsbestand", 15_000),
               CashBookEntry(datetime(2026, 11, 30, 11, 2), 4, "Auszahlung: DHL Nachnahme Sendung 00340434161094027134",
                             -2_390)]
    lines = layout_cash_book(entries, store_name="Markt", register_id="1001-01", day=datetime(2026, 11, 30),
                             counted_cents=12_600)
    text = "\n".join(lines)
    assert "00340434161094027134" in text and all(len(line) <= 78 for line in lines)
    assert "126,10" in text and "-0,10" in text  # the balance, and the difference to the count


def test_the_business_cases_of_dsfinvk_read_as_german():
    assert movement_name("DifferenzSollIst") == "Kassendifferenz"
    assert movement_name("TrinkgeldAN") == "Trinkgeld an Mitarbeitende"
    assert movement_name("Geldtransit") == "Geldtransit"
