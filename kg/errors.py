"""One base exception; subclasses carry a hint and map to the CLI's documented exit codes.

Exit codes: 0 everything built, 1 invalid data (some articles failed, the rest is written),
2 usage or environment error (bad arguments, missing model, unreadable output directory).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 1  # a search found nothing (kg path), as grep exits


class KGError(Exception):
    """Base of every error newskg raises on purpose."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(KGError):
    """One article (file, or JSONL line) cannot be read; the others are still built."""

    exit_code = EXIT_INVALID_DATA

    def __init__(self, source: str, reason: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {reason}", hint=hint)
        self.source = source
        self.reason = reason


class UsageError(KGError):
    """The command line or environment is wrong: nothing can be built."""


class ModelNotFoundError(UsageError):
    """The spaCy pipeline named by --model is not installed."""

    def __init__(self, model: str) -> None:
        package = model.replace("_", "-")
        super().__init__(
            f"spaCy pipeline '{model}' is not installed",
            hint=f"install it with: pip install {package}",
        )
        self.model = model


class QueryError(KGError):
    """A SPARQL query is malformed, or is an update (refused: the store is read-only here)."""

    exit_code = EXIT_INVALID_DATA
