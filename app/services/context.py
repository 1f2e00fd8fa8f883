"""Everything a use case needs to know about this register and its store."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.payment.terminal import PaymentTerminal
from app.services.auth import Authenticator
from app.services.promotions import Offers
from app.services.signing import Signing
from app.tse.interface import Tse
from app.store.models import Location, Setting
from sync.common.loyalty import DEFAULT_OFFLINE_LIMIT_POINTS
from sync.common.messages import translate
from sync.common.scale_labels import DEFAULT_RULES, EmbeddedRule


class NotConfigured(RuntimeError):
    """The replica has no register identity yet."""


@dataclass(frozen=True)
class StoreInfo:
    id: str
    name: str
    street: str
    city: str
    vat_id: str


@dataclass(frozen=True)
class StoreSettings:
    embedded_rules: tuple[EmbeddedRule, ...] = DEFAULT_RULES
    discount_limit_bp: int = 1000
    idle_lock_s: int = 120
    return_window_days: int = 30
    return_approval_above_cents: int = 20_000
    auto_print: bool = True  # print the receipt after payment when the register has a printer
    void_approval_above_cents: int = 5_000  # voiding a cart above this needs a manager
    associate_pin_min_digits: int = 4  # fewest digits of a new associate PIN (managers: at least 6)
    drawer_per: str = "register"  # "register": one drawer per register; "associate": one per associate
    cash_movement_approval_above_cents: int = 20_000  # cash in or out above this needs a manager
    cash_difference_approval_above_cents: int = 1_000  # a Z count off by more than this needs a manager
    loyalty_offline_limit_points: int = DEFAULT_OFFLINE_LIMIT_POINTS  # a card spends at most this much offline
    gift_card_offline_limit_cents: int = 5_000  # a gift card pays at most this much here while offline
    gs1_company_prefix: str = "4012345"  # the chain's GS1 company prefix: parcels' SSCCs (app/services/shipping.py)

    @classmethod
    def from_dict(cls, data: dict) -> "StoreSettings":
        rules = tuple(EmbeddedRule.from_dict(r) for r in data.get("embedded_rules", [])) or DEFAULT_RULES
        return cls(rules, int(data.get("discount_limit_bp", 1000)), int(data.get("idle_lock_s", 120)),
                   int(data.get("return_window_days", 30)), int(data.get("return_approval_above_cents", 20_000)),
                   auto_print=str(data.get("auto_print", True)).lower() not in ("false", "0", "no", "nein", "off"),
                   void_approval_above_cents=int(data.get("void_approval_above_cents", 5_000)),
                   associate_pin_min_digits=int(data.get("associate_pin_min_digits", 4)),
                   drawer_per="associate" if data.get("drawer_per") == "associate" else "register",
                   cash_movement_approval_above_cents=int(data.get("cash_movement_approval_above_cents", 20_000)),
                   cash_difference_approval_above_cents=int(data.get("cash_difference_approval_above_cents", 1_000)),
                   loyalty_offline_limit_points=int(data.get("loyalty_offline_limit_points",
                                                             DEFAULT_OFFLINE_LIMIT_POINTS)),
                   gift_card_offline_limit_cents=int(data.get("gift_card_offline_limit_cents", 5_000)),
                   gs1_company_prefix="".join(c for c in str(data.get("gs1_company_prefix", "4012345")) if c.isdigit())
                   [:7].rjust(7, "0"))


@dataclass
class RegisterContext:
    engine: Engine
    register_id: str
    store: StoreInfo
    settings: StoreSettings
    terminal: PaymentTerminal
    tse: Tse | None = None  # None: no TSE configured, every receipt says it is unsigned
    auth: Authenticator = field(init=False)
    signing: Signing = field(init=False)
    offers: Offers = field(init=False)

    def __post_init__(self) -> None:
        self.auth = Authenticator(self.engine)
        # The register's serial number is its id: the TSE client id, on every receipt and in every export.
        self.signing = Signing(self.engine, self.tse, client_id=self.register_id, location_id=self.store.id)
        self.offers = Offers(self.engine)

    @property
    def register_serial(self) -> str:
        return self.register_id

    @classmethod
    def load(cls, engine: Engine, *, terminal: PaymentTerminal, tse: Tse | None = None) -> "RegisterContext":
        with Session(engine) as s:
            store_id = s.get(Setting, "store_id")
            register_id = s.get(Setting, "register_id")
            if store_id is None or register_id is None:
                raise NotConfigured(translate("context", "Diese Kasse ist noch keinem Markt zugeordnet"))
            loc = s.get(Location, store_id.value)
            if loc is None:
                raise NotConfigured(translate("context", "Markt {store} fehlt in der lokalen Datenbank").format(
                    store=store_id.value))
            store = StoreInfo(loc.id, loc.name, loc.street, loc.city, loc.vat_id)
            settings = StoreSettings.from_dict(loc.settings or {})
        return cls(engine, register_id.value, store, settings, terminal, tse)


class LocalSettings:
    """This register's own settings (camera choice and the like), in the replica's setting table."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def get(self, key: str) -> str | None:
        with Session(self.engine) as s:
            row = s.get(Setting, key)
            return row.value if row else None

    def set(self, key: str, value: str) -> None:
        with Session(self.engine) as s:
            row = s.get(Setting, key) or Setting(key=key, value=value)
            row.value = value
            s.add(row)
            s.commit()
