"""A user's life list: every species they have observed, most observed first.

python examples/life_list.py [LOGIN]        # offline, against the emulator
python examples/life_list.py LOGIN --live   # against api.inaturalist.org
"""

from __future__ import annotations

import sys

from _support import run

from inatsdk import iNatClient


def main(client: iNatClient) -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if args:
        login = args[0]
    else:  # offline: pick the most active observer of the emulator's world
        top = client.observations.observers().first()
        assert top is not None
        assert top.user is not None
        assert top.user.login is not None
        login = top.user.login
    life = client.observations.life_list(user_login=login)
    species = life.species()
    print(f"{login} has observed {len(species)} species")
    for taxon in species[:15]:
        common = taxon.preferred_common_name or ""
        print(f"{taxon.descendant_obs_count or 0:>4}  {taxon.name:<34} {common}")


if __name__ == "__main__":
    run(main)
