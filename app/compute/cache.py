"""The process's cache of derived data: one least-recently-used store bounded in bytes
(thread-safe) for everything the server keeps between requests: computed runs, contour
grids and pictures, compressed static bodies. One budget for all of them, so a worker's
memory stays bounded whatever mix of scenes a class asks for; keys start with their kind
("run", "grid", "png", "gzip")."""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

__all__ = ["ByteLRU", "BUDGET", "DERIVED", "nbytes"]


class ByteLRU:
    """`get(key, make)`: the value kept for `key`, or `make()` kept and returned. Values of
    more than a quarter of `limit` bytes (`size(value)`) are returned but not kept."""

    def __init__(self, limit: int, size=len):
        self.limit, self.size_of, self.size = limit, size, 0
        self.items, self.lock = OrderedDict(), threading.Lock()

    def peek(self, key):
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
            return hit

    def put(self, key, value) -> None:
        n = self.size_of(value)
        with self.lock:
            if key in self.items or n > self.limit // 4:
                return
            self.items[key] = value
            self.size += n
            while self.size > self.limit:
                _, old = self.items.popitem(last=False)
                self.size -= self.size_of(old)

    def get(self, key, make):
        hit = self.peek(key)
        if hit is not None:
            return hit
        value = make()
        self.put(key, value)
        return value

    def __len__(self):
        return len(self.items)


def nbytes(value) -> int:
    """The bytes a cached value holds: arrays, text, bytes, and tuples / lists / dicts of them;
    any other object by its `nbytes` (a `Result`)."""
    if isinstance(value, (str, bytes, bytearray)):
        return len(value)
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, (tuple, list)):
        return sum(nbytes(v) for v in value)
    if isinstance(value, dict):
        return sum(nbytes(v) for v in value.values())
    return int(getattr(value, "nbytes", 64))


BUDGET = 96 * 1024 * 1024       # all derived data a process keeps
DERIVED = ByteLRU(BUDGET, size=nbytes)
