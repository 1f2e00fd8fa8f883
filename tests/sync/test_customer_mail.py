"""Customers' e-mails (issue 15 §1): a click & collect order ready, and collected, each told exactly once, through a
real SMTP server on 127.0.0.1 (aiosmtpd); a retried push, a second sender or an SMTP server that is away change
nothing about that."""

from __future__ import annotations

import threading
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from app.services import pickup
from sync.protocol import Operation
from sync.server.mail import MailSender, SmtpSettings, send_pending
from sync.server.settings import BackendSettings
from tests.served import free_port
from tests.sync.conftest import sync_until
from tests.sync.test_notifications import pickup_order, stocked, wait_for


class Inbox:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def subjects(self) -> list[str]:
        with self.lock:
            return [str(make_header(decode_header(m["Subject"]))) for _, m in self.messages]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def settings_of(controller) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=controller.port, sender="Filiale <filiale@tresen.example>")


def pulled(reg, order: dict) -> None:
    """Until the register holds the order (on PostgreSQL the feed can take another round)."""
    sync_until(reg, lambda: pickup.find_pickup(reg.sale.ctx, order_no=order["order_no"]) is not None)


def outbox(backend) -> list[tuple]:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT id, sent_at IS NOT NULL, attempts, last_error FROM mailoutbox ORDER BY id")).all()


def test_ready_and_collected_are_each_mailed_once(backend, make_register, smtp):
    controller, inbox = smtp
    reg = make_register("1001", 1)
    product = stocked(backend, "1001")
    order = pickup_order(backend, "CC-M-1", {product: 2})
    pulled(reg, order)
    ctx, lena = reg.sale.ctx, reg.sale.associate
    assert pickup.mark_ready(ctx, lena, order_id=order["id"])
    assert not pickup.mark_ready(ctx, lena, order_id=order["id"])  # marked before: nothing more
    assert pickup.load(ctx, order_id=order["id"]).prepared
    reg.sync.sync_once()
    assert send_pending(backend.engine, settings_of(controller)) == 1
    assert inbox.subjects() == ["Ihre Bestellung CC-M-1 liegt zur Abholung bereit"]
    rcpt, message = inbox.messages[0]
    assert rcpt == ["kundin@example.org"] and message["Message-ID"] == f"<pickup_ready.{order['id']}@tresen.example>"
    assert "Eva Berg" in message.get_payload(decode=True).decode()

    # the register's push retried (its answer lost): applied again, no second mail
    with reg.replica.connect() as c:
        sent = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'order.ready'").one()
    import json
    reg.client.push([Operation(id=sent[0], seq=sent[1], op=sent[2], payload=json.loads(sent[3]))])
    assert send_pending(backend.engine, settings_of(controller)) == 0

    pickup.hand_out(ctx, lena, order_id=order["id"], quantities={product: 1}, identity_checked=True)
    reg.sync.sync_once()
    pickup.hand_out(ctx, lena, order_id=order["id"], quantities={product: 1}, identity_checked=True)  # the rest
    reg.sync.sync_once()
    assert send_pending(backend.engine, settings_of(controller)) == 1
    assert inbox.subjects() == ["Ihre Bestellung CC-M-1 liegt zur Abholung bereit",
                                "Ihre Bestellung CC-M-1 wurde abgeholt"]
    assert [r[1] for r in outbox(backend)] == [True, True]


def test_an_smtp_server_that_is_away_leaves_the_mail_waiting(backend, make_register, smtp):
    controller, inbox = smtp
    reg = make_register("1001", 1)
    order = pickup_order(backend, "CC-M-2", {stocked(backend, "1001"): 1})
    pulled(reg, order)
    pickup.mark_ready(reg.sale.ctx, reg.sale.associate, order_id=order["id"])
    reg.sync.sync_once()
    away = SmtpSettings(host="127.0.0.1", port=free_port())  # nobody listens there
    assert send_pending(backend.engine, away) == 0
    [(mail_id, sent, attempts, error)] = outbox(backend)
    assert (sent, attempts) == (False, 1) and "ConnectionRefused" in error
    assert send_pending(backend.engine, settings_of(controller)) == 1
    assert len(inbox.messages) == 1 and outbox(backend)[0][1:] == (True, 2, "")


def test_two_senders_at_once_send_each_mail_once(backend, make_register, smtp):
    """Two backend processes share the outbox: a mail is claimed by one of them."""
    controller, inbox = smtp
    reg = make_register("1001", 1)
    orders = [pickup_order(backend, f"CC-M-3{i}", {stocked(backend, "1001"): 1}) for i in range(6)]
    for order in orders:
        pulled(reg, order)
    for order in orders:
        pickup.mark_ready(reg.sale.ctx, reg.sale.associate, order_id=order["id"])
    reg.sync.sync_once()
    senders = [MailSender(backend.engine, settings_of(controller), interval_s=0.01) for _ in range(2)]
    for sender in senders:
        sender.start()
    try:
        wait_for(lambda: all(r[1] for r in outbox(backend)), "every mail sent")
    finally:
        for sender in senders:
            sender.stop()
    assert sorted(inbox.subjects()) == sorted(f"Ihre Bestellung CC-M-3{i} liegt zur Abholung bereit" for i in range(6))


def test_an_order_without_an_e_mail_address_writes_no_mail(backend, make_register):
    reg = make_register("1001", 1)
    order = pickup_order(backend, "CC-M-4", {stocked(backend, "1001"): 1}, customer_email="")
    pulled(reg, order)
    pickup.mark_ready(reg.sale.ctx, reg.sale.associate, order_id=order["id"])
    reg.sync.sync_once()
    assert outbox(backend) == []
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT ready_at IS NOT NULL FROM onlineorder WHERE id = :o"), {"o": order["id"]}).scalar()


def test_the_smtp_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRESEN_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("TRESEN_SMTP_PORT", "587")
    monkeypatch.setenv("TRESEN_SMTP_PASSWORD", "s3cret")
    monkeypatch.setenv("TRESEN_SMTP_STARTTLS", "true")
    settings = BackendSettings()
    assert "s3cret" not in repr(settings)
    smtp = settings.smtp()
    assert (smtp.host, smtp.port, smtp.password, smtp.starttls) == ("mail.example.org", 587, "s3cret", True)
    monkeypatch.delenv("TRESEN_SMTP_HOST")
    assert BackendSettings().smtp() is None


def test_a_mail_that_waited_two_days_is_given_up(backend, make_register, smtp):
    """The SMTP server was away for days: "your order is ready" that late would only confuse."""
    from datetime import datetime, timedelta, timezone

    controller, inbox = smtp
    reg = make_register("1001", 1)
    order = pickup_order(backend, "CC-M-5", {stocked(backend, "1001"): 1})
    pulled(reg, order)
    pickup.mark_ready(reg.sale.ctx, reg.sale.associate, order_id=order["id"])
    reg.sync.sync_once()
    with backend.engine.begin() as c:
        c.execute(text("UPDATE mailoutbox SET created_at = :t"), {"t": datetime.now(timezone.utc) - timedelta(hours=49)})
    assert send_pending(backend.engine, settings_of(controller)) == 0
    assert inbox.messages == [] and "stale" in outbox(backend)[0][3]


def test_ready_marked_offline_after_the_order_was_collected_elsewhere_sends_no_ready_mail(backend, make_register,
                                                                                          smtp):
    controller, inbox = smtp
    offline, other = make_register("1001", 1), make_register("1001", 2)
    product = stocked(backend, "1001")
    order = pickup_order(backend, "CC-M-6", {product: 1})
    pulled(offline, order)
    pulled(other, order)
    pickup.mark_ready(offline.sale.ctx, offline.sale.associate, order_id=order["id"])  # not synced yet
    pickup.hand_out(other.sale.ctx, other.sale.associate, order_id=order["id"], quantities={product: 1},
                    identity_checked=True)
    other.sync.sync_once()
    offline.sync.sync_once()
    assert send_pending(backend.engine, settings_of(controller)) == 1
    assert inbox.subjects() == ["Ihre Bestellung CC-M-6 wurde abgeholt"]


class Refusing(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("gibtsnicht"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_an_address_the_server_refuses_is_given_up_without_holding_up_the_others(backend, make_register, caplog):
    inbox = Refusing()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        reg = make_register("1001", 1)
        bad = pickup_order(backend, "CC-M-7", {stocked(backend, "1001"): 1}, customer_email="gibtsnicht@example.org")
        good = pickup_order(backend, "CC-M-8", {stocked(backend, "1001"): 1})
        for order in (bad, good):
            pulled(reg, order)
            pickup.mark_ready(reg.sale.ctx, reg.sale.associate, order_id=order["id"])
        reg.sync.sync_once()
        assert send_pending(backend.engine, settings_of(controller)) == 1
        assert inbox.subjects() == ["Ihre Bestellung CC-M-8 liegt zur Abholung bereit"]
        refused = {r[0]: r for r in outbox(backend)}[f"pickup_ready:{bad['id']}"]
        assert not refused[1] and "550" in refused[3] and "gibtsnicht" not in refused[3]
        assert "gibtsnicht" not in caplog.text  # no address in the log either
        assert send_pending(backend.engine, settings_of(controller)) == 0  # given up, not tried again
    finally:
        controller.stop()
