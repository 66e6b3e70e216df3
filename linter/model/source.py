"""What later stages need of an input file besides its tables, taken from the one read of it: the
text (to quote the lines findings point at) and its ``# jxlint: disable=`` comments. Binary formats
(xlsx, docx, pdf …) have neither: their findings name cells, not lines of the file."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Tuple

_COMMENT = re.compile(r"#\s*jxlint:\s*(disable-next-line|disable)\s*=\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)")


@dataclass(frozen=True)
class Comment:
    line: int
    column: int
    end_column: int
    target: int                 # the line whose findings it silences
    rules: Tuple[str, ...]
    text: str


def comments(text: str) -> List[Comment]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if "jxlint" not in line:
            continue
        for match in _COMMENT.finditer(line):
            rules = tuple(rule.strip() for rule in match.group(2).split(","))
            target = number + 1 if match.group(1) == "disable-next-line" else number
            found.append(Comment(number, match.start() + 1, match.end() + 1, target, rules, match.group(0)))
    return found


@dataclass(frozen=True)
class Source:
    text: str = ""                       # the decoded text of a line-based file; "" for a binary format
    comments: Tuple[Comment, ...] = ()

    @classmethod
    def of_text(cls, text: str, commented: bool = True) -> "Source":
        """``commented``: the format can hold ``#`` comments (JSON cannot: a ``#`` there is data)."""
        return cls(text, tuple(comments(text)) if commented and "jxlint" in text else ())

    def lines(self, numbers: Iterable[int]) -> Dict[int, str]:
        """The file's lines at these 1-based numbers (those that exist)."""
        wanted = set(numbers)
        if not self.text or not wanted:
            return {}
        lines = self.text.split("\n")
        return {n: lines[n - 1] for n in sorted(wanted) if 0 < n <= len(lines)}
