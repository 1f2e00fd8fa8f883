"""The backend's configuration: from the environment (TRESEN_…) or a file of the same keys (`--config`), never a
secret on the command line (issue 13).

    TRESEN_BACKEND_DB   SQLAlchemy URL (sqlite:///file or postgresql+psycopg://user@host/db)
    TRESEN_HOST, TRESEN_PORT
    TRESEN_WORKERS      worker processes serving requests (default 1; several need PostgreSQL)
    TRESEN_SHOP_KEY     the web shop's API key for /v1/shop (a secret: kept as SecretStr, never logged)
    TRESEN_ERP_KEY      the ERP's API key for /v1/erp: products, prices, stock (a secret, like the shop's)
    TRESEN_HQ_KEY       headquarters' password for the figures page /hq (HTTP Basic; a secret)
    TRESEN_LOG_LEVEL    debug | info | warning | error
    TRESEN_SMTP_HOST, TRESEN_SMTP_PORT, TRESEN_SMTP_FROM, TRESEN_SMTP_USER, TRESEN_SMTP_PASSWORD (a secret),
    TRESEN_SMTP_STARTTLS   the server customers' e-mails go through (sync/server/mail.py); no host: they wait
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError
from sqlalchemy.engine import make_url
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["BackendSettings", "load_settings"]


class BackendSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRESEN_", extra="ignore", env_file_encoding="utf-8")

    backend_db: str = "sqlite:///tresen-backend.sqlite3"
    host: str = "127.0.0.1"
    port: int = 8700
    workers: int = Field(default=1, ge=1, le=64)  # uvicorn worker processes; more than one needs PostgreSQL
    shop_key: SecretStr | None = None
    erp_key: SecretStr | None = None
    hq_key: SecretStr | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "Tresen <noreply@localhost>"
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False

    def smtp(self):
        """The mail server's settings, or None while none is configured."""
        from sync.server.mail import SmtpSettings

        if not self.smtp_host:
            return None
        return SmtpSettings(host=self.smtp_host, port=self.smtp_port, sender=self.smtp_from, user=self.smtp_user,
                            password=self.smtp_password.get_secret_value() if self.smtp_password else None,
                            starttls=self.smtp_starttls)


def load_settings(config_file: Path | str | None = None, **overrides) -> BackendSettings:
    """The environment, over the file's values (a missing file is an error: IT meant one); `overrides` (from
    the command line, never secrets) over both."""
    if config_file is not None and not Path(config_file).is_file():
        raise FileNotFoundError(f"configuration file not found: {config_file}")
    settings = BackendSettings(_env_file=config_file) if config_file else BackendSettings()
    given = {k: v for k, v in overrides.items() if v is not None}
    if given.get("backend_db") and make_url(given["backend_db"]).password:
        raise ValueError("a password in --db would stand in the process list: put the URL in TRESEN_BACKEND_DB "
                         "or the --config file")
    if not given:
        return settings
    # Checked like the file's and the environment's values (model_copy would take `--workers 0` as it is). Every
    # field is passed, so the environment that model_validate reads again cannot override what the file said.
    try:
        return BackendSettings.model_validate({**dict(settings), **given})
    except ValidationError as exc:
        raise ValueError("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from None
