"""``inat login``, ``inat logout`` and ``inat whoami``.

``inat login`` logs in (the OAuth password grant, or ``--browser`` for the authorization code
flow with PKCE), checks the login with ``GET /v1/users/me``, and stores the OAuth access token
(never the password) in the system keyring, under the API and web URLs it is for. Clients made
without ``credentials=`` and without ``INAT_*`` variables then use it. ``inat logout`` removes
it; ``inat whoami`` shows who the credentials in force belong to.

Secrets are read from the environment (``INAT_PASSWORD``, ``INAT_APP_SECRET``), from standard
input (``--password-stdin``) or from a prompt that does not echo; never from the command line,
where other users of the machine could read them. Failures print one line and exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inatsdk import Credentials, iNatClient
    from inatsdk.cli.common import Subcommands
    from inatsdk.models import User

__all__ = ["add_auth_commands", "add_command", "run_auth_command"]

COMMANDS = ("login", "logout", "whoami")
#: ``inatsdk.oauth.DEFAULT_REDIRECT_PORT``, repeated here so that building the parser does not
#: import the OAuth module (a test checks that they agree).
DEFAULT_REDIRECT_PORT = 8400


def add_command(name: str, commands: Subcommands) -> None:
    """Add ``login``, ``logout`` or ``whoami`` (the one ``name`` says)."""
    add_auth_commands(commands, only=name)


def add_auth_commands(commands: Subcommands, *, only: str | None = None) -> None:
    """Add ``login``, ``logout`` and ``whoami`` (or only one of them)."""
    from inatsdk.cli.common import add_client_options, examples

    if only not in (None, "login"):
        _add_logout_whoami(commands, only)
        return
    login = commands.add_parser(
        "login",
        help="log in and keep the login in the system keyring",
        description="Log in to iNaturalist and store the OAuth access token in the system "
        "keyring. By default with a password (the OAuth password grant: it needs an "
        "application id and secret); with --browser through the browser (authorization code "
        "with PKCE; it needs only the application id). Values not given come from INAT_USERNAME, "
        "INAT_PASSWORD, INAT_APP_ID and INAT_APP_SECRET, else from prompts.",
    )
    login.add_argument("--username", help="your iNaturalist login (default: INAT_USERNAME)")
    login.add_argument("--app-id", help="the OAuth application's id (default: INAT_APP_ID)")
    login.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (first line)",
    )
    login.add_argument(
        "--browser",
        action="store_true",
        help="log in through the browser (authorization code with PKCE)",
    )
    login.add_argument(
        "--manual",
        action="store_true",
        help="with --browser: print the address to open and paste back where the browser "
        "ended (for machines without a browser)",
    )
    login.add_argument(
        "--port",
        type=int,
        default=DEFAULT_REDIRECT_PORT,
        help="with --browser: the loopback port of the redirect URI "
        f"http://127.0.0.1:PORT/callback (default {DEFAULT_REDIRECT_PORT})",
    )
    add_client_options(login, repeated=True)
    login.epilog = examples(
        "inat login --username me  # asks for the password and the application secret",
        "inat login --browser",
        "printf '%%s\\n' \"$PASSWORD\" | inat login --username me --password-stdin",
    )
    login.set_defaults(run=run_auth_command)
    if only is None:
        _add_logout_whoami(commands, None)


def _add_logout_whoami(commands: Subcommands, only: str | None) -> None:
    from inatsdk.cli.common import add_client_options

    if only in (None, "logout"):
        logout = commands.add_parser("logout", help="remove the login stored in the system keyring")
        add_client_options(logout, repeated=True)
        logout.set_defaults(run=run_auth_command)
    if only in (None, "whoami"):
        whoami = commands.add_parser("whoami", help="show who the credentials in force belong to")
        add_client_options(whoami, repeated=True)
        whoami.set_defaults(run=run_auth_command)


def run_auth_command(args: argparse.Namespace) -> int:
    """Run ``login``, ``logout`` or ``whoami``; exit status 0 or 1."""
    from inatsdk.errors import iNatError

    try:
        if args.command == "login":
            return _login(args)
        if args.command == "logout":
            return _logout(args)
        return _whoami(args)
    except (iNatError, _Failure, OSError, ValueError) as exc:
        if getattr(args, "debug", False):
            raise
        _fail(args.command, exc)
        return 1
    except Exception as exc:  # the keyring's own errors, mostly
        if getattr(args, "debug", False):
            raise
        if type(exc).__module__.startswith("keyring"):
            _fail(args.command, _keyring_failure(exc))
            return 1
        raise


class _Failure(Exception):
    """A problem to report in one line."""


def _fail(command: str, exc: BaseException) -> None:
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    print(f"inat {command}: {text or type(exc).__name__}", file=sys.stderr)


def _keyring_failure(exc: BaseException) -> _Failure:
    from inatsdk.auth import keyring_backend_name

    return _Failure(
        f"the system keyring failed ({type(exc).__name__}; backend {keyring_backend_name()}): "
        "configure a keyring backend (see the authentication guide), or give credentials "
        "through INAT_ACCESS_TOKEN or INAT_USERNAME/INAT_PASSWORD/INAT_APP_ID/INAT_APP_SECRET"
    )


def _urls(args: argparse.Namespace) -> tuple[str, str]:
    from inatsdk.cli.common import api_url, web_url

    return api_url(args), web_url(args)


def _client(args: argparse.Namespace, *, credentials: Credentials | bool | None) -> iNatClient:
    """A client for these commands: never cached, never dry-run. ``credentials=True``: the
    ones in force (the environment, else the keyring)."""
    from inatsdk import iNatClient

    api, web = _urls(args)
    user_agent = getattr(args, "user_agent", None) or "inat-cli"
    if credentials is True:
        return iNatClient(
            api_url=api, web_url=web, user_agent=user_agent, cache=None, dry_run=False
        )
    return iNatClient(
        api_url=api,
        web_url=web,
        user_agent=user_agent,
        cache=None,
        dry_run=False,
        credentials=credentials or None,
    )


def _value(given: str | None, env: str, label: str, *, secret: bool = False) -> str:
    value = given or os.environ.get(env) or None
    if value:
        return value
    if not sys.stdin.isatty():
        raise _Failure(f"no {label}: set {env}" + ("" if secret else " or pass it as an option"))
    if secret:
        import getpass

        value = getpass.getpass(f"{label[0].upper()}{label[1:]}: ")
    else:
        value = input(f"{label[0].upper()}{label[1:]}: ")
    value = value.strip()
    if not value:
        raise _Failure(f"no {label} given")
    return value


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise _Failure("--password-stdin: standard input held no password")
        return line
    return _value(None, "INAT_PASSWORD", "password", secret=True)


def _login(args: argparse.Namespace) -> int:
    from inatsdk import Credentials
    from inatsdk.auth import keyring_backend_name, set_keyring_credentials
    from inatsdk.oauth import login_with_browser, login_with_password

    api, web = _urls(args)
    app_id = _value(args.app_id, "INAT_APP_ID", "application id")
    with _client(args, credentials=None) as sender:
        if args.browser:
            got = login_with_browser(
                app_id=app_id,
                app_secret=os.environ.get("INAT_APP_SECRET") or None,
                port=args.port,
                manual=args.manual,
                client=sender,
            )
        else:
            username = _value(args.username, "INAT_USERNAME", "username")
            password = _password(args)
            app_secret = _value(None, "INAT_APP_SECRET", "application secret", secret=True)
            got = login_with_password(
                username=username,
                password=password,
                app_id=app_id,
                app_secret=app_secret,
                client=sender,
            )
    with _client(args, credentials=got) as client:
        user = _me(client)
    stored = Credentials(username=user.login, access_token=got.access_token, app_id=app_id)
    set_keyring_credentials(stored, api_url=api, web_url=web)
    print(
        f"Logged in to {web} as {_who(user)}; the access token is stored in the keyring "
        f"({keyring_backend_name()})."
    )
    return 0


def _logout(args: argparse.Namespace) -> int:
    from inatsdk.auth import delete_keyring_credentials

    api, web = _urls(args)
    if delete_keyring_credentials(api_url=api, web_url=web):
        print(f"Logged out of {web}: the stored login was removed from the keyring.")
    else:
        print(f"No login for {web} was stored in the keyring.")
    if any(os.environ.get(n) for n in ("INAT_API_TOKEN", "INAT_ACCESS_TOKEN", "INAT_PASSWORD")):
        print("Note: INAT_* environment variables still hold credentials.", file=sys.stderr)
    return 0


def _credentials_in_force(api: str, web: str) -> Credentials | None:
    """What a client made without ``credentials=`` uses: the ``INAT_*`` variables, else the
    keyring entry for this site (None when neither is enough to log in)."""
    from inatsdk.auth import Credentials, TokenProvider

    tokens = TokenProvider(Credentials.from_env(), web, api_url=api, keyring=True)
    return tokens.credentials if tokens.has_credentials() else None


def _whoami(args: argparse.Namespace) -> int:
    api, web = _urls(args)
    credentials = _credentials_in_force(api, web)
    if credentials is None:
        raise _Failure(
            f"not logged in to {web}: no INAT_* credentials and nothing in the keyring; "
            "run `inat login`"
        )
    with _client(args, credentials=credentials) as client:
        user = _me(client)
    print(f"{_who(user)} on {web}")
    return 0


def _me(client: iNatClient) -> User:
    return client.users.me()


def _who(user: User) -> str:
    name = f", {user.name}" if user.name else ""
    return f"{user.login} (id {user.id}{name})"
