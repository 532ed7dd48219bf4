"""The key command: a shared key for the gateways, in a file only its owner can read."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(short_help="Make a random shared key for the gateways.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the key here, readable by its owner only (0600), instead of to standard output.")
@click.option("--length", type=click.IntRange(16, 128), default=32, show_default=True, help="Letters and digits.")
@click.option("--force", is_flag=True, help="Replace an existing key file.")
def key(output: Path | None, length: int, force: bool) -> None:
    """Make a shared key for the gateways: random letters and digits, as classic gateways require.

    The runbook reads it with -SharedKeyPath FILE; the key is never put into any other file.
    """
    from netcfg.files import write_atomically
    from netcfg.keys import new_key

    text = new_key(length) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically({output: text.encode()}, mode=0o600, overwrite=force)
        click.echo(f"wrote a {length}-character key to {output} (readable by its owner only)", err=True)
