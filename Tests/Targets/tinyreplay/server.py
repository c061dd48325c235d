#!/usr/bin/env python3
"""tinyreplay: a small third-party-style session-recording server, for testing target configurations.

It behaves like a common hosted recorder, and strictly:

- one public key per site; a site may cover several origins (its "authorized domains");
- ingest answers 204 to everything, stored or dropped, so an acknowledgement proves nothing;
- it assigns its own recording ids, one per (site key, client_session);
- it dedups chunks by (client_session, window, page, chunk);
- its read API is a paginated list, then a detail document, then events per page
  reached through an absolute URL found in the detail.

Usage:
    python3 server.py --port 0 [--data FILE] [--sites FILE-or-JSON]

The first line on standard output is `listening on http://127.0.0.1:PORT`.
It binds 127.0.0.1 only and stops cleanly on SIGTERM. Standard library only.
See Tests/Targets/README.md for the wire and read API.
"""

import argparse
import base64
import binascii
import json
import os
import re
import secrets
import signal
import sys
import threading
import zlib
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlsplit

# Every origin the 16 scenarios in Scenarios/ visit, grouped into sites the way a
# hosted recorder's "authorized domains" would be: one key per registrable domain.
DEFAULT_SITES = {
    "pk_shop": ["https://shop.example", "https://www.shop.example", "https://help.shop.example", "https://spa.shop.example"],
    "pk_news": ["https://news.other"],
    "pk_app": ["https://app.example"],
    "pk_bank": ["https://bank.example"],
    "pk_blog": ["https://blog.example"],
    "pk_dashboard": ["https://dashboard.example"],
    "pk_docs": ["https://docs.example"],
    "pk_library": ["https://library.example"],
    "pk_pay": ["https://pay.example"],
}

MAX_BODY = 32 * 1024 * 1024          # bytes on the wire
MAX_DECOMPRESSED = 32 * 1024 * 1024  # bytes after gunzip
PAGE_SIZE = 2                        # recordings per list page, small so pagination is exercised
MAX_ID = 200                         # longest accepted client id


class DroppedChunk(Exception):
    """A chunk the server will not store; the client is never told."""


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def origin_of(url):
    parts = urlsplit(url)
    if not parts.scheme or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        return None
    host = parts.hostname
    return f"{parts.scheme}://{host}" if port in (None, default) else f"{parts.scheme}://{host}:{port}"


class Store:
    """All recordings in memory, appended to a JSON-lines file when one is given, under one lock."""

    def __init__(self, sites, data_path=None):
        self.sites = sites                # key -> set of origins
        self.lock = threading.Lock()
        self.recordings = {}              # recording id -> dict
        self.order = []                   # recording ids in creation order
        self.by_client = {}               # (key, client_session) -> recording id
        self.data_path = data_path
        self.data_file = None
        if data_path:
            if os.path.exists(data_path):
                self._reload(data_path)
            self.data_file = open(data_path, "a", encoding="utf-8")

    # Loading and persisting

    def _reload(self, path):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    print(f"tinyreplay: {path}:{number}: not JSON, skipped", file=sys.stderr)
                    continue
                if record.get("op") == "chunk":
                    self._apply_chunk(record)
                elif record.get("op") == "erase":
                    self._apply_erase(record["key"], record["visitor"])

    def _persist(self, record):
        if self.data_file:
            self.data_file.write(json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n")
            self.data_file.flush()

    def close(self):
        with self.lock:
            if self.data_file:
                self.data_file.close()
                self.data_file = None

    # Ingest

    def _apply_chunk(self, record):
        key, client = record["key"], record["client_session"]
        recording_id = record["recording"]
        recording = self.recordings.get(recording_id)
        if recording is None:
            recording = {"id": recording_id, "key": key, "client_session": client, "visitor": record["visitor"],
                         "started": record["received"], "chunks": {}}
            self.recordings[recording_id] = recording
            self.order.append(recording_id)
            self.by_client[(key, client)] = recording_id
        recording["chunks"][(record["window"], record["page"], record["chunk"])] = record

    def ingest(self, key, origin, user_agent, body):
        """Stores one chunk, or raises DroppedChunk saying why (for the log only)."""
        if key not in self.sites:
            raise DroppedChunk(f"unknown key {key!r}")
        if origin not in self.sites[key]:
            raise DroppedChunk(f"origin {origin!r} is not authorized for {key}")
        if not user_agent.startswith("Mozilla/"):
            raise DroppedChunk(f"user agent {user_agent[:40]!r} is not a browser's")
        chunk = validate_chunk(body)
        if origin_of(chunk["url"]) != origin:
            raise DroppedChunk(f"page url {chunk['url']!r} is not on {origin}")
        with self.lock:
            recording_id = self.by_client.get((key, chunk["client_session"]))
            if recording_id is not None:
                identity = (chunk["window"], chunk["page"], chunk["chunk"])
                if identity in self.recordings[recording_id]["chunks"]:
                    raise DroppedChunk(f"duplicate chunk {identity}")
            else:
                recording_id = "rec_" + secrets.token_hex(6)
                while recording_id in self.recordings:
                    recording_id = "rec_" + secrets.token_hex(6)
            record = dict(chunk, op="chunk", key=key, recording=recording_id, origin=origin, user_agent=user_agent,
                          received=datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"))
            self._apply_chunk(record)
            self._persist(record)

    # Erasure

    def _apply_erase(self, key, visitor):
        for recording_id in list(self.order):
            recording = self.recordings[recording_id]
            if recording["key"] != key:
                continue
            recording["chunks"] = {k: c for k, c in recording["chunks"].items() if c["visitor"] != visitor}
            if not recording["chunks"]:
                del self.recordings[recording_id]
                del self.by_client[(key, recording["client_session"])]
                self.order.remove(recording_id)

    def erase(self, key, visitor):
        with self.lock:
            self._apply_erase(key, visitor)
            self._persist({"op": "erase", "key": key, "visitor": visitor})

    # Reading

    def list(self, key, offset):
        with self.lock:
            ids = [r for r in self.order if self.recordings[r]["key"] == key]
            page = ids[offset:offset + PAGE_SIZE]
            results = [{"id": r, "client_session": self.recordings[r]["client_session"],
                        "visitor": self.recordings[r]["visitor"], "started": self.recordings[r]["started"]} for r in page]
            return results, (offset + PAGE_SIZE if offset + PAGE_SIZE < len(ids) else None)

    def pages(self, key, recording_id):
        """The recording's pages in (window, page index) order, or None; each page is (window, index, chunks in chunk order)."""
        with self.lock:
            recording = self.recordings.get(recording_id)
            if recording is None or recording["key"] != key:
                return None
            grouped = {}
            for (window, page, number), chunk in recording["chunks"].items():
                grouped.setdefault((window, page), []).append((number, chunk))
            return [(window, page, [c for _, c in sorted(chunks, key=lambda item: item[0])])
                    for (window, page), chunks in sorted(grouped.items(), key=lambda item: item[0])]


def validate_chunk(body):
    """The chunk's fields, checked; raises DroppedChunk when any is missing or of the wrong type."""
    if not isinstance(body, dict):
        raise DroppedChunk("body is not a JSON object")

    def text(name, optional=False):
        value = body.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value or len(value) > MAX_ID:
            raise DroppedChunk(f"{name} must be a non-empty string of at most {MAX_ID} characters")
        return value

    def count(name, optional=False):
        value = body.get(name)
        if value is None and optional:
            return None
        if not is_int(value) or value < 0:
            raise DroppedChunk(f"{name} must be a whole number from 0")
        return value

    url = body.get("url")
    if not isinstance(url, str) or not url:
        raise DroppedChunk("url must be a string")
    if not isinstance(body.get("last"), bool):
        raise DroppedChunk("last must be a boolean")
    events = body.get("events")
    if not isinstance(events, list) or not events:
        raise DroppedChunk("events must be a non-empty array")
    for index, event in enumerate(events):
        if not isinstance(event, dict) or not is_int(event.get("type")) or not is_int(event.get("timestamp")):
            raise DroppedChunk(f"events[{index}] is not an rrweb event (type and timestamp, whole numbers)")
    return {
        "client_session": text("client_session"), "window": text("window"), "page": count("page"),
        "page_id": text("page_id"), "url": url, "chunk": count("chunk"), "seq": count("seq", optional=True),
        "last": body["last"], "visitor": text("visitor"), "user": text("user", optional=True), "events": events,
    }


ROUTES = [
    ("POST", re.compile(r"^/api/ingest$"), "ingest"),
    ("GET", re.compile(r"^/api/recordings$"), "list"),
    ("GET", re.compile(r"^/api/recordings/([^/]+)$"), "detail"),
    ("GET", re.compile(r"^/api/recordings/([^/]+)/pages/([0-9]+)/events$"), "events"),
    ("DELETE", re.compile(r"^/api/visitors/([^/]+)$"), "erase"),
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tinyreplay/1.0"

    # Plumbing

    def log_message(self, format, *args):
        if self.server.verbose:
            sys.stderr.write("tinyreplay: " + (format % args) + "\n")

    def note(self, message):
        if self.server.verbose:
            sys.stderr.write(f"tinyreplay: {message}\n")

    def read_body(self):
        """The request body, or None when it is larger than MAX_BODY (the connection is then closed)."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts, total = [], 0
            while True:
                size_line = self.rfile.readline(1024)
                try:
                    size = int(size_line.split(b";")[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    return None
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                total += size
                if total > MAX_BODY:
                    self.close_connection = True
                    return None
                parts.append(self.rfile.read(size))
                self.rfile.readline(8)
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self.close_connection = True
            return None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    def send_empty(self, status):
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Length", "0")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def send_json(self, status, value):
        data = json.dumps(value, separators=(",", ":"), sort_keys=True).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def base_url(self):
        """The scheme, host and port the client used (loopback only), for absolute URLs in responses."""
        host = self.headers.get("Host", "")
        if re.fullmatch(r"(127\.0\.0\.1|localhost|\[::1\]):[0-9]+", host):
            return "http://" + host
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def route(self, method):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        body = self.read_body()
        for route_method, pattern, name in ROUTES:
            match = pattern.match(parts.path)
            if match and route_method == method:
                return getattr(self, "do_" + name)(query, [unquote(g) for g in match.groups()], body)
        if any(pattern.match(parts.path) for _, pattern, _ in ROUTES):
            self.send_response(405)
            self.send_header("Allow", ", ".join(m for m, p, _ in ROUTES if p.match(parts.path)))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_json(404, {"error": "not found"})

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_DELETE(self):
        self.route("DELETE")

    def do_PUT(self):
        self.route("PUT")

    # Ingest: always 204

    def do_ingest(self, query, groups, body):
        try:
            if body is None:
                raise DroppedChunk(f"body larger than {MAX_BODY} bytes")
            keys = query.get("key", [])
            if len(keys) != 1:
                raise DroppedChunk("exactly one key parameter is needed")
            encoding = self.headers.get("Content-Encoding", "identity").strip().lower()
            if encoding == "gzip":
                body = gunzip(body)
            elif encoding not in ("", "identity"):
                raise DroppedChunk(f"content encoding {encoding!r} is not supported")
            try:
                parsed = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise DroppedChunk(f"body is not JSON: {error}")
            self.server.store.ingest(keys[0], self.headers.get("Origin", ""), self.headers.get("User-Agent", ""), parsed)
            self.note(f"stored a chunk for {keys[0]}")
        except DroppedChunk as reason:
            self.note(f"dropped: {reason}")
        self.send_empty(204)

    # Read API: 403 for a bad key, 400 for what it cannot parse, 404 for what is not there

    def site_key(self, query):
        keys = query.get("key", [])
        if len(keys) != 1:
            self.send_json(400, {"error": "exactly one key parameter is needed"})
            return None
        if keys[0] not in self.server.store.sites:
            self.send_json(403, {"error": "unknown key"})
            return None
        return keys[0]

    def do_list(self, query, groups, body):
        key = self.site_key(query)
        if key is None:
            return
        offset = 0
        cursors = query.get("cursor", [])
        if len(cursors) > 1:
            return self.send_json(400, {"error": "at most one cursor"})
        if cursors and cursors[0]:
            offset = decode_cursor(cursors[0])
            if offset is None:
                return self.send_json(400, {"error": "bad cursor"})
        results, next_offset = self.server.store.list(key, offset)
        next_url = None
        if next_offset is not None:
            next_url = f"{self.base_url()}/api/recordings?key={quote(key, safe='')}&cursor={encode_cursor(next_offset)}"
        self.send_json(200, {"results": results, "next": next_url})

    def do_detail(self, query, groups, body):
        key = self.site_key(query)
        if key is None:
            return
        recording_id = groups[0]
        pages = self.server.store.pages(key, recording_id)
        if pages is None:
            return self.send_json(404, {"error": "no such recording"})
        base = self.base_url()
        self.send_json(200, {"id": recording_id, "pages": [
            {"index": index, "window": window, "page": page, "page_id": chunks[0]["page_id"], "url": chunks[0]["url"],
             "complete": any(c["last"] for c in chunks),
             "events_url": f"{base}/api/recordings/{quote(recording_id, safe='')}/pages/{index}/events?key={quote(key, safe='')}"}
            for index, (window, page, chunks) in enumerate(pages)]})

    def do_events(self, query, groups, body):
        key = self.site_key(query)
        if key is None:
            return
        recording_id, index = groups[0], int(groups[1])
        pages = self.server.store.pages(key, recording_id)
        if pages is None or index >= len(pages):
            return self.send_json(404, {"error": "no such page"})
        window, page, chunks = pages[index]
        self.send_json(200, {"chunks": [
            {"chunk": c["chunk"], "client_session": c["client_session"], "window": c["window"], "page": c["page"],
             "page_id": c["page_id"], "visitor": c["visitor"], "user": c["user"], "origin": c["origin"],
             "user_agent": c["user_agent"], "sequence": c["seq"], "last": c["last"], "events": c["events"]}
            for c in chunks]})

    # Erasure

    def do_erase(self, query, groups, body):
        key = self.site_key(query)
        if key is None:
            return
        self.server.store.erase(key, groups[0])
        self.send_empty(204)


def gunzip(body):
    """The decompressed body; raises DroppedChunk past MAX_DECOMPRESSED or on a broken stream."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, MAX_DECOMPRESSED + 1)
    except zlib.error as error:
        raise DroppedChunk(f"broken gzip: {error}")
    if len(data) > MAX_DECOMPRESSED:
        raise DroppedChunk(f"gzip body inflates past {MAX_DECOMPRESSED} bytes")
    if not decompressor.eof:
        raise DroppedChunk("truncated gzip body")
    return data


def encode_cursor(offset):
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor):
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    match = re.fullmatch(r"o:([0-9]{1,9})", text)
    return int(match.group(1)) if match else None


def load_sites(argument):
    """Sites from --sites (a JSON object or a file holding one): key -> origin or list of origins."""
    if argument is None:
        raw = DEFAULT_SITES
    else:
        text = open(argument, encoding="utf-8").read() if os.path.exists(argument) else argument
        raw = json.loads(text)
    if not isinstance(raw, dict) or not raw:
        raise ValueError("--sites must be a JSON object of key -> origin (or list of origins)")
    sites = {}
    for key, origins in raw.items():
        origins = [origins] if isinstance(origins, str) else origins
        if not isinstance(origins, list) or not all(isinstance(o, str) and origin_of(o) == o for o in origins):
            raise ValueError(f"--sites: {key}: origins must look like https://host[:port], without a path")
        sites[key] = set(origins)
    return sites


def main(argv=None):
    parser = argparse.ArgumentParser(description="tinyreplay: a strict third-party-style recording server for tests")
    parser.add_argument("--host", default="127.0.0.1", help="must be 127.0.0.1 (loopback only)")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--data", help="JSON-lines file appended to and reloaded on start")
    parser.add_argument("--sites", help="JSON object (or a file) of public key -> origin or list of origins")
    parser.add_argument("--verbose", action="store_true", help="log requests and dropped chunks to stderr")
    args = parser.parse_args(argv)
    if args.host != "127.0.0.1":
        parser.error(f"refusing to bind {args.host}: tinyreplay listens on 127.0.0.1 only")
    try:
        sites = load_sites(args.sites)
    except (ValueError, OSError) as error:
        parser.error(str(error))

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.store = Store(sites, args.data)
    server.verbose = args.verbose

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
