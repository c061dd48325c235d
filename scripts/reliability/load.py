"""Keep-alive batch senders for the reliability scripts: each acknowledged batch key is appended to a file.

python3 load.py PORT ACKS_FILE PREFIX SENDERS SECONDS [CONNECTIONS]
Each sender posts batches of session PREFIX-N with rising sequences until SECONDS pass or the server goes away;
a key is written (and flushed) only after a 200. Loopback only.
"""
import http.client, json, sys, threading, time

def batch(session, sequence):
    return json.dumps({
        "sessionId": session, "windowId": "w-" + session, "pageId": "p1", "sequence": sequence,
        "distinctId": "v-" + session, "origin": "https://load.example",
        "events": [{"type": 4, "timestamp": 1700000000000 + sequence, "data": {"href": "https://load.example/p", "width": 800, "height": 600}},
                   {"type": 5, "timestamp": 1700000000001 + sequence, "data": {"tag": "load", "payload": {"n": sequence, "pad": "x" * 200}}}],
    }).encode()

def sender(port, session, acks, lock, deadline, errors):
    sequence = 0
    connection = None
    while time.time() < deadline:
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", "/v1/batches", body=batch(session, sequence), headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                with lock:
                    acks.write(f"{session} {sequence}\n")
                    acks.flush()
                sequence += 1
            else:
                errors.append(response.status)
        except (OSError, http.client.HTTPException):
            return  # the server was killed or went away
    if connection is not None:
        connection.close()

def main():
    port, path, prefix, senders, seconds = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    lock = threading.Lock()
    errors = []
    with open(path, "a") as acks:
        deadline = time.time() + seconds
        threads = [threading.Thread(target=sender, args=(port, f"{prefix}-{n}", acks, lock, deadline, errors)) for n in range(senders)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
    if errors:
        print(f"non-200 answers: {len(errors)} ({sorted(set(errors))})", file=sys.stderr)
        sys.exit(1)

if __name__ == "__main__":
    main()
