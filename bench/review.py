"""Review benchmark: three-way merges of a large section, and listing many comments.

1. Merge preview and merge of a 10,000-word section where a proposal changed 50 blocks
   (and the section itself 50 others meanwhile), over the API in process.
2. Listing 500 comments on a section with 10,000 steps of history: the first read after
   all that typing (anchors brought forward once) and then steady reads while editing.

    python bench/review.py [--words 10000] [--changed 50] [--comments 500] [--steps 10000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from collab import document_of

from cbook.accounts.service import create_api_token, create_user
from cbook.app import create_app
from cbook.books import service as books
from cbook.config import Settings
from cbook.db import make_engine, session_scope
from cbook.editor import authority
from cbook.migrate import upgrade
from cbook.roles import Role
from cbook.server import tune_interpreter


def _block_start(doc: dict[str, Any], index: int) -> int:
    return sum(2 + len(block["content"][0]["text"]) for block in doc["content"][:index])


def _edit_blocks(doc: dict[str, Any], indexes: list[int], word: str) -> list[dict[str, Any]]:
    """One insertion at the start of each block, built from the last block backwards."""
    return [{"stepType": "replace", "from": _block_start(doc, i) + 1,
             "to": _block_start(doc, i) + 1,
             "slice": {"content": [{"type": "text", "text": f"{word} "}]}}
            for i in sorted(indexes, reverse=True)]


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--comments", type=int, default=500)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    tune_interpreter()  # as `cbook serve` does in each worker
    instance = Path(tempfile.mkdtemp(prefix="cbook-review-"))
    try:
        settings = Settings.from_environment(instance)
        upgrade(make_engine(settings.database_url))
        app = create_app(settings=settings)
        factory = app.extensions["cbook.sessions"]
        doc = document_of(args.words)
        blocks = len(doc["content"])
        with session_scope(factory) as session:
            editor = create_user(session, "editor@bench.example", Role.EDITOR,
                                 password="bench password")  # noqa: S106
            author = create_user(session, "author@bench.example", Role.ADMIN,
                                 password="bench password")  # noqa: S106
            book = books.create_book(session, author, title="Bench")
            chapter = books.create_chapter(session, author, book, title="Chapter")
            merged_section = books.create_section(session, author, chapter, title="Merges",
                                                  doc=doc)
            busy_section = books.create_section(session, author, chapter, title="Comments",
                                                doc=doc)
            headers = {"Authorization": "Bearer " + create_api_token(session, editor, "b")}
            author_headers = {"Authorization": "Bearer " + create_api_token(session, author,
                                                                             "b")}
            merged_id, busy_id = merged_section.id, busy_section.id
        client = app.test_client()

        # 1. Merges: each round a proposal changes `changed` blocks, the section `changed`
        # others, then preview and merge.
        previews, merges = [], []
        for round_number in range(args.rounds):
            first = (round_number * 2 * args.changed) % max(1, blocks - 2 * args.changed)
            theirs = list(range(first, first + 2 * args.changed, 2))
            ours = [i + 1 for i in theirs]
            proposal = client.post(f"/api/v1/sections/{merged_id}/proposals",
                                   headers=author_headers, json={"title": f"Round {round_number}"}
                                   ).get_json()
            state = client.get(f"/api/v1/sections/{merged_id}", headers=headers).get_json()
            client.post(f"/api/v1/proposals/{proposal['id']}/steps", headers=author_headers,
                        json={"version": 0, "steps": _edit_blocks(proposal["doc"], theirs,
                                                                  "Proposed"),
                              "clientID": "p"})
            client.post(f"/api/v1/sections/{merged_id}/steps", headers=headers,
                        json={"version": state["version"],
                              "steps": _edit_blocks(state["doc"], ours, "Meanwhile"),
                              "clientID": "s"})
            client.post(f"/api/v1/proposals/{proposal['id']}/submit", headers=author_headers)
            started = time.perf_counter()
            preview = client.get(f"/api/v1/proposals/{proposal['id']}/merge-preview",
                                 headers=headers)
            previews.append(_ms(started))
            assert preview.status_code == 200 and preview.get_json()["clean"], preview.json
            started = time.perf_counter()
            merged = client.post(f"/api/v1/proposals/{proposal['id']}/merge", headers=headers,
                                 json={})
            merges.append(_ms(started))
            assert merged.status_code == 200, merged.get_json()
        print(f"merge of a {args.words}-word section ({blocks} blocks), {args.changed} blocks "
              f"changed in the proposal and {args.changed} others in the section, "
              f"{args.rounds} rounds, over the API in process:")
        print(f"  merge-preview: median {statistics.median(previews):.1f} ms, "
              f"max {max(previews):.1f} ms")
        print(f"  merge (preview + steps + revision + commit): median "
              f"{statistics.median(merges):.1f} ms, max {max(merges):.1f} ms")

        # 2. Comments: spread over the text at version 0, then a long history of typing.
        comments_url = f"/api/v1/sections/{busy_id}/comments"
        for number in range(args.comments):
            block = (number * 7) % blocks
            start = _block_start(doc, block) + 1 + (number % 5) * 3
            response = client.post(comments_url, headers=headers, json={
                "body": f"Comment {number}", "from": start, "to": start + 6, "version": 0})
            assert response.status_code == 201, response.get_json()
        with session_scope(factory) as session:
            from cbook.books.models import Section

            section = session.get(Section, busy_id)
            assert section is not None
            version = section.document.version
            for batch in range(args.steps // 100):
                steps = [{"stepType": "replace", "from": 1, "to": 1,
                          "slice": {"content": [{"type": "text", "text": "x"}]}}] * 100
                version = authority.receive_steps(session, section.document, version, steps,
                                                  f"typist-{batch}", None)
                session.commit()
        started = time.perf_counter()
        listed = client.get(comments_url, headers=headers)
        first_read = _ms(started)
        assert listed.status_code == 200 and len(listed.get_json()) == args.comments
        steady = []
        for _ in range(20):
            state = client.get(f"/api/v1/sections/{busy_id}", headers=headers).get_json()
            client.post(f"/api/v1/sections/{busy_id}/steps", headers=headers, json={
                "version": state["version"], "clientID": "t", "steps": [
                    {"stepType": "replace", "from": 1, "to": 1,
                     "slice": {"content": [{"type": "text", "text": "y"}]}}]})
            started = time.perf_counter()
            listed = client.get(comments_url, headers=headers)
            steady.append(_ms(started))
        attached = sum(1 for thread in listed.get_json() if not thread["detached"])
        print(f"{args.comments} comments on a section with {args.steps} steps of history "
              f"({attached} attached):")
        print(f"  first read after the history (every anchor brought forward once): "
              f"{first_read:.1f} ms")
        print(f"  reads while someone types (one new step before each): median "
              f"{statistics.median(steady):.1f} ms, max {max(steady):.1f} ms")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
