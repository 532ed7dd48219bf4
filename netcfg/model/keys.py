"""Shared keys for classic gateways: letters and digits only, at most 128 (Set-AzureVNetGatewayKey)."""

from __future__ import annotations

import re
import secrets
import string

from netcfg.errors import RefusedError

ALPHABET = string.ascii_letters + string.digits
LONGEST = 128
VALID = re.compile(rf"[A-Za-z0-9]{{1,{LONGEST}}}")


def new_key(length: int = 32) -> str:
    """A random key of ``length`` letters and digits from the operating system's CSPRNG."""
    if not 16 <= length <= LONGEST:
        raise RefusedError(f"a key of {length} characters: choose 16 to {LONGEST} (classic gateways take at most {LONGEST})")
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
