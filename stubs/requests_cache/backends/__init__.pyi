from pathlib import Path
from typing import TypeAlias

from requests_cache.backends.base import BaseCache as BaseCache
from requests_cache.backends.base import BaseStorage as BaseStorage
from requests_cache.backends.redis import RedisCache as RedisCache

BackendSpecifier: TypeAlias = str | BaseCache
StrOrPath: TypeAlias = Path | str
