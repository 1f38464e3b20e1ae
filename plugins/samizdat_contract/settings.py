"""One validation helper for every plugin's settings.

Each plugin declares its settings once, as {NAME: Setting}, with defaults
and checks; validate() fills in what is missing and raises SettingsError
naming the first setting whose value the plugin cannot use.

Data shapes:
    Setting(default, check: Callable[[value], bool], expected: str)
        expected completes "NAME must be ...", e.g. "a whole number >= 1"
    validate(settings: dict, spec: dict[str, Setting]) -> None
    whole_number(default, minimum) / flag(default) / text(default) /
    tag_list(default) / path_pattern(default, required, optional, may_be_empty)
        -> Setting
"""

import copy
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass


class SettingsError(ValueError):
    """A setting has a value its plugin cannot use; the message names it."""


@dataclass(frozen=True)
class Setting:
    default: object
    check: Callable[[object], bool]
    expected: str


def validate(settings: dict, spec: dict[str, Setting]) -> None:
    for name, setting in spec.items():
        if name not in settings:
            # A copy: a list default must not be shared between builds.
            settings[name] = copy.deepcopy(setting.default)
        value = settings[name]
        if not setting.check(value):
            raise SettingsError(f"{name} must be {setting.expected}, not {value!r}")


def whole_number(default: int, minimum: int) -> Setting:
    def check(value) -> bool:
        # bool is an int in Python; True is not a count.
        return (
            isinstance(value, int) and not isinstance(value, bool) and value >= minimum
        )

    return Setting(default, check, f"a whole number >= {minimum}")


def flag(default: bool) -> Setting:
    return Setting(default, lambda value: isinstance(value, bool), "true or false")


def text(default: str) -> Setting:
    return Setting(default, lambda value: isinstance(value, str), "a string")


def tag_list(default: Iterable[str]) -> Setting:
    def check(value) -> bool:
        return isinstance(value, (list, tuple)) and all(
            isinstance(item, str) and item for item in value
        )

    return Setting(list(default), check, "a list of language tags")


def path_pattern(
    default: str,
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    may_be_empty: bool = False,
) -> Setting:
    """A relative output path with str.format fields: all of `required`,
    any of `optional`. "" (when `may_be_empty`) means the file is not
    written."""
    needed, allowed = set(required), set(required) | set(optional)

    def check(value) -> bool:
        if not isinstance(value, str):
            return False
        if value == "":
            return may_be_empty
        if value.startswith("/") or "\\" in value or ".." in value.split("/"):
            return False
        try:
            names = {
                name.split(".")[0].split("[")[0].split("!")[0]
                for _, name, _, _ in string.Formatter().parse(value)
                if name is not None
            }
        except ValueError:  # unbalanced braces
            return False
        return needed <= names <= allowed

    expected = "a relative path"
    if needed:
        expected += " with " + ", ".join(f"{{{name}}}" for name in sorted(needed))
    if allowed - needed:
        others = ", ".join(f"{{{name}}}" for name in sorted(allowed - needed))
        expected += f" (it may use {others})"
    if may_be_empty:
        expected += ', or "" for none'
    return Setting(default, check, expected)
