"""The master key ring: how it is written in the environment, and the key file generated once."""

from __future__ import annotations

import base64
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from application.encryption.master_keys import KeyRingError, add_key_to_file, key_file_ring, parse_ring

KEY = base64.b64encode(bytes(range(32))).decode()
OTHER = base64.b64encode(bytes(range(1, 33))).decode()


def test_a_ring_is_newest_first_and_a_lone_key_is_named_env() -> None:
    assert parse_ring(f"new:{OTHER}, old:{KEY}").ids == ["new", "old"]
    assert parse_ring(KEY).ids == ["env"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no key"),
        ("k1:not-base64!", "base64 of 32 random bytes"),
        (f"k1:{base64.b64encode(b'short').decode()}", "is 32 bytes"),
        (f"bad id:{KEY}", "letters, digits"),
        (f"k1:{KEY},k1:{OTHER}", "an id of its own"),
    ],
)
def test_a_malformed_ring_is_refused_naming_the_setting_never_a_key(text: str, message: str) -> None:
    with pytest.raises(KeyRingError, match=message) as refused:
        parse_ring(text)
    assert KEY not in str(refused.value) and OTHER not in str(refused.value)


def test_processes_starting_together_all_read_the_one_generated_ring(tmp_path: Path) -> None:
    path = tmp_path / "data" / "encryption-keys"
    with ThreadPoolExecutor(8) as pool:
        rings = list(pool.map(lambda _: key_file_ring(path), range(16)))
    assert {ring.current.text() for ring in rings} == {path.read_text().strip()}
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "data").stat().st_mode & 0o777 == 0o700
    assert sorted(os.listdir(tmp_path / "data")) == ["encryption-keys"]


def test_a_rotation_puts_a_new_key_first_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "encryption-keys"
    first = key_file_ring(path)
    rotated = add_key_to_file(path)
    assert rotated.ids == ["k2", "k1"] and rotated.keys[1] == first.current
    assert key_file_ring(path).ids == ["k2", "k1"]
    assert path.stat().st_mode & 0o777 == 0o600
