"""Atomic file and directory replacement: a failed run never leaves a half-written output."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write through ``write`` into a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    write_atomic(path, lambda f: f.write(data))


def replace_dir(new: Path, target: Path) -> None:
    """Swap a fully built directory into place; the old one is removed only after the swap."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old)


class Staging:
    """A build's outputs, written into DIR/.staging and moved into place together.

    Nothing in DIR changes until every output is complete. Then a list of moves is written
    (the commit point) and carried out; a run killed during the moves has them finished by the
    next run, and a run killed before has its half-written staging removed. Either way DIR holds
    one whole build, the old one or the new one.
    """

    PLAN = "moves.json"

    def __init__(self, out_dir: Path) -> None:
        self.out = out_dir
        self.dir = out_dir / ".staging"

    def recover(self) -> bool:
        """Finish a committed run's moves, or drop an uncommitted staging. True when moves were finished."""
        plan = self.dir / self.PLAN
        finished = False
        if plan.is_file():
            import json

            try:
                moves = json.loads(plan.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                moves = None
            if isinstance(moves, dict):
                self._move(moves)
                finished = True
        if self.dir.exists():
            shutil.rmtree(self.dir)
        for old in self.out.glob(".*.old"):
            shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink(missing_ok=True)
        return finished

    def begin(self) -> Path:
        self.recover()
        self.dir.mkdir(parents=True)
        return self.dir

    def commit(self, moves: dict[str, str]) -> None:
        """Move staged names to their places (paths relative to DIR), as one step for readers of DIR."""
        import json

        for name in moves:
            if not (self.dir / name).exists():
                raise FileNotFoundError(self.dir / name)
        write_bytes_atomic(self.dir / self.PLAN, json.dumps(moves, indent=1, sort_keys=True).encode("utf-8"))
        _fsync_dir(self.dir)
        self._move(moves)
        shutil.rmtree(self.dir)

    def _move(self, moves: dict[str, str]) -> None:
        for name, target in sorted(moves.items()):
            src, dst = self.dir / name, self.out / target
            if not src.exists():
                continue  # moved before the run was killed
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                replace_dir(src, dst)
            else:
                os.replace(src, dst)
        _fsync_dir(self.out)


def _fsync_dir(path: Path) -> None:
    """Make renames in ``path`` durable (a power cut after the commit keeps it)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
