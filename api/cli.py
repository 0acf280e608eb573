"""`volumap`: the operator's commands (migrate, seed demo data, create the first administrator)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import click

from api.settings import Settings, get_settings


@click.group(help="VoluMap operator commands. Settings come from VOLUMAP_* environment variables.")
def main() -> None:
    pass


@main.command(help="Migrate the database to the newest schema (alembic upgrade head).")
@click.option("--revision", default="head", show_default=True)
def migrate(revision: str) -> None:
    from alembic import command

    from api.db.migrations import alembic_config

    command.upgrade(alembic_config(), revision)


@main.group(help="VAPID keys for Web Push.")
def vapid() -> None:
    pass


@vapid.command(name="generate", help="Write a new VAPID key pair: the private key as PEM (mode 0600) to FILE, and "
                                      "print the public key browsers subscribe with.")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists (every subscription must then be renewed).")
def vapid_generate(file: Path, force: bool) -> None:
    from py_vapid import Vapid

    from api.domain.push.channels import public_key_of

    if file.exists() and not force:
        raise click.ClickException(f"{file} exists; keep it (subscriptions are bound to it) or pass --force")
    key = Vapid()
    key.generate_keys()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.touch(mode=0o600)
    file.chmod(0o600)
    file.write_bytes(key.private_pem())
    click.echo(f"wrote the private key to {file}")
    click.echo(f"public key: {public_key_of(key)}")
    click.echo(f"set VOLUMAP_VAPID_PRIVATE_KEY_FILE={file.resolve()}")


@main.command(help="Fill the database with the Bielefeld demo data and demo log-ins (once).")
def seed() -> None:
    from api.demo.accounts import log_ins, seed_demo_accounts
    from api.demo.bielefeld import seed_demo

    dsn = get_settings().libpq_dsn
    if seed_demo(dsn):
        click.echo("seeded the Bielefeld demo data")
    else:
        click.echo("Bielefeld demo data already present; nothing to do")
    click.echo(log_ins(seed_demo_accounts(dsn)))


@main.command("create-admin", help="Create an administrator with a verified address, or make an existing "
                                   "account one (its password then stays as it is).")
@click.argument("email")
@click.option("--password", envvar="VOLUMAP_ADMIN_PASSWORD", prompt=True, hide_input=True,
              confirmation_prompt=True, help="Otherwise from VOLUMAP_ADMIN_PASSWORD, or asked for.")
@click.option("--display-name", default="Administrator", show_default=True)
def create_admin(email: str, password: str, display_name: str) -> None:
    from api.lib.errors import DomainError

    try:
        address = asyncio.run(_create_admin(get_settings(), email, password, display_name))
    except DomainError as exc:
        raise click.ClickException(str(exc.detail)) from None
    click.echo(f"{address} is an administrator")


async def _create_admin(settings: Settings, email: str, password: str, display_name: str) -> str:
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    from api.domain.accounts.services import AccountService

    # An engine of its own: the API's cached one belongs to the API's event loop and settings.
    engine = create_async_engine(settings.database_url)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            user = await AccountService(session, settings).create_admin(email, password, display_name)
            return user.email
    finally:
        await engine.dispose()
