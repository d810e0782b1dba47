# Stubs for requests-cache 1.2/1.3: only what inatsdk uses (see stubs/README.md).
from requests_cache.backends import BaseCache as BaseCache
from requests_cache.backends import BaseStorage as BaseStorage
from requests_cache.backends import RedisCache as RedisCache
from requests_cache.cache_keys import create_key as create_key
from requests_cache.models import AnyRequest as AnyRequest
from requests_cache.models import AnyResponse as AnyResponse
from requests_cache.models import CachedRequest as CachedRequest
from requests_cache.models import CachedResponse as CachedResponse
from requests_cache.policy import DO_NOT_CACHE as DO_NOT_CACHE
from requests_cache.policy import EXPIRE_IMMEDIATELY as EXPIRE_IMMEDIATELY
from requests_cache.policy import NEVER_EXPIRE as NEVER_EXPIRE
from requests_cache.policy import ExpirationPattern as ExpirationPattern
from requests_cache.policy import ExpirationPatterns as ExpirationPatterns
from requests_cache.policy import ExpirationTime as ExpirationTime
from requests_cache.policy import FilterCallback as FilterCallback
from requests_cache.policy import KeyCallback as KeyCallback
from requests_cache.session import CachedSession as CachedSession
