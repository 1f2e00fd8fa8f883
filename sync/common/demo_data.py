"""The demo chain's data: a realistic German catalog, from 1,000 products (demo) to 1,000,000 (benchmarks), its
stores, associates and store settings. The backend seeds its database from it (sync/server/seed.py), the
register its replica (app/demo/replica.py).

Deterministic for a given seed. EANs carry German GS1 prefixes (400–440) and
valid check digits; fruit, vegetables, cheese and meat are weighed items sold
with price- or weight-embedded scale labels.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Iterator

from sync.common.gtin import make_ean13
from sync.common.scale_labels import DEFAULT_RULES

# (category, VAT class, weighed, [(base name, size, price range in cents[, VAT class of this item])])
#
# German VAT (§ 12 UStG, Anlage 2): food is reduced (B, 7 %), and so are coffee and tea as goods, milk and
# milk drinks; beverages are standard (A, 19 %): mineral water, juice and spritzers, soft drinks, beer and
# wine. Drugstore and household goods are 19 %. A tea among the beverages therefore carries its own class.
CATALOG = [
    ("Molkereiprodukte", "B", False, [
        ("Frische Vollmilch 3,5 %", "1 l", (99, 169)), ("H-Milch 1,5 %", "1 l", (89, 129)),
        ("Joghurt Natur", "500 g", (79, 149)), ("Süßrahmbutter", "250 g", (189, 299)),
        ("Speisequark 40 %", "500 g", (99, 179)), ("Schlagsahne 30 %", "200 ml", (69, 119)),
        ("Gouda jung in Scheiben", "400 g", (229, 349)), ("Skyr Heidelbeere", "450 g", (149, 229)),
    ]),
    ("Backwaren", "B", False, [
        ("Roggenmischbrot", "750 g", (199, 349)), ("Vollkorntoast", "500 g", (119, 199)),
        ("Weizenbrötchen 6 Stück", "360 g", (99, 179)), ("Laugenbrezel", "85 g", (49, 79)),
        ("Dinkelvollkornbrot", "500 g", (249, 399)),
    ]),
    ("Obst & Gemüse", "B", True, [
        ("Äpfel Elstar", "kg", (199, 349)), ("Bananen", "kg", (129, 199)),
        ("Strauchtomaten", "kg", (249, 449)), ("Kartoffeln festkochend", "kg", (99, 179)),
        ("Karotten", "kg", (99, 169)), ("Paprika rot", "kg", (399, 599)), ("Zucchini", "kg", (199, 349)),
    ]),
    ("Frischetheke", "B", True, [
        ("Rinderhackfleisch", "kg", (999, 1499)), ("Hähnchenbrustfilet", "kg", (1199, 1699)),
        ("Bergkäse 12 Monate", "kg", (1999, 2999)), ("Kochschinken", "kg", (1599, 2399)),
        ("Salami luftgetrocknet", "kg", (1899, 2799)),
    ]),
    ("Getränke", "A", False, [
        ("Mineralwasser still", "1,5 l", (19, 79)), ("Apfelschorle", "1 l", (69, 129)),
        ("Orangensaft 100 %", "1 l", (149, 279)), ("Pils", "0,5 l", (79, 129)),
        ("Cola", "1,25 l", (99, 179)), ("Kräutertee", "20 Beutel", (129, 249), "B"),
    ]),
    ("Süßwaren", "B", False, [
        ("Vollmilchschokolade", "100 g", (89, 199)), ("Fruchtgummi", "200 g", (99, 149)),
        ("Butterkekse", "200 g", (79, 149)), ("Nuss-Nougat-Creme", "400 g", (229, 399)),
    ]),
    ("Vorratsschrank", "B", False, [
        ("Spaghetti", "500 g", (79, 179)), ("Basmati-Reis", "1 kg", (199, 349)),
        ("Tomaten passiert", "500 g", (59, 119)), ("Weizenmehl Type 405", "1 kg", (69, 119)),
        ("Feinzucker", "1 kg", (89, 139)), ("Filterkaffee gemahlen", "500 g", (449, 799)),
    ]),
    ("Tiefkühl", "B", False, [
        ("Pizza Margherita", "350 g", (199, 349)), ("Blattspinat", "450 g", (119, 199)),
        ("Fischstäbchen", "450 g", (249, 399)),
    ]),
    ("Drogerie", "A", False, [
        ("Zahncreme Sensitiv", "75 ml", (99, 299)), ("Duschgel Meeresbrise", "250 ml", (95, 249)),
        ("Shampoo Repair", "300 ml", (149, 399)), ("Flüssigseife", "500 ml", (99, 199)),
    ]),
    ("Haushalt", "A", False, [
        ("Spülmittel Zitrone", "500 ml", (79, 169)), ("Küchenrolle 4 Rollen", "4 Stk", (199, 349)),
        ("Müllbeutel 35 l", "30 Stk", (129, 229)), ("Batterien AA", "8 Stk", (399, 799)),
    ]),
]

#: Brands per category, so a brewery never sells toast.
BRANDS = {
    "Molkereiprodukte": ["Gut Bergheim", "Alpenquell", "Heimatgut", "Grünfeld Bio", "Tresen Eigenmarke"],
    "Backwaren": ["Backstube Korn", "Heimatgut", "Schwarzwaldhof", "Tresen Eigenmarke"],
    "Obst & Gemüse": ["Frische Welt", "Grünfeld Bio", "Elbland", "Rheintaler"],
    "Frischetheke": ["Gut Bergheim", "Schwarzwaldhof", "Heimatgut", "Elbland"],
    "Getränke": ["Quellgold", "Brauerei Lindenthal", "Rheintaler", "Alpenquell", "Tresen Eigenmarke"],
    "Süßwaren": ["Süßwerk", "Heimatgut", "Tresen Eigenmarke"],
    "Vorratsschrank": ["Sonnenhof", "Grünfeld Bio", "Heimatgut", "Tresen Eigenmarke"],
    "Tiefkühl": ["Nordseefrisch", "Frische Welt", "Tresen Eigenmarke"],
    "Drogerie": ["Klarwerk", "Sonnenhof", "Tresen Eigenmarke"],
    "Haushalt": ["Klarwerk", "Tresen Eigenmarke"],
}
VARIANTS = ["", "Bio ", "Klassik ", "Premium ", "Familienpackung ", "Regional "]
WEIGHED_VARIANTS = ["", "Bio ", "Regional "]

LOCATIONS = [
    ("1001", "Tresen Markt Berlin-Mitte", "store", "Rosenthaler Straße 12", "10119 Berlin", "Ost"),
    ("1002", "Tresen Markt Hamburg-Altona", "store", "Ottenser Hauptstraße 40", "22765 Hamburg", "Nord"),
    ("1003", "Tresen Markt München-Schwabing", "store", "Leopoldstraße 88", "80802 München", "Süd"),
    ("1004", "Tresen Markt Köln-Ehrenfeld", "store", "Venloer Straße 301", "50823 Köln", "West"),
    ("9000", "Zentrallager Kassel", "warehouse", "Industriestraße 5", "34123 Kassel", "Mitte"),
]

#: Demo associates and their PINs (also listed in the README). A manager's PIN has at least 6 digits.
DEMO_ASSOCIATES = [(1, "Lena Schmidt", "associate", "1234"), (2, "Murat Yılmaz", "associate", "2345"),
                   (3, "Jonas Weber", "manager", "987654")]

DEFAULT_STORE_SETTINGS = {
    "embedded_rules": [r.to_dict() for r in DEFAULT_RULES],
    "discount_limit_bp": 1000,  # discounts above 10 % need a manager
    "idle_lock_s": 120,
    "return_window_days": 30,  # returns of older purchases need a manager
    "return_approval_above_cents": 20_000,  # so do refunds above 200 €
    "associate_pin_min_digits": 4,  # a new associate PIN's fewest digits (a manager's: at least 6)
}

SKU_PREFIX = {"Molkereiprodukte": "MO", "Backwaren": "BA", "Obst & Gemüse": "OG", "Frischetheke": "FT",
              "Getränke": "GE", "Süßwaren": "SW", "Vorratsschrank": "VO", "Tiefkühl": "TK", "Drogerie": "DR",
              "Haushalt": "HH"}

DONATION = ("Spende Tafel e.V.", "C", 100)  # donations carry no VAT: the 0 % class in real use


@dataclass(frozen=True)
class DemoProduct:
    id: int
    sku: str
    name: str
    brand: str
    category: str
    gross_price_cents: int
    vat_class: str
    base_unit: str  # unit of the base price: kg | l | Stk
    net_content: int | None  # g, ml or pieces in the pack
    weighed: bool
    plu: str | None
    gtins: tuple[str, ...]


_SIZE_RE = re.compile(r"^(\d+(?:,\d+)?)\s*(kg|g|l|ml|Stk|Stück|Beutel|Rollen)\b", re.IGNORECASE)


def parse_size(text: str) -> tuple[int, str] | None:
    """'500 g' -> (500, 'kg'); '1,5 l' -> (1500, 'l'); '8 Stk' -> (8, 'Stk'): the net content in g, ml or pieces
    and the unit of its base price (Grundpreis)."""
    m = _SIZE_RE.match(text.strip())
    if not m:
        return None
    number = float(m.group(1).replace(",", "."))
    unit = m.group(2).lower()
    if unit == "kg":
        return round(number * 1000), "kg"
    if unit == "g":
        return round(number), "kg"
    if unit == "l":
        return round(number * 1000), "l"
    if unit == "ml":
        return round(number), "l"
    return round(number), "Stk"


def generate_products(count: int, *, seed: int = 42) -> Iterator[DemoProduct]:
    rng = random.Random(seed)
    flat = [(cat, item[3] if len(item) > 3 else vat, weighed, item[:3])
            for cat, vat, weighed, items in CATALOG for item in items]
    plu = 10000
    for pid in range(1, count + 1):
        if pid == 1:
            name, vat, price = DONATION
            yield DemoProduct(pid, "SP-0001", name, "", "Spenden", price, vat, "Stk", 1, False, None,
                              (make_ean13("4000000000010"[:12]).zfill(14),))
            continue
        cat, vat, weighed, (base, size, (lo, hi)) = flat[(pid * 7919) % len(flat)]
        weighed = weighed and plu < 99_999  # item numbers on scale labels have five digits
        brands = BRANDS[cat]
        brand = brands[rng.randrange(len(brands))]
        variants = WEIGHED_VARIANTS if weighed else VARIANTS
        variant = variants[rng.randrange(len(variants))]
        price = rng.randrange(lo, hi + 1)
        price = price - price % 10 + 9  # shelf prices end in 9
        gtin13 = make_ean13(f"4{pid % 10}{pid:010d}"[:12])
        gtins = [gtin13.zfill(14)]
        if pid % 10 == 0:  # new packaging: a second EAN for the same product
            gtins.append(make_ean13(f"42{pid:010d}").zfill(14))
        if pid % 50 == 0:  # an import with a UPC-A code
            gtins.append(make_ean13(f"07{pid % 10**10:010d}").zfill(14))
        item_plu = None
        if weighed:
            plu += 1
            item_plu = f"{plu % 100000:05d}"
            gtins = []  # weighed goods are sold by scale label
        if weighed:
            unit, content = "kg", None
        else:
            unit, content = "Stk", 1
            parsed = parse_size("1 kg" if size == "kg" else size)
            if parsed:
                content, unit = parsed
        if weighed:
            label = f"{variant}{base}"
        elif size == "kg":  # a weighed kind sold pre-packed once the item numbers run out
            label = f"{variant}{base} abgepackt 1 kg"
        else:
            label = f"{variant}{base} {size}"
        yield DemoProduct(pid, f"{SKU_PREFIX[cat]}-{pid:07d}", label, brand, cat, price, vat, unit, content,
                          weighed, item_plu, tuple(gtins))
