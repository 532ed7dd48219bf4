"""The DOT graph drawn as SVG by Graphviz's ``dot``, when it is installed."""

from __future__ import annotations

import shutil
import subprocess

from netcfg.errors import RefusedError
from netcfg.model import NetworkConfiguration
from netcfg.render import DEFAULT_OPTIONS, RenderOptions
from netcfg.render import graph_dot

INSTALL = ("Graphviz's 'dot' is not on the PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz;"
           " macOS: brew install graphviz; Windows: winget install graphviz) or use --format dot")


def render(config: NetworkConfiguration, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    dot = shutil.which("dot")
    if dot is None:
        raise RefusedError(INSTALL)
    done = subprocess.run([dot, "-Tsvg"], input=graph_dot.render(config), capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RefusedError(f"Graphviz could not draw the graph: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout
