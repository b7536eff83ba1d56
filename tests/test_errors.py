"""The error family: what callers can read off an error, and that it survives pickling
(errors cross process boundaries in batch jobs and multiprocessing pools)."""

from __future__ import annotations

import pickle

import pytest

from relnet.errors import ConflictError, StorageError


@pytest.mark.parametrize("kind", [ConflictError, StorageError])
@pytest.mark.parametrize("retryable", [False, True])
def test_retryable_is_kept_through_pickling(
    kind: type[ConflictError | StorageError], retryable: bool
) -> None:
    error = kind("a concurrent transaction got in the way", retryable=retryable)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind
    assert str(copy) == "a concurrent transaction got in the way"
    assert copy.retryable is retryable


def test_errors_are_not_retryable_unless_said() -> None:
    assert ConflictError("stale version").retryable is False
    assert StorageError("newer schema").retryable is False
