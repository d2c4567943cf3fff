"""Weights files pinned by sha256: written byte-for-byte reproducibly, verified before they are read."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np

from .core.errors import ConfigError


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """An .npz of `arrays` with sorted members and fixed timestamps: the same arrays give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def verified_npz(weights: Path, sha256: str, what: str, fix: str) -> dict[str, np.ndarray]:
    """The arrays of a pinned weights file; ConfigError with `fix` when it is missing or changed."""
    if not weights.is_file():
        raise ConfigError(f"the {what} weights {weights} are missing", fix)
    if hashlib.sha256(weights.read_bytes()).hexdigest() != sha256:
        raise ConfigError(f"the {what} weights {weights} do not match their pinned sha256", fix)
    with np.load(weights) as data:
        return {key: data[key] for key in data.files}
