"""Every part of the server parses documents and steps with one and the same schema."""

from __future__ import annotations

import threading

from cbook.editor.schema import schema


def test_the_schema_is_one_object_even_when_threads_race_for_it() -> None:
    seen: list[object] = []
    barrier = threading.Barrier(8)

    def grab() -> None:
        barrier.wait()
        seen.append(schema())

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(s) for s in seen}) == 1
