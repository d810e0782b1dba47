"""Print a project's observations added since the last run (run it from cron).

The newest id seen is kept in a small state file; the next run asks only for ids above it,
paging by id, so nothing is missed however many arrive in between.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from _support import run

from inatsdk import iNatClient

STATE = Path(tempfile.gettempdir()) / "inatsdk-watch-project.json"


def main(client: iNatClient) -> None:
    project = client.projects.search().first()
    assert project is not None
    assert project.id is not None
    state = json.loads(STATE.read_text()) if STATE.exists() else {}
    last_seen = state.get(str(project.id))
    query = client.observations.search(project_id=project.id)
    if last_seen is None:
        newest = query.first()  # first run: remember where we are
        print(f"watching {project.title}; {query.count():,} observations so far")
        last_seen = newest.id if newest and newest.id else 0
    else:
        new = query.filter(id_above=last_seen).order_by("id", desc=False).all()
        for obs in new:
            who = obs.user.login if obs.user else "?"
            what = obs.taxon.name if obs.taxon else obs.species_guess
            print(f"new: {obs.id} {what} by {who}")
            last_seen = max(last_seen, obs.id or 0)
        print(f"{len(new)} new observations in {project.title}")
    STATE.write_text(json.dumps({**state, str(project.id): last_seen}))


if __name__ == "__main__":
    run(main)
