"""Errors raised for input that cannot be matched as given."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, named by the record and the field that carry the problem.

    The message is meant for a coordinator fixing a file by hand, so it always says where to
    look (``mentors[3] (id 'p7'), field 'capacity'``) before saying what is wrong.
    """

    def __init__(self, record: object, field: str, problem: str) -> None:
        # ``record`` may be a lazily formatted label; it is only turned into text here, when
        # something is actually wrong, which keeps validation of large files fast.
        self.record = str(record)
        self.field = field
        self.problem = problem
        super().__init__(f"{self.record}, field '{field}': {problem}")
