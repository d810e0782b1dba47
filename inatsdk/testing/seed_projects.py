"""Moved to :mod:`inatsdk.testing.projects.seed` (the projects' folder holds their seed, state
and routes); this name stays for code that imports it from here."""

from inatsdk.testing.projects.seed import (
    ProjectCatalog,
    ProjectRow,
    ProjectUserRow,
    SubscriptionRow,
    project_catalog,
)

__all__ = ["ProjectCatalog", "ProjectRow", "ProjectUserRow", "SubscriptionRow", "project_catalog"]
