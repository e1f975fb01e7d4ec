#!/usr/bin/env python3
"""Loads a page in headless Chromium and writes the requests it made as a HAR 1.2 file.

    python3 .ci/har.py URL OUT.har [--chromium PATH] [--settle SECONDS]

Chromium is driven through the DevTools protocol (its Network domain): every request the page
starts is recorded, with its initiator (`_initiator`, as Chromium's own HAR export writes it), its
body, and the response or the failure. Requests to the internet fail on machines without it; the
attempt is recorded all the same, which is all `cargo disclosure verify` needs.

Needs the `websocket-client` package (`python3 -m pip install websocket-client`).
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

import websocket


def chromium_path(given):
    for candidate in [given, "chromium", "chromium-browser", "google-chrome"]:
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("har.py: no Chromium found (apt-get install chromium)")


def launch(binary, profile):
    process = subprocess.Popen(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Chromium writes the port it chose, and the browser's socket path, to DevToolsActivePort.
    marker = os.path.join(profile, "DevToolsActivePort")
    deadline = time.time() + 60
    while time.time() < deadline:
        if os.path.exists(marker):
            lines = open(marker).read().split()
            if len(lines) >= 2:
                return process, f"ws://127.0.0.1:{lines[0]}{lines[1]}"
        if process.poll() is not None:
            sys.exit(f"har.py: Chromium exited with status {process.returncode}")
        time.sleep(0.1)
    process.kill()
    sys.exit("har.py: Chromium did not open its DevTools port within 60 seconds")


class Session:
    """One DevTools connection, with a flat session attached to a page."""

    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def pump(self, seconds):
        """Collects events for up to `seconds`."""
        self.ws.settimeout(0.2)
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                pass
        self.ws.settimeout(60)


def wait_for_server(url, seconds=30):
    """Waits until the page's host accepts connections (a server started just before)."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    deadline = time.time() + seconds
    while True:
        try:
            socket.create_connection((parts.hostname, port), timeout=1).close()
            return
        except OSError:
            if time.time() > deadline:
                sys.exit(f"har.py: nothing answers at {parts.hostname}:{port}")
            time.sleep(0.2)


def pairs(items):
    return [{"name": k, "value": v} for k, v in items]


def to_har(events, session):
    records = []  # in the order the requests were sent; a redirect's hops are records of their own
    current = {}  # requestId -> index of its latest hop
    for event in events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        rid = params.get("requestId")
        if method == "Network.requestWillBeSent":
            if rid in current and params.get("redirectResponse"):
                records[current[rid]]["response"] = params["redirectResponse"]
            current[rid] = len(records)
            records.append({"sent": params})
        elif method == "Network.responseReceived" and rid in current:
            records[current[rid]]["response"] = params["response"]
        elif method == "Network.loadingFailed" and rid in current:
            records[current[rid]]["failed"] = params.get("errorText", "")
    entries = []
    for record in records:
        sent = record["sent"]
        request = sent["request"]
        url = request["url"]
        query = urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query, keep_blank_values=True)
        har_request = {
            "method": request["method"],
            "url": url,
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": pairs(request.get("headers", {}).items()),
            "queryString": pairs(query),
            "headersSize": -1,
            "bodySize": len(request.get("postData", "").encode()),
        }
        if "postData" in request:
            har_request["postData"] = {
                "mimeType": request.get("headers", {}).get("Content-Type", ""),
                "text": request["postData"],
            }
        response = record.get("response", {})
        started = datetime.datetime.fromtimestamp(sent.get("wallTime", 0), datetime.timezone.utc)
        entry = {
            "startedDateTime": started.isoformat().replace("+00:00", "Z"),
            "time": 0,
            "request": har_request,
            "response": {
                "status": response.get("status", 0),
                "statusText": response.get("statusText", record.get("failed", "")),
                "httpVersion": response.get("protocol", ""),
                "cookies": [],
                "headers": pairs(response.get("headers", {}).items()),
                "content": {"size": 0, "mimeType": response.get("mimeType", "")},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": -1,
            },
            "cache": {},
            "timings": {"send": 0, "wait": 0, "receive": 0},
            "_initiator": sent.get("initiator", {}),
        }
        if "failed" in record:
            entry["response"]["_error"] = record["failed"]
        entries.append(entry)
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "disclosure .ci/har.py", "version": "1"},
            "pages": [],
            "entries": entries,
        }
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--chromium")
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds to keep recording after the page's load event")
    args = parser.parse_args()

    wait_for_server(args.url)
    profile = tempfile.mkdtemp(prefix="har-profile-")
    process, endpoint = launch(chromium_path(args.chromium), profile)
    try:
        cdp = Session(endpoint)
        target = cdp.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = cdp.send("Target.attachToTarget",
                            {"targetId": target["targetId"], "flatten": True}, session=False)
        cdp.session = attached["sessionId"]
        cdp.send("Network.enable")
        cdp.send("Page.enable")
        cdp.send("Page.navigate", {"url": args.url})
        deadline = time.time() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in cdp.events):
            if time.time() > deadline:
                sys.exit("har.py: the page did not load within 60 seconds")
            cdp.pump(0.5)
        cdp.pump(args.settle)
        har = to_har(cdp.events, cdp.session)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)
    entries = har["log"]["entries"]
    if not entries or entries[0]["response"]["status"] == 0:
        sys.exit(f"har.py: {args.url} did not load: nothing is written")
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(har, f, indent=1, ensure_ascii=False)
    os.replace(tmp, args.out)
    print(f"har.py: {len(har['log']['entries'])} requests from {args.url} in {args.out}")


if __name__ == "__main__":
    main()
