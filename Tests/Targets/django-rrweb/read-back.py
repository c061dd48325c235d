#!/usr/bin/env python3
"""django-rrweb read-back for the target configuration's `run` step: its SQLite database, read-only.

django-rrweb has no read API, so this mirrors Sources/Ingest/ReadBack/DjangoRRWebReadBack.swift:
one batch per stored page of the session (pages in id order), events in (timestamp, id)
order, the page key `PAGE~WINDOW` split back into page id and window stand-in (a key
without `~` is the page id, with an empty window), sequence 0, empty distinctId and origin.

Standard input:  {"endpoint": "...", "row": {"sessionId": "...", "setting.database": "/path/db.sqlite3", ...}}
Standard output: {"batches": [UploadBatch JSON, ...]}
"""

import json
import sqlite3
import sys
from urllib.parse import quote


def batches(database, session):
    connection = sqlite3.connect(f"file:{quote(database)}?mode=ro", uri=True)
    try:
        pages = connection.execute(
            "SELECT p.id, p.key FROM django_rrweb_page p JOIN django_rrweb_session s ON p.session_id = s.id "
            "WHERE s.key = ?1 ORDER BY p.id", (session,)).fetchall()
        result = []
        for page_row, key in pages:
            if not isinstance(page_row, int) or not isinstance(key, str):
                continue
            parts = key.split("~")
            page_id, window = (parts[0], parts[1]) if len(parts) == 2 else (key, "")
            events = []
            rows = connection.execute(
                "SELECT kind, data, timestamp FROM django_rrweb_event WHERE page_id = ?1 ORDER BY timestamp, id", (page_row,))
            for index, (kind, data, timestamp) in enumerate(rows):
                if not isinstance(kind, int) or not isinstance(data, str):
                    continue
                try:
                    event = {"type": kind, "data": json.loads(data)}
                except json.JSONDecodeError as error:
                    raise SystemExit(f"django-rrweb page {key}, event {index}: {error}")
                if isinstance(timestamp, int):
                    event["timestamp"] = timestamp
                events.append(event)
            result.append({"sessionId": session, "windowId": window, "pageId": page_id, "sequence": 0,
                           "distinctId": "", "origin": "", "events": events})
        return result
    finally:
        connection.close()


def main():
    request = json.load(sys.stdin)
    row = request["row"]
    database = row.get("setting.database")
    if not database:
        raise SystemExit("django-rrweb read-back needs the 'database' setting (--setting database=PATH)")
    try:
        found = batches(database, row["sessionId"])
    except sqlite3.Error as error:
        raise SystemExit(f"django-rrweb read-back: {database}: {error}")
    json.dump({"batches": found}, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
