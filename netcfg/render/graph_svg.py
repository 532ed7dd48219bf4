"""The DOT graph drawn as SVG by Graphviz's ``dot``, when it is installed.

``dot`` is another program: it may be missing, crash, print nothing, or take very long on a large
network (its layout grows much faster than the graph). Each of these ends in one error that says
what to do; nothing is written.
"""

from __future__ import annotations

import shutil
import subprocess

from netcfg.errors import Hint, Option, RefusedError
from netcfg.model import NetworkConfiguration
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import DEFAULT_OPTIONS, RenderOptions, graph_dot

INSTALL = (
    "Graphviz's 'dot' is not on the PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz;"
    " macOS: brew install graphviz; Windows: winget install graphviz)"
)
# Without dot: the text formats need no Graphviz, and sfdp draws large ones quickly.
WITHOUT_DOT = (
    Hint("or write it as text for Graphviz's sfdp, which draws large ones (sfdp -Tsvg)", Option.FORMAT, ("dot",)),
    Hint("or for Mermaid", Option.FORMAT, ("mermaid",)),
)
MOST_VNETS = 300  # beyond this, dot's layout takes minutes: draw the DOT another way
SECONDS = 60  # the most dot is given


def _refuse_large(config: NetworkConfiguration) -> None:
    if len(config.vnets) > MOST_VNETS:
        raise RefusedError(
            f"{len(config.vnets)} VNets are more than 'dot' draws in reasonable time: at most {MOST_VNETS}",
            hints=WITHOUT_DOT,
        )


def render(network: NetworkSet, options: RenderOptions = DEFAULT_OPTIONS) -> bytes:
    dot = shutil.which("dot")
    if dot is None:
        raise RefusedError(INSTALL, hints=WITHOUT_DOT)
    _refuse_large(network.joined())
    try:
        done = subprocess.run([dot, "-Tsvg"], input=graph_dot.render(network), capture_output=True, timeout=SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise RefusedError(
            f"Graphviz's dot did not finish within {SECONDS} s; draw a smaller network", hints=WITHOUT_DOT
        ) from None
    except OSError as exc:  # not executable, or gone between which() and here
        raise RefusedError(f"Graphviz's dot could not be run ({exc.strerror or exc}); {INSTALL}", hints=WITHOUT_DOT) from None
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip() or f"it exited with status {done.returncode}"
        raise RefusedError(f"Graphviz could not draw the graph: {why}")
    if not done.stdout.strip():
        raise RefusedError("Graphviz's dot printed nothing; check the Graphviz installation (dot -V)")
    return done.stdout
