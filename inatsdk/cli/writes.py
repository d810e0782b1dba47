"""Writes on the command line: create observations (one, or one per photo of a folder), add
identifications and comments, fave observations, join, leave and add to projects.

Every write needs a login (``inat login``, or ``INAT_ACCESS_TOKEN``) and takes ``--dry-run``:
then nothing is sent, the requests are shown, and the result is built from what would have
been sent.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from inatsdk.cli.common import Subcommands, UsageError, add_client_options, examples, make_client
from inatsdk.cli.output import emit

if TYPE_CHECKING:
    from inatsdk.models import Observation

__all__ = ["add_verbs"]

_GEOPRIVACY = ("open", "obscured", "private")


def _output_options(parser: argparse.ArgumentParser) -> None:
    own = parser.add_argument_group("output options")
    own.add_argument(
        "--format", choices=("table", "json", "jsonl", "csv"), default="table",
        help="output format (default table)",
    )  # fmt: skip
    own.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not the terminal")


def _id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a record id (a whole number)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a record id (a positive number)")
    return value


def _draft_options(parser: argparse.ArgumentParser) -> None:
    what = parser.add_argument_group("what the observations say")
    what.add_argument("--taxon-id", type=_id, metavar="ID", help="the taxon seen")
    what.add_argument("--species-guess", metavar="NAME", help="what you think it is, in words")
    what.add_argument("--description", metavar="TEXT", help="notes")
    what.add_argument("--place-guess", metavar="TEXT", help="where, in words")
    what.add_argument("--geoprivacy", choices=_GEOPRIVACY, help="who sees the exact location")
    what.add_argument("--captive", action="store_true", help="captive or cultivated")
    what.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeat for more)")


def add_verbs(group: str, verbs: Subcommands) -> None:
    """Add the writes of ``group``."""
    if group == "observations":
        _observation_verbs(verbs)
    elif group == "identifications":
        create = verbs.add_parser(
            "create",
            help="identify an observation (needs a login)",
            description="Add your identification to an observation. The API withdraws your "
            "earlier identification of it.",
            epilog=examples(
                "inat identifications create 1234 --taxon-id 9083",
                "inat identifications create 1234 --taxon-id 3 --body 'Note the crest' --dry-run",
            ),
            usage="inat identifications create OBSERVATION_ID --taxon-id ID [options]",
        )
        create.add_argument("observation_id", type=_id, metavar="OBSERVATION_ID")
        create.add_argument("--taxon-id", type=_id, metavar="ID", required=True, help="the taxon")
        create.add_argument("--body", metavar="TEXT", help="a remark that goes with it")
        create.add_argument(
            "--disagreement", action="store_true", help="say the current taxon is wrong"
        )
        _output_options(create)
        add_client_options(create, repeated=True)
        create.set_defaults(run=_identify)
    elif group == "comments":
        create = verbs.add_parser(
            "create",
            help="comment on an observation (needs a login)",
            description="Add a comment to an observation.",
            epilog=examples("inat comments create 1234 'Lovely shot!'"),
            usage="inat comments create OBSERVATION_ID TEXT [options]",
        )
        create.add_argument("observation_id", type=_id, metavar="OBSERVATION_ID")
        create.add_argument("body", metavar="TEXT", help="the comment")
        _output_options(create)
        add_client_options(create, repeated=True)
        create.set_defaults(run=_comment)
    elif group == "projects":
        for verb, summary, usage in (
            ("join", "join a project (needs a login)", "PROJECT_ID"),
            ("leave", "leave a project (needs a login)", "PROJECT_ID"),
            ("add", "add an observation to a project (needs a login)", "PROJECT_ID OBS_ID"),
        ):
            parser = verbs.add_parser(
                verb,
                help=summary,
                description=summary[0].upper() + summary[1:] + ".",
                epilog=examples(f"inat projects {verb} 1001" + (" 1234" if verb == "add" else "")),
                usage=f"inat projects {verb} {usage} [options]",
            )
            parser.add_argument("project_id", type=_id, metavar="PROJECT_ID")
            if verb == "add":
                parser.add_argument("observation_id", type=_id, metavar="OBSERVATION_ID")
            _output_options(parser)
            add_client_options(parser, repeated=True)
            parser.set_defaults(run=_project, project_verb=verb)


def _observation_verbs(verbs: Subcommands) -> None:
    create = verbs.add_parser(
        "create",
        help="create an observation, with photos and sounds (needs a login)",
        description="Create one observation. Say what was seen (--taxon-id or "
        "--species-guess), when (--observed-on) and where (--lat and --lng, or --place-guess); "
        "attach photos and sounds with --photo and --sound, repeated.",
        epilog=examples(
            "inat observations create --species-guess 'Common raven' --observed-on 2024-05-01 "
            "--lat 46.52 --lng 6.63 --photo raven.jpg",
            "inat observations create --taxon-id 3 --photo a.jpg --photo b.jpg --dry-run",
        ),
        usage="inat observations create [--taxon-id ID | --species-guess NAME] [options]",
    )
    _draft_options(create)
    when = create.add_argument_group("when and where")
    when.add_argument(
        "--observed-on", metavar="DATE", help="when, e.g. 2024-05-01 or 2024-05-01 14:30"
    )
    when.add_argument("--lat", type=float, metavar="DEGREES", help="latitude (north positive)")
    when.add_argument("--lng", type=float, metavar="DEGREES", help="longitude (east positive)")
    media = create.add_argument_group("media")
    media.add_argument("--photo", action="append", metavar="FILE", help="a photo (repeat for more)")
    media.add_argument("--sound", action="append", metavar="FILE", help="a sound (repeat for more)")
    _output_options(create)
    add_client_options(create, repeated=True)
    create.set_defaults(run=_create)

    upload = verbs.add_parser(
        "upload",
        help="one observation per photo of a folder, resumable (needs a login)",
        description="Create one observation per photo in DIR, dated and placed from the "
        "photo's EXIF data where it has some. A log in DIR (.inat-upload.jsonl) records what "
        "was uploaded, so running the command again skips those photos and goes on with the "
        "rest. A progress bar shows on a terminal; each file's result is printed.",
        epilog=examples(
            "inat observations upload ~/Pictures/walk --species-guess 'Fungi' --dry-run",
            "inat observations upload ~/Pictures/walk --taxon-id 47170 --geoprivacy obscured",
        ),
        usage="inat observations upload DIR [options]",
    )
    upload.add_argument("folder", metavar="DIR", help="the folder of photos")
    _draft_options(upload)
    upload.add_argument(
        "--log", metavar="FILE", help="the resume log (default DIR/.inat-upload.jsonl)"
    )
    upload.add_argument(
        "--no-progress", action="store_true", help="no progress bar, even on a terminal"
    )
    add_client_options(upload, repeated=True)
    upload.set_defaults(run=_upload)

    for verb, words in (("fave", "add an observation to your favourites"),
                        ("unfave", "withdraw your fave of an observation")):  # fmt: skip
        parser = verbs.add_parser(
            verb,
            help=f"{words} (needs a login)",
            description=words[0].upper() + words[1:] + ".",
            epilog=examples(f"inat observations {verb} 1234"),
            usage=f"inat observations {verb} OBSERVATION_ID [options]",
        )
        parser.add_argument("observation_id", type=_id, metavar="OBSERVATION_ID")
        _output_options(parser)
        add_client_options(parser, repeated=True)
        parser.set_defaults(run=_fave, fave=verb == "fave")


# --- running them -----------------------------------------------------------------------------------


def draft_from(args: argparse.Namespace) -> Observation:
    """The observation the options describe."""
    from inatsdk.models import Coordinates, Observation

    if getattr(args, "lat", None) is not None or getattr(args, "lng", None) is not None:
        if args.lat is None or args.lng is None:
            raise UsageError("give both --lat and --lng (or neither)")
        if not (-90 <= args.lat <= 90 and -180 <= args.lng <= 180):
            raise UsageError("--lat must be within -90..90 and --lng within -180..180")
    location = (
        Coordinates(latitude=args.lat, longitude=args.lng)
        if getattr(args, "lat", None) is not None
        else None
    )
    return Observation(
        taxon_id=args.taxon_id,
        species_guess=args.species_guess,
        description=args.description,
        place_guess=args.place_guess,
        geoprivacy=args.geoprivacy,
        captive=True if args.captive else None,
        tags=list(args.tag) if args.tag else None,
        observed_on_string=getattr(args, "observed_on", None),
        location=location,
    )


def _done(args: argparse.Namespace, what: str) -> None:
    import sys

    prefix = "would have " if getattr(args, "dry_run", False) else ""
    print(f"{prefix}{what}", file=sys.stderr)


def _create(args: argparse.Namespace) -> int:
    draft = draft_from(args)
    if draft.taxon_id is None and not draft.species_guess and not args.photo:
        raise UsageError("say what was seen: --taxon-id ID or --species-guess NAME (or a --photo)")
    with make_client(args, cached=False) as client:
        created = client.observations.create(draft, photos=args.photo, sounds=args.sound)
    _done(args, f"created observation {created.id if created.id is not None else created.uuid}")
    emit(created, fmt=args.format, output=args.output, brief=True)
    return 0


def _identify(args: argparse.Namespace) -> int:
    from inatsdk.models import Identification

    draft = Identification(
        observation_id=args.observation_id,
        taxon_id=args.taxon_id,
        body=args.body,
        disagreement=True if args.disagreement else None,
    )
    with make_client(args, cached=False) as client:
        made = client.identifications.create(draft)
    _done(args, f"identified observation {args.observation_id} as taxon {args.taxon_id}")
    emit(made, fmt=args.format, output=args.output, brief=True)
    return 0


def _comment(args: argparse.Namespace) -> int:
    from inatsdk.models import Comment

    if not args.body.strip():
        raise UsageError("the comment is empty")
    with make_client(args, cached=False) as client:
        made = client.comments.create(
            Comment(parent_type="Observation", parent_id=args.observation_id, body=args.body)
        )
    _done(args, f"commented on observation {args.observation_id}")
    emit(made, fmt=args.format, output=args.output, brief=True)
    return 0


def _fave(args: argparse.Namespace) -> int:
    with make_client(args, cached=False) as client:
        controller = client.observations
        result = (controller.fave if args.fave else controller.unfave)(args.observation_id)
    _done(args, f"{'faved' if args.fave else 'unfaved'} observation {args.observation_id}")
    emit(result, fmt=args.format, output=args.output, brief=True)
    return 0


def _project(args: argparse.Namespace) -> int:
    with make_client(args, cached=False) as client:
        projects = client.projects
        if args.project_verb == "join":
            emit(projects.join(args.project_id), fmt=args.format, output=args.output, brief=True)
            _done(args, f"joined project {args.project_id}")
        elif args.project_verb == "leave":
            projects.leave(args.project_id)
            _done(args, f"left project {args.project_id}")
        else:
            added = projects.add_observation(args.project_id, args.observation_id)
            _done(args, f"added observation {args.observation_id} to project {args.project_id}")
            emit(added, fmt=args.format, output=args.output, brief=True)
    return 0


def _upload(args: argparse.Namespace) -> int:
    from inatsdk.cli.upload import upload_folder

    return upload_folder(args)
