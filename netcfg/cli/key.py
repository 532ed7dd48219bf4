"""The key command: a shared key for the gateways, in a file only its owner can read."""

from __future__ import annotations

import click

from netcfg.cli import SUMMARIES


@click.command(short_help=SUMMARIES["key"])
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the key here, readable by its owner only (0600), instead of to standard output.",
)
@click.option("--length", type=click.IntRange(16, 128), default=32, show_default=True, help="Letters and digits.")
@click.option("--force", is_flag=True, help="Replace an existing key file.")
def key(output: str | None, length: int, force: bool) -> None:
    """Make a shared key for the gateways: random letters and digits, as classic gateways require.

    The runbook reads it with -SharedKeyPath FILE; the key is never put into any other file.
    """
    from netcfg.io.stdout import write_stdout
    from netcfg.io.writing import write_files
    from netcfg.model.keys import new_key

    text = new_key(length) + "\n"
    if output is None:
        write_stdout(text.encode())
        return
    # The key file is its owner's only (0600) before any byte is in it, whatever it replaces; the
    # message comes after the file and its folder are on disk, so a key said to be written is.
    write_files({output: text.encode()}, private=True, force=force)
    click.echo(f"wrote a {length}-character key to {output} ({_who_can_read(output)})", err=True)


def _who_can_read(output: str) -> str:
    """What protects the key: a file we made is 0600; a FIFO or device keeps the permissions it had."""
    import os
    import stat

    try:
        regular = stat.S_ISREG(os.stat(output).st_mode)
    except OSError:  # gone already (a reader removed it): say nothing we cannot know
        return "not checked: it is no longer there"
    if regular:
        return "readable by its owner only"
    return "a FIFO or device: netcfg did not set who can read it"
