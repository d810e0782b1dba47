"""Observations into a pandas DataFrame, then a few questions a notebook would ask.

Needs pandas: ``pip install 'inatsdk[pandas]'``.
"""

from __future__ import annotations

from _support import run

from inatsdk import iNatClient
from inatsdk.export import to_dataframe


def main(client: iNatClient) -> None:
    frame = to_dataframe(client.observations.search(quality_grade="research").limit(1_500))
    print(f"{len(frame):,} observations, {frame['taxon_id'].nunique()} taxa")
    print("\nby iconic group:")
    print(frame["iconic_taxon"].value_counts().head(6).to_string())
    print("\nby month observed:")
    months = frame["observed_on"].dt.month.value_counts().sort_index()
    print(months.to_string())
    busiest = frame.groupby("user_login")["id"].count().nlargest(3)
    print("\nbusiest observers:")
    print(busiest.to_string())


if __name__ == "__main__":
    run(main)
