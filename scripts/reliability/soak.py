"""Holds CONNECTIONS keep-alive connections to a reference server for SECONDS, each posting a batch about once a
second, and samples the server's RSS and open descriptors: python3 soak.py PORT PID ACKS_FILE CONNECTIONS SECONDS

Prints a sample line every SAMPLE seconds and a summary; exits 1 on any error (non-200, reset, timeout).
One thread, non-blocking sockets; loopback only.
"""
import json, os, selectors, socket, sys, time

port, pid, acks_path, count, seconds = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
sample_every = max(1.0, min(30.0, seconds / 20))

def batch(session, sequence):
    body = json.dumps({"sessionId": session, "windowId": "w", "pageId": "p", "sequence": sequence, "distinctId": "v",
                       "origin": "https://soak.example",
                       "events": [{"type": 5, "timestamp": 1700000000000 + sequence, "data": {"tag": "soak", "payload": {"n": sequence}}}]}).encode()
    return b"POST /v1/batches HTTP/1.1\r\nHost: soak\r\nContent-Length: %d\r\n\r\n" % len(body) + body

def sample():
    rss = 0
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"): rss = int(line.split()[1]) // 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))

selector = selectors.DefaultSelector()
connections = []
for n in range(count):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setblocking(False)
    state = {"sock": sock, "session": f"soak-{n}", "sequence": 0, "pending": b"", "buffer": b"", "next": time.time() + (n % 1000) / 1000}
    connections.append(state)
    selector.register(sock, selectors.EVENT_READ, state)

acks = open(acks_path, "a")
errors = 0
acknowledged = 0
started = time.time()
next_sample = started
samples = []
while time.time() - started < seconds:
    now = time.time()
    if now >= next_sample:
        rss, fds = sample()
        samples.append((round(now - started), rss, fds))
        print(f"t={round(now - started)}s rss={rss}MB fds={fds} acknowledged={acknowledged} errors={errors}", flush=True)
        next_sample += sample_every
    for state in connections:
        if not state["pending"] and not state.get("waiting") and now >= state["next"]:
            state["pending"] = batch(state["session"], state["sequence"])
            state["waiting"] = True
            state["sent"] = now
        if state["pending"]:
            try:
                written = state["sock"].send(state["pending"])
                state["pending"] = state["pending"][written:]
            except BlockingIOError:
                pass
        if state.get("waiting") and now - state["sent"] > 10:
            errors += 1
            state["waiting"] = False
    for key, _ in selector.select(timeout=0.01):
        state = key.data
        try:
            data = state["sock"].recv(65536)
        except BlockingIOError:
            continue
        if not data:
            errors += 1
            selector.unregister(state["sock"])
            state["waiting"] = True
            state["sent"] = float("inf")
            continue
        state["buffer"] += data
        while b"\r\n\r\n" in state["buffer"]:
            head, rest = state["buffer"].split(b"\r\n\r\n", 1)
            length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
            if len(rest) < length: break
            state["buffer"] = rest[length:]
            if head.startswith(b"HTTP/1.1 200"):
                acks.write(f"{state['session']} {state['sequence']}\n")
                acknowledged += 1
                state["sequence"] += 1
            else:
                errors += 1
            state["waiting"] = False
            state["next"] = time.time() + 1
acks.close()
rss, fds = sample()
samples.append((round(time.time() - started), rss, fds))
rss_values = [s[1] for s in samples[1:]] or [rss]
fd_values = [s[2] for s in samples[1:]] or [fds]
print(f"summary: {count} connections, {round(time.time() - started)} s, {acknowledged} acknowledged, {errors} errors, "
      f"rss {min(rss_values)}..{max(rss_values)} MB, fds {min(fd_values)}..{max(fd_values)}")
print("curve: " + " ".join(f"{t}s:{r}MB/{f}fd" for t, r, f in samples))
sys.exit(1 if errors else 0)
