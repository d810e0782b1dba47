"""Shell completion scripts for ``inat``, generated from the parser itself."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import cast

__all__ = ["completion_script"]


def _words(parser: argparse.ArgumentParser) -> dict[str, list[str]]:
    """Each command path (``""``, ``"observations"``) -> the words that may follow it."""
    table: dict[str, list[str]] = {}

    def walk(p: argparse.ArgumentParser, path: str) -> None:
        words: list[str] = []
        for action in p._actions:
            words.extend(o for o in action.option_strings if o.startswith("--"))
            # A subcommands action is the one whose choices map names to parsers.
            choices = action.choices
            if not isinstance(choices, Mapping):
                continue
            for name, sub in cast("Mapping[object, object]", choices).items():
                if isinstance(name, str) and isinstance(sub, argparse.ArgumentParser):
                    words.append(name)
                    walk(sub, f"{path} {name}".strip())
        table[path] = sorted(set(words))

    walk(parser, "")
    return table


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """A bash (or zsh, through bashcompinit) completion script for ``inat``."""
    cases = "\n".join(
        f'        "{path}") words="{" ".join(words)}" ;;' for path, words in _words(parser).items()
    )
    script = f"""# inat completion; load with: eval "$(inat completion {shell})"
_inat_complete() {{
    local cur path words i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    path=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in -*) ;; *) path="${{path:+$path }}${{COMP_WORDS[i]}}" ;; esac
    done
    case "$path" in
{cases}
        *) words="" ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -F _inat_complete inat
"""
    if shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    return script
