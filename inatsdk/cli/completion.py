"""Shell completion for ``inat``: bash, zsh and fish.

The scripts are small: on each Tab they ask ``inat __complete WORD... CURRENT`` what may come
next, and ``inat`` answers from its own parser. So completion knows every command, verb and
option, skips the values of options that take one (``--api-url http://127.0.0.1:8765`` included,
colons and all), offers the values of options with a fixed set (``--format``, ``--rank``,
``--quality-grade``) and file names where a file is expected (``-o``, ``--photo``, a folder).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import cast

from inatsdk.cli.common import Subcommands, examples

__all__ = ["FILES", "add_command", "candidates", "completion_script"]

#: What :func:`candidates` answers where the shell should complete file names.
FILES = "__files__"
_FILE_METAVARS = frozenset({"FILE", "DIR", "PATH", "FOLDER"})


def add_command(name: str, commands: Subcommands) -> None:
    """Add ``inat completion SHELL``."""
    completion = commands.add_parser(
        name,
        help="print a completion script for bash, zsh or fish",
        description="Print a script that makes Tab complete inat's commands, options, option "
        "values and file names. Load it from your shell's start-up file.",
        epilog=examples(
            'eval "$(inat completion bash)"  # in ~/.bashrc',
            'eval "$(inat completion zsh)"   # in ~/.zshrc',
            "inat completion fish > ~/.config/fish/completions/inat.fish",
        ),
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="bash, zsh or fish")
    completion.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    print(completion_script(args.shell))
    return 0


def _subcommands(parser: argparse.ArgumentParser) -> Mapping[str, argparse.ArgumentParser]:
    for action in parser._actions:
        choices = action.choices
        if action.nargs == argparse.PARSER and isinstance(choices, Mapping):
            return cast("Mapping[str, argparse.ArgumentParser]", choices)
    return {}


def _option(parser: argparse.ArgumentParser, word: str) -> argparse.Action | None:
    found: argparse.Action | None = parser._option_string_actions.get(word)
    return found


def _values(action: argparse.Action) -> list[str]:
    listed: object = getattr(action, "completions", None)
    if isinstance(listed, list):
        return [str(v) for v in cast("list[object]", listed)]
    if action.choices is not None and not isinstance(action.choices, Mapping):
        return [str(c) for c in cast("Sequence[object]", action.choices)]
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    if metavar.upper() in _FILE_METAVARS or action.dest in ("output", "photo", "sound", "log"):
        return [FILES]
    return []


def _takes_value(action: argparse.Action) -> bool:
    return action.nargs != 0


def candidates(words: Sequence[str]) -> list[str]:
    """What may be typed at the last of ``words`` (the words after ``inat``; the last one is
    the word being completed, possibly empty). ``[FILES]`` asks for file names."""
    from inatsdk.cli import build_parser, command_and_verb, command_words

    prior, current = list(words[:-1]), (words[-1] if words else "")
    parser = build_parser(*command_and_verb(command_words(prior)))
    root = parser
    expecting: argparse.Action | None = None
    positional = 0
    for word in prior:
        if expecting is not None:
            expecting = None
            continue
        if word.startswith("-"):
            name, eq, _ = word.partition("=")
            action = _option(parser, name) or _option(root, name)
            if action is not None and _takes_value(action) and not eq:
                expecting = action
            continue
        sub = _subcommands(parser).get(word)
        if sub is not None:
            parser, positional = sub, 0
        else:
            positional += 1
    if expecting is not None:
        return _values(expecting)
    if current.startswith("-"):
        options = {o for a in parser._actions for o in a.option_strings if o.startswith("--")}
        if parser is not root:
            options |= {o for a in root._actions for o in a.option_strings if o.startswith("--")}
        return sorted(o for o in options if o.startswith(current))
    subs = _subcommands(parser)
    if subs:
        return sorted(name for name in subs if name.startswith(current))
    free = [a for a in parser._actions if not a.option_strings and a.dest != "help"]
    if positional < len(free):
        values = _values(free[positional])
        return values if values == [FILES] else [v for v in values if v.startswith(current)]
    return []


def complete_main(words: Sequence[str]) -> int:
    """``inat __complete WORD...``: print the candidates, one a line."""
    try:
        found = candidates(words)
    except (SystemExit, Exception):  # completion must never print a traceback into a prompt
        return 0
    sys.stdout.write("".join(f"{c}\n" for c in found))
    return 0


def _program() -> str:
    import shlex

    return f"{shlex.quote(sys.executable)} -m inatsdk.cli"


def completion_script(shell: str) -> str:
    """The completion script for ``shell`` (``bash``, ``zsh`` or ``fish``)."""
    program = _program()
    if shell == "fish":
        return f"""# inat completion for fish; load with: inat completion fish | source
function __inat_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l found ({program} __complete $tokens[2..-1] "$current" 2>/dev/null)
    if test "$found" = "{FILES}"
        __fish_complete_path "$current"
    else
        printf '%s\\n' $found
    end
end
complete -c inat -f -a '(__inat_complete)'
"""
    script = f"""# inat completion; load with: eval "$(inat completion {shell})"
_inat_complete() {{
    local line="${{COMP_LINE:0:COMP_POINT}}" cur="" found
    local -a words
    # Split the line on blanks only: a URL's colons stay in its word.
    read -r -a words <<< "$line"
    if [[ "$line" =~ [[:space:]]$ ]]; then
        cur=""
    else
        cur="${{words[${{#words[@]}}-1]}}"
        unset 'words[${{#words[@]}}-1]'
    fi
    found="$({program} __complete "${{words[@]:1}}" "$cur" 2>/dev/null)"
    if [[ "$found" == "{FILES}" ]]; then
        local IFS=$'\\n'
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
    else
        local IFS=$'\\n'
        COMPREPLY=($(compgen -W "$found" -- "$cur"))
    fi
}}
complete -F _inat_complete inat
"""
    if shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    return script
