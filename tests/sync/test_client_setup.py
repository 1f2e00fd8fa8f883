"""Setting up a register (sync/client/setup.py): a keyring that cannot keep the token safe is found before IT's
one-time secret is used up (a rollout trial lost secrets that way)."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlmodel import Session, select

from app.store.db import open_replica
from sync.client.setup import SetupError, set_up_register
from sync.server.enrollment import add_enrollment_secrets
from sync.server.models import EnrollmentSecret
from tests.sync.conftest import MemoryKeyring


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's file backend, which writes the token into a file as plain text."""


class NoKeyringBackend(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service, username, password):
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service, username):
        raise keyring.errors.NoKeyringError("no backend")


@pytest.mark.parametrize("unsafe", [PlaintextKeyring, NoKeyringBackend])
def test_no_safe_keyring_is_found_before_the_secret_is_used(backend, tmp_path, unsafe):
    add_enrollment_secrets(backend.engine, {"keyring-secret-1": "1001-06"})
    replica = open_replica(tmp_path / "replica.sqlite3")
    keyring.set_keyring(unsafe())
    with pytest.raises(SetupError) as refused:
        set_up_register(replica, base_url=backend.url, store_id="1001", register_no=6, secret="keyring-secret-1")
    assert refused.value.code == "no_keyring" and "Keyring-Dienst einrichten" in str(refused.value)
    with Session(backend.engine) as s:  # untouched: another PC could still use it
        assert s.exec(select(EnrollmentSecret.used_by)).all() == [None]
    keyring.set_keyring(MemoryKeyring())  # IT sets one up: the same secret still works
    report = set_up_register(replica, base_url=backend.url, store_id="1001", register_no=6,
                             secret="keyring-secret-1")
    assert report.pulled > 0
