"""`volumap`: the operator's commands (migrate, seed demo data)."""

from __future__ import annotations

from pathlib import Path

import click

from api.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent


@click.group(help="VoluMap operator commands. Settings come from VOLUMAP_* environment variables.")
def main() -> None:
    pass


@main.command(help="Migrate the database to the newest schema (alembic upgrade head).")
@click.option("--revision", default="head", show_default=True)
def migrate(revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    command.upgrade(config, revision)


@main.command(help="Fill the database with the Bielefeld demo data (once), or add synthetic offers over NRW.")
@click.option("--synthetic", type=click.IntRange(min=1), default=None,
              help="Add this many synthetic published offers over North Rhine-Westphalia (for benchmarks).")
@click.option("--random-seed", type=int, default=2026, show_default=True, help="Makes synthetic data repeatable.")
def seed(synthetic: int | None, random_seed: int) -> None:
    from api.demo.bielefeld import seed_demo
    from api.demo.synthetic import seed_synthetic

    dsn = get_settings().libpq_dsn
    if synthetic:
        added = seed_synthetic(dsn, synthetic, random_seed=random_seed)
        click.echo(f"added {added} synthetic offers")
        return
    if seed_demo(dsn):
        click.echo("seeded the Bielefeld demo data")
    else:
        click.echo("Bielefeld demo data already present; nothing to do")
