"""User-facing failures. Each carries one line of Chinese text with its location;
only the command line (linter/cli) turns them into exit code 2."""


class JxlintError(Exception):
    """A problem the user can fix: bad input, bad rule file, bad option."""


class InputError(JxlintError):
    """A file could not be read as a table."""


class RuleError(JxlintError):
    """A rule or word-list file is invalid. ``keys`` is the path of keys inside the file,
    which the loader turns into a line and column."""

    def __init__(self, message: str, keys: tuple = ()):
        super().__init__(message)
        self.keys = keys

    @classmethod
    def at(cls, keys: tuple, message: str) -> "RuleError":
        return cls(message, tuple(keys))
