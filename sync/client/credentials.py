"""The register token lives in the OS keyring, never in a file or a log."""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError, NoKeyringError

from sync.common.messages import translate

SERVICE = "Tresen register"
log = logging.getLogger(__name__)


class NoKeyring(RuntimeError):
    """This computer has no usable keyring; the message says what to do."""


class TokenStore:
    """Reads and writes the register token in the keyring.

    Where the OS has no keyring, it raises NoKeyring with a clear message, or,
    with `allow_memory` (the demo only), keeps the token for this run in memory.
    """

    def __init__(self, register_key: str, *, allow_memory: bool = False):
        self.key = register_key
        self.allow_memory = allow_memory
        self._memory: str | None = None
        self.in_memory = False

    def _fallback(self, exc: Exception) -> None:
        if not self.allow_memory:
            raise NoKeyring(translate("sync", "Kein Schlüsselbund (Keyring) verfügbar: Das Kassen-Token kann nicht "
                                      "sicher gespeichert werden. Bitte einen Keyring-Dienst einrichten (z. B. GNOME "
                                      "Keyring, KWallet oder Windows-Anmeldeinformationen).")) from exc
        if not self.in_memory:
            log.warning("no OS keyring: the register token is kept in memory for this run only")
        self.in_memory = True

    def check_usable(self) -> None:
        """Before enrolling (which uses up IT's one-time secret): NoKeyring unless the token can be kept safe
        here. A keyring that writes it to a file in plain text (keyrings.alt's PlaintextKeyring) counts as none."""
        if self.allow_memory:
            return
        backend = keyring.get_keyring()
        chained = getattr(backend, "backends", None) or [backend]
        plain = [type(b).__name__ for b in chained if "plaintext" in type(b).__name__.lower()]
        if plain:
            raise NoKeyring(translate("sync", "Der Schlüsselbund ({keyring}) speichert im Klartext in eine Datei: Das "
                                      "Kassen-Token wäre nicht geschützt. Bitte einen Keyring-Dienst einrichten (z. B. "
                                      "GNOME Keyring, KWallet oder Windows-Anmeldeinformationen).").format(
                                          keyring=plain[0]))
        try:
            keyring.get_password(SERVICE, self.key)
        except (NoKeyringError, KeyringError) as exc:
            self._fallback(exc)

    def get(self) -> str | None:
        if self.in_memory:
            return self._memory
        try:
            return keyring.get_password(SERVICE, self.key)
        except (NoKeyringError, KeyringError) as exc:
            self._fallback(exc)
            return self._memory

    def set(self, token: str) -> None:
        try:
            if not self.in_memory:
                keyring.set_password(SERVICE, self.key, token)
                return
        except (NoKeyringError, KeyringError) as exc:
            self._fallback(exc)
        self._memory = token
