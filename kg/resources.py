"""Where the project's data tables and ontology live (the checkout, or $KG_DATA_DIR)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("KG_DATA_DIR", ROOT / "data"))


def ontology_dir() -> Path:
    return Path(os.environ.get("KG_ONTOLOGY_DIR", ROOT / "ontology"))


def patterns_path(name: str) -> Path:
    return data_dir() / "patterns" / name


def gazetteer_path(name: str) -> Path:
    return data_dir() / "gazetteer" / name
