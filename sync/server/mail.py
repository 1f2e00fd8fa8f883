"""Customers' e-mails (a click & collect order is ready, was collected), sent exactly once through an outbox.

The mail is a row written in the transaction of what it tells, keyed by `<kind>:<order id>`: an event applied
twice (a register's retried push) writes it once. A sender (`MailSender`, one thread per backend process;
several processes share the table) claims a row for a while, sends it over SMTP and marks it sent. A sender
that dies between the SMTP server's "250 OK" and marking the row would send it again once the claim runs out:
the message keeps its `Message-ID`, by which mail programs drop the second copy. Without an SMTP server
configured, the mails wait in the outbox.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

__all__ = ["MailKind", "SmtpSettings", "queue_order_mail", "send_pending", "MailSender"]

log = logging.getLogger(__name__)

CLAIM = timedelta(minutes=2)
MAX_ATTEMPTS = 20
STALE = timedelta(hours=48)  # "your order is ready" two days late helps no one: such a mail is given up, saying so


class MailKind:
    PICKUP_READY = "pickup_ready"
    PICKUP_COLLECTED = "pickup_collected"


# Customers' e-mails are German: the web shop of a German chain writes to its customers in German.
_TEXTS = {
    MailKind.PICKUP_READY: (
        "Ihre Bestellung {order_no} liegt zur Abholung bereit",
        "Guten Tag {name},\n\nIhre Bestellung {order_no} liegt ab sofort in unserer Filiale {store} für Sie bereit"
        " ({address}).\nBitte bringen Sie Ihre Bestellnummer und einen Ausweis mit.\n\nIhre Filiale {store}\n"),
    MailKind.PICKUP_COLLECTED: (
        "Ihre Bestellung {order_no} wurde abgeholt",
        "Guten Tag {name},\n\nIhre Bestellung {order_no} wurde heute in unserer Filiale {store} abgeholt."
        "\nVielen Dank für Ihren Einkauf!\n\nIhre Filiale {store}\n"),
}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    sender: str = "Tresen <noreply@localhost>"
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_s: float = 20.0


def queue_order_mail(session: Session, *, kind: str, order_id: str) -> bool:
    """Write the order's mail of `kind` once (in the caller's transaction); False if it was written before or the
    order has no e-mail address."""
    conn = session.connection()
    row = conn.execute(text(
        "SELECT o.order_no, o.customer_email, o.customer_name, l.name, l.street, l.city FROM onlineorder o"
        " LEFT JOIN location l ON l.id = o.pickup_store_id WHERE o.id = :o"), {"o": order_id}).first()
    if row is None or not row[1]:
        return False
    subject, body = _TEXTS[kind]
    values = {"order_no": row[0], "name": row[2] or "", "store": row[3] or "",
              "address": ", ".join(p for p in (row[4], row[5]) if p) or "-"}
    return bool(conn.execute(text(
        "INSERT INTO mailoutbox (id, kind, recipient, subject, body, created_at, attempts, last_error)"
        " VALUES (:i, :k, :r, :s, :b, :at, 0, '') ON CONFLICT (id) DO NOTHING"),
        {"i": f"{kind}:{order_id}", "k": kind, "r": row[1], "s": subject.format(**values),
         "b": body.format(**values), "at": datetime.now(timezone.utc)}).rowcount)


def _claim(engine: Engine, mail_id: str) -> tuple | None:
    now = datetime.now(timezone.utc)
    with Session(engine) as s:
        claimed = s.connection().execute(text(
            "UPDATE mailoutbox SET claimed_until = :until, attempts = attempts + 1 WHERE id = :i AND sent_at IS NULL"
            " AND (claimed_until IS NULL OR claimed_until < :now)"), {"i": mail_id, "until": now + CLAIM, "now": now})
        row = s.connection().execute(text("SELECT recipient, subject, body FROM mailoutbox WHERE id = :i"),
                                     {"i": mail_id}).one() if claimed.rowcount else None
        s.commit()
        return row


def _message(settings: SmtpSettings, mail_id: str, recipient: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = recipient
    msg["Subject"] = subject
    domain = settings.sender.rpartition("@")[2].strip(">") or "localhost"
    msg["Message-ID"] = f"<{mail_id.replace(':', '.')}@{domain}>"  # stable: a resent copy is the same message
    msg.set_content(body)
    return msg


def send_pending(engine: Engine, settings: SmtpSettings, *, limit: int = 50) -> int:
    """Send what is waiting (up to `limit`); returns how many were sent. An SMTP server that refuses or is away
    leaves the mail waiting, with the reason, for the next round."""
    stale = datetime.now(timezone.utc) - STALE
    with Session(engine) as s:
        s.connection().execute(text("UPDATE mailoutbox SET attempts = :max, last_error = 'stale: not sent within 48 h'"
                                    " WHERE sent_at IS NULL AND attempts < :max AND created_at < :stale"),
                               {"max": MAX_ATTEMPTS, "stale": stale})
        s.commit()
    with engine.connect() as c:
        ids = c.execute(text("SELECT id FROM mailoutbox WHERE sent_at IS NULL AND attempts < :max"
                             " ORDER BY created_at LIMIT :n"), {"max": MAX_ATTEMPTS, "n": limit}).scalars().all()
    if not ids:
        return 0
    sent = 0
    smtp = None
    try:
        for mail_id in ids:
            row = _claim(engine, mail_id)
            if row is None:
                continue  # another sender has it, or it was sent meanwhile
            try:
                if smtp is None:
                    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
                    if settings.starttls:
                        smtp.starttls()
                    if settings.user:
                        smtp.login(settings.user, settings.password or "")
                smtp.send_message(_message(settings, mail_id, *row))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:  # this mail only: give it up
                code = next(iter(exc.recipients.values()))[0] if isinstance(exc, smtplib.SMTPRecipientsRefused) \
                    else exc.smtp_code
                reason = f"{type(exc).__name__}: SMTP {code}"  # never the address itself (personal data)
                log.warning("mail %s refused by the SMTP server: %s", mail_id, reason)
                with Session(engine) as s:
                    s.connection().execute(text("UPDATE mailoutbox SET claimed_until = NULL, last_error = :e,"
                                                " attempts = CASE WHEN :permanent THEN :max ELSE attempts END"
                                                " WHERE id = :i"),
                                           {"e": reason, "i": mail_id, "permanent": int(code) >= 500,
                                            "max": MAX_ATTEMPTS})
                    s.commit()
                continue
            except (OSError, smtplib.SMTPException) as exc:
                reason = f"{type(exc).__name__}: {str(exc)[:200]}"
                log.warning("mail %s not sent: %s", mail_id, reason)
                with Session(engine) as s:
                    s.connection().execute(text("UPDATE mailoutbox SET claimed_until = NULL, last_error = :e"
                                                " WHERE id = :i"), {"e": reason, "i": mail_id})
                    s.commit()
                break  # the server is away or refusing: the rest waits for the next round
            with Session(engine) as s:
                s.connection().execute(text("UPDATE mailoutbox SET sent_at = :now, last_error = '' WHERE id = :i"),
                                       {"now": datetime.now(timezone.utc), "i": mail_id})
                s.commit()
            sent += 1
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
    return sent


class MailSender:
    """Sends the outbox every `interval_s` in a thread of the backend process, until `stop`."""

    def __init__(self, engine: Engine, settings: SmtpSettings, *, interval_s: float = 2.0):
        self.engine, self.settings, self.interval_s = engine, settings, interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="tresen-mail", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                send_pending(self.engine, self.settings)
            except Exception:  # the database away for a moment: the mails wait, the backend goes on
                log.exception("sending mails failed")
            self._stop.wait(self.interval_s)
