#!/usr/bin/env python3
"""A standalone check of tinyreplay's server.py through HTTP only, with the standard library.

    python3 Tests/Targets/tinyreplay/test_server.py

It starts the server on port 0 (twice, to check that --data reloads), drives it
with urllib and exits non-zero on the first failed check.
"""

import gzip
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


class Server:
    """One server.py process on a free port."""

    def __init__(self, *arguments):
        self.process = subprocess.Popen([sys.executable, SERVER, "--port", "0", *arguments],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on http://127.0.0.1:"):
            self.process.kill()
            raise RuntimeError(f"first line was {line!r}; stderr: {self.process.stderr.read()}")
        self.base = line[len("listening on "):]

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()
        return code


def request(method, url, body=None, headers=None):
    """(status, parsed JSON body or None) for one request; HTTP errors are answers, not exceptions."""
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    return status, (json.loads(raw) if raw else None)


def chunk(session, chunk_number=0, page=0, window="w1", seq=None, origin="https://shop.example", visitor="v1",
          user=None, last=False, events=None):
    return {"client_session": session, "window": window, "page": page, "page_id": f"{window}-p{page}",
            "url": origin + "/somewhere", "chunk": chunk_number, "seq": chunk_number if seq is None else seq, "last": last,
            "visitor": visitor, "user": user,
            "events": events or [{"type": 3, "timestamp": 1000 + chunk_number, "data": {"source": 1, "n": chunk_number}}]}


class TinyReplayTests(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.data = os.path.join(self.directory.name, "data.jsonl")
        self.server = Server("--data", self.data)
        self.base = self.server.base

    def tearDown(self):
        if self.server:
            self.assertEqual(self.server.stop(), 0, "SIGTERM stops the server with status 0")
        self.directory.cleanup()

    # Helpers

    def post(self, key, body, origin="https://shop.example", agent=BROWSER, extra=None):
        headers = {"Content-Type": "application/json", "User-Agent": agent}
        if origin is not None:
            headers["Origin"] = origin
        headers.update(extra or {})
        status, answer = request("POST", f"{self.base}/api/ingest?key={key}", body, headers)
        self.assertEqual(status, 204, "ingest always answers 204")
        self.assertIsNone(answer)

    def recordings(self, key):
        """Every recording of a site, following `next`, and how many list pages it took."""
        url, results, pages = f"{self.base}/api/recordings?key={key}", [], 0
        while url:
            status, answer = request("GET", url)
            self.assertEqual(status, 200)
            self.assertLessEqual(len(answer["results"]), 2)
            results += answer["results"]
            url, pages = answer["next"], pages + 1
        return results, pages

    def stored_chunks(self, key, session):
        """The chunks stored for a client session: list → find → detail → each page's events_url."""
        found = [r for r in self.recordings(key)[0] if r["client_session"] == session]
        if not found:
            return []
        self.assertEqual(len(found), 1, "one recording per (site, client_session)")
        status, detail = request("GET", f"{self.base}/api/recordings/{found[0]['id']}?key={key}")
        self.assertEqual(status, 200)
        chunks = []
        for page in detail["pages"]:
            self.assertTrue(page["events_url"].startswith(self.base + "/"), "events_url is absolute, on this server")
            status, events = request("GET", page["events_url"])
            self.assertEqual(status, 200)
            chunks += events["chunks"]
        return chunks

    # Checks

    def test_own_ids_two_sites_and_the_chain_to_events(self):
        self.post("pk_shop", chunk("s1", 0, user="u1"))
        self.post("pk_shop", chunk("s1", 1, last=True))
        self.post("pk_shop", chunk("s1", 0, page=1, seq=2))
        self.post("pk_news", chunk("s1", 0, origin="https://news.other", visitor="v9"), origin="https://news.other")
        shop, _ = self.recordings("pk_shop")
        news, _ = self.recordings("pk_news")
        self.assertEqual(len(shop), 1)
        self.assertEqual(len(news), 1)
        self.assertRegex(shop[0]["id"], r"^rec_[0-9a-f]{12}$")
        self.assertNotEqual(shop[0]["id"], news[0]["id"], "the same client session on two sites is two recordings")
        self.assertEqual(shop[0]["visitor"], "v1")
        status, detail = request("GET", f"{self.base}/api/recordings/{shop[0]['id']}?key=pk_shop")
        self.assertEqual(status, 200)
        self.assertEqual([(p["index"], p["window"], p["page"], p["page_id"], p["complete"]) for p in detail["pages"]],
                         [(0, "w1", 0, "w1-p0", True), (1, "w1", 1, "w1-p1", False)])
        chunks = self.stored_chunks("pk_shop", "s1")
        self.assertEqual([(c["client_session"], c["window"], c["page_id"], c["chunk"], c["sequence"]) for c in chunks],
                         [("s1", "w1", "w1-p0", 0, 0), ("s1", "w1", "w1-p0", 1, 1), ("s1", "w1", "w1-p1", 0, 2)])
        self.assertEqual(chunks[0]["user"], "u1")
        self.assertIsNone(chunks[1]["user"])
        self.assertEqual(chunks[0]["origin"], "https://shop.example")
        self.assertEqual(chunks[0]["user_agent"], BROWSER)
        self.assertEqual(chunks[0]["events"], chunk("s1", 0)["events"])
        self.assertEqual([c["visitor"] for c in self.stored_chunks("pk_news", "s1")], ["v9"])

    def test_one_site_covers_its_subdomains_as_one_recording(self):
        self.post("pk_shop", chunk("s1", 0, origin="https://www.shop.example"), origin="https://www.shop.example")
        self.post("pk_shop", chunk("s1", 0, page=1, seq=1, origin="https://help.shop.example"), origin="https://help.shop.example")
        self.assertEqual(len(self.recordings("pk_shop")[0]), 1)
        self.assertEqual([c["origin"] for c in self.stored_chunks("pk_shop", "s1")],
                         ["https://www.shop.example", "https://help.shop.example"])

    def test_key_origin_and_user_agent_are_enforced_silently(self):
        self.post("pk_nope", chunk("s1"))                                            # unknown key
        self.post("pk_news", chunk("s1"))                                            # shop origin on the news key
        self.post("pk_shop", chunk("s1"), origin=None)                               # no Origin
        self.post("pk_shop", chunk("s1"), origin="https://evil.example")             # foreign Origin
        self.post("pk_shop", chunk("s1", origin="https://news.other"))               # page url off the Origin
        self.post("pk_shop", chunk("s1"), agent="curl/8.5.0")                        # not a browser
        self.post("pk_shop", chunk("s1"), agent="")                                  # no User-Agent at all
        status, _ = request("POST", f"{self.base}/api/ingest?key=pk_shop&key=pk_news", chunk("s1"),
                            {"Origin": "https://shop.example", "User-Agent": BROWSER})
        self.assertEqual(status, 204)                                                # two keys
        self.assertEqual(self.recordings("pk_shop")[0], [])
        self.assertEqual(self.recordings("pk_news")[0], [])

    def test_malformed_bodies_are_dropped_with_204(self):
        bad = [b"{not json", b"", b"[]", b"\xff\xfe", json.dumps(dict(chunk("s1"), page="0")).encode(),
               json.dumps(dict(chunk("s1"), last=1)).encode(), json.dumps(dict(chunk("s1"), chunk=True)).encode(),
               json.dumps(dict(chunk("s1"), events=[])).encode(), json.dumps(dict(chunk("s1"), events=[{"type": 3}])).encode(),
               json.dumps(dict(chunk("s1"), client_session="")).encode(), json.dumps(dict(chunk("s1"), seq=-1)).encode()]
        for body in bad:
            self.post("pk_shop", body)
        self.post("pk_shop", gzip.compress(b"{not json"), extra={"Content-Encoding": "gzip"})
        self.post("pk_shop", b"not gzip at all", extra={"Content-Encoding": "gzip"})
        self.post("pk_shop", json.dumps(chunk("s1")).encode(), extra={"Content-Encoding": "br"})
        self.assertEqual(self.recordings("pk_shop")[0], [])
        self.post("pk_shop", dict(chunk("s1"), seq=None))                             # seq may be left out
        self.assertEqual([c["sequence"] for c in self.stored_chunks("pk_shop", "s1")], [None])

    def test_dedup_by_session_window_page_chunk(self):
        self.post("pk_shop", chunk("s1", 0))
        self.post("pk_shop", chunk("s1", 0, events=[{"type": 3, "timestamp": 5, "data": {"other": True}}]))  # same identity
        self.post("pk_shop", chunk("s1", 0, window="w2"))                            # another window: kept
        self.post("pk_shop", chunk("s2", 0))                                         # another session: kept
        chunks = self.stored_chunks("pk_shop", "s1")
        self.assertEqual([(c["window"], c["chunk"]) for c in chunks], [("w1", 0), ("w2", 0)])
        self.assertEqual(chunks[0]["events"], chunk("s1", 0)["events"], "the first copy wins")
        self.assertEqual(len(self.stored_chunks("pk_shop", "s2")), 1)

    def test_gzip_bodies_and_the_decompressed_cap(self):
        self.post("pk_shop", gzip.compress(json.dumps(chunk("s1")).encode()), extra={"Content-Encoding": "gzip"})
        self.assertEqual(len(self.stored_chunks("pk_shop", "s1")), 1)
        huge = dict(chunk("s2"), events=[{"type": 3, "timestamp": 1, "data": {"pad": "x" * (33 * 1024 * 1024)}}])
        self.post("pk_shop", gzip.compress(json.dumps(huge).encode()), extra={"Content-Encoding": "gzip"})
        self.assertEqual(self.stored_chunks("pk_shop", "s2"), [], "past 32 MiB decompressed the chunk is dropped")

    def test_pagination_over_five_recordings(self):
        for number in range(5):
            self.post("pk_shop", chunk(f"s{number}"))
        self.post("pk_news", chunk("n0", origin="https://news.other"), origin="https://news.other")
        results, pages = self.recordings("pk_shop")
        self.assertEqual(pages, 3)
        self.assertEqual([r["client_session"] for r in results], [f"s{n}" for n in range(5)])
        self.assertEqual(len({r["id"] for r in results}), 5)
        status, first = request("GET", f"{self.base}/api/recordings?key=pk_shop")
        self.assertTrue(first["next"].startswith(self.base + "/api/recordings?key=pk_shop&cursor="))
        self.assertEqual(request("GET", f"{self.base}/api/recordings?key=pk_shop&cursor=%%%")[0], 400)
        self.assertEqual(request("GET", f"{self.base}/api/recordings?key=pk_shop&cursor=bm9wZQ")[0], 400)

    def test_read_api_is_per_site(self):
        self.post("pk_shop", chunk("s1"))
        recording = self.recordings("pk_shop")[0][0]["id"]
        self.assertEqual(request("GET", f"{self.base}/api/recordings/{recording}?key=pk_news")[0], 404)
        self.assertEqual(request("GET", f"{self.base}/api/recordings/{recording}/pages/0/events?key=pk_news")[0], 404)
        self.assertEqual(request("GET", f"{self.base}/api/recordings/{recording}/pages/1/events?key=pk_shop")[0], 404)
        self.assertEqual(request("GET", f"{self.base}/api/recordings/rec_000000000000?key=pk_shop")[0], 404)
        self.assertEqual(request("GET", f"{self.base}/api/recordings?key=pk_nope")[0], 403)
        self.assertEqual(request("GET", f"{self.base}/api/recordings")[0], 400)
        self.assertEqual(request("GET", f"{self.base}/api/recordings/{recording}")[0], 400)
        self.assertEqual(request("GET", f"{self.base}/nowhere")[0], 404)
        self.assertEqual(request("GET", f"{self.base}/api/ingest?key=pk_shop")[0], 405)

    def test_erasure_per_visitor_per_site(self):
        self.post("pk_shop", chunk("s1", 0, visitor="v1"))
        self.post("pk_shop", chunk("s2", 0, visitor="v2"))
        self.post("pk_shop", chunk("s3", 0, visitor="v1"))
        self.post("pk_shop", chunk("s3", 1, visitor="v3"))
        self.post("pk_news", chunk("n1", visitor="v1", origin="https://news.other"), origin="https://news.other")
        status, body = request("DELETE", f"{self.base}/api/visitors/v1?key=pk_shop")
        self.assertEqual((status, body), (204, None))
        self.assertEqual(request("DELETE", f"{self.base}/api/visitors/v1?key=pk_nope")[0], 403)
        self.assertEqual(self.stored_chunks("pk_shop", "s1"), [], "an emptied recording is gone")
        self.assertEqual([c["visitor"] for c in self.stored_chunks("pk_shop", "s3")], ["v3"])
        self.assertEqual(len(self.stored_chunks("pk_shop", "s2")), 1)
        self.assertEqual(len(self.stored_chunks("pk_news", "n1")), 1, "erasure is per site")
        self.post("pk_shop", chunk("s1", 0, visitor="v1"))                            # a late resend is stored again
        self.assertEqual(len(self.stored_chunks("pk_shop", "s1")), 1)

    def test_data_file_survives_a_restart(self):
        self.post("pk_shop", chunk("s1", 0))
        self.post("pk_shop", chunk("s2", 0, visitor="v2"))
        request("DELETE", f"{self.base}/api/visitors/v2?key=pk_shop")
        before = self.recordings("pk_shop")[0]
        self.assertEqual(self.server.stop(), 0)
        self.server = Server("--data", self.data)
        self.base = self.server.base
        self.assertEqual(self.recordings("pk_shop")[0], before)
        self.post("pk_shop", chunk("s1", 0))                                          # still a duplicate after reload
        self.assertEqual(len(self.stored_chunks("pk_shop", "s1")), 1)

    def test_keep_alive_and_chunked_bodies(self):
        host, port = self.base[len("http://"):].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        headers = {"Origin": "https://shop.example", "User-Agent": BROWSER, "Content-Type": "application/json"}
        for number in range(3):                                                       # one connection, three requests
            connection.request("POST", "/api/ingest?key=pk_shop", json.dumps(chunk("s1", number)), headers)
            response = connection.getresponse()
            self.assertEqual((response.status, response.read()), (204, b""))
        body = json.dumps(chunk("s1", 3)).encode()
        connection.request("POST", "/api/ingest?key=pk_shop", iter([body[:10], body[10:]]), headers, encode_chunked=True)
        response = connection.getresponse()
        self.assertEqual((response.status, response.read()), (204, b""))
        connection.close()
        self.assertEqual([c["chunk"] for c in self.stored_chunks("pk_shop", "s1")], [0, 1, 2, 3])


class CommandLineTests(unittest.TestCase):
    def test_refuses_other_hosts(self):
        result = subprocess.run([sys.executable, SERVER, "--host", "0.0.0.0", "--port", "0"], capture_output=True, text=True, timeout=10)
        self.assertEqual(result.returncode, 2)
        self.assertIn("127.0.0.1 only", result.stderr)

    def test_sites_from_json(self):
        server = Server("--sites", json.dumps({"pk_a": "http://a.test:8080"}))
        try:
            status, _ = request("POST", f"{server.base}/api/ingest?key=pk_a", chunk("s1", origin="http://a.test:8080"),
                                {"Origin": "http://a.test:8080", "User-Agent": BROWSER})
            self.assertEqual(status, 204)
            status, answer = request("GET", f"{server.base}/api/recordings?key=pk_a")
            self.assertEqual((status, len(answer["results"])), (200, 1))
            self.assertEqual(request("GET", f"{server.base}/api/recordings?key=pk_shop")[0], 403)
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
