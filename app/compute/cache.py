"""A small least-recently-used cache bounded in bytes (per process, thread-safe)."""
from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["ByteLRU"]


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
