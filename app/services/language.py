"""An associate's own language on this register: chosen at the login, used at their next login. The register's
setting (RegisterKey.LANGUAGE) is the login screen's language and everyone's who has not chosen."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from app.register_config import Language
from app.services.context import LocalSettings

__all__ = ["associate_language", "remember_associate_language"]

_KEY = "associate_language.{associate_id}"  # in the replica's setting table, this register only


def associate_language(engine: Engine, *, associate_id: int) -> Language | None:
    value = LocalSettings(engine).get(_KEY.format(associate_id=associate_id))
    try:
        return Language(value) if value else None
    except ValueError:  # written by a newer version that knows more languages
        return None


def remember_associate_language(engine: Engine, *, associate_id: int, language: Language) -> None:
    LocalSettings(engine).set(_KEY.format(associate_id=associate_id), language.value)
