from collections.abc import Callable
from datetime import datetime, timedelta
from re import Pattern
from typing import Final, TypeAlias

from requests import Response

ExpirationTime: TypeAlias = int | float | str | datetime | timedelta | None
ExpirationPattern: TypeAlias = str | Pattern[str]
ExpirationPatterns: TypeAlias = dict[ExpirationPattern, ExpirationTime]
FilterCallback: TypeAlias = Callable[[Response], bool]
KeyCallback: TypeAlias = Callable[..., str]

# Special expiration values (policy/expiration.py).
DO_NOT_CACHE: Final = 0x0D0E0200020704
EXPIRE_IMMEDIATELY: Final = 0
NEVER_EXPIRE: Final = -1
