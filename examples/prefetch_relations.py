"""Count observations by family in a place: ``prefetch("taxon")`` brings every taxon's
ancestors in batches of 30, so ``obs.taxon.family`` needs no request per observation.

Also shows ``client.taxa.lookup`` (a taxon by its exact name) and ``async for``.
"""

from __future__ import annotations

import asyncio
from collections import Counter

from _support import run

from inatsdk import iNatClient
from inatsdk.errors import AmbiguousNameError, NotFoundError


def main(client: iNatClient) -> None:
    query = client.observations.search(place_id=6712).prefetch("taxon").limit(600)
    families = Counter(
        o.taxon.family.name
        for o in query
        if o.taxon is not None and o.taxon.family is not None and o.taxon.family.name
    )
    for name, count in families.most_common(5):
        print(f"{count:5} {name}")

    for name in ("Turdus merula", "Robin"):
        try:
            taxon = client.taxa.lookup(name)
            print(f"{name!r} is taxon {taxon.id} ({taxon.rank})")
        except AmbiguousNameError as exc:
            print(f"{name!r} names {len(exc.candidates)} taxa")
        except NotFoundError:
            print(f"no taxon is named {name!r}")

    async def newest() -> list[int]:
        return [o.id or 0 async for o in client.observations.search().limit(5)]

    print("newest ids:", asyncio.run(newest()))


if __name__ == "__main__":
    run(main)
