"""The domain's error family. Views turn them into messages or status codes; the API into JSON."""

from django.core.exceptions import PermissionDenied


class DomainError(Exception):
    """A rule of the domain refused the action; the message is Vietnamese and shown to users."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Forbidden(PermissionDenied, DomainError):
    """The actor may not do this (HTTP 403)."""


class NotFound(DomainError):
    """Missing, or not visible to the actor: the two are indistinguishable on purpose (HTTP 404)."""


class InvalidTransition(DomainError):
    """A state change that the workflow does not allow (HTTP 409)."""


class ValidationFailed(DomainError):
    """Input refused; `errors` lists every problem, each naming where it is."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class VersionConflict(ValidationFailed):
    """The record changed since the user read it: re-read it, then try again (HTTP 409)."""
