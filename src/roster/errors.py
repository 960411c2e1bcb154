"""Errors Roster raises, independent of wire format; each dialect renders them its own way."""

from __future__ import annotations


class RosterError(Exception):
    status_code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadParameter(RosterError):
    """A known parameter had a value Roster cannot use."""

    status_code = 400

    def __init__(self, parameter: str, problem: str) -> None:
        super().__init__(f"{parameter}: {problem}")
        self.parameter = parameter
        self.problem = problem


class Unauthenticated(RosterError):
    status_code = 401

    def __init__(self, message: str = "missing, unknown or revoked token") -> None:
        super().__init__(message)


class Forbidden(RosterError):
    status_code = 403


class NotFound(RosterError):
    """Also what a requester gets for a user they may not see: never a hint that it exists."""

    status_code = 404

    def __init__(self, message: str = "Not found") -> None:
        super().__init__(message)


class ValidationFailed(RosterError):
    status_code = 422

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in problems))
        self.problems = problems


class Unavailable(RosterError):
    status_code = 503

    def __init__(self, message: str = "The database is unavailable", retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
