"""Reads every session back from a reference server and checks the acknowledged keys: python3 verify.py PORT ACKS_FILE

Prints one line: acknowledged, stored, missing, doubled; exits 1 if any acknowledged batch is missing or any key
is stored twice.
"""
import http.client, json, sys

port, path = int(sys.argv[1]), sys.argv[2]
acked = set()
with open(path) as acks:
    for line in acks:
        session, sequence = line.split()
        acked.add((session, int(sequence)))
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
def get(target):
    connection.request("GET", target)
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        sys.exit(f"GET {target}: {response.status} {body[:200]!r}")
    return json.loads(body)
stored = []
for session in get("/v1/sessions")["sessions"]:
    for batch in get("/v1/sessions/" + session["sessionId"])["batches"]:
        stored.append((batch["sessionId"], batch["sequence"]))
keys = set(stored)
missing = sorted(acked - keys)
doubled = len(stored) - len(keys)
print(f"acknowledged {len(acked)}, stored {len(stored)}, missing {len(missing)}, doubled {doubled}")
if missing: print("missing:", missing[:10], file=sys.stderr)
sys.exit(1 if missing or doubled else 0)
