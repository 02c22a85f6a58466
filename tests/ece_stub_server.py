#!/usr/bin/env python3
"""A stub of the ECE chat entry-point API, for browser tests (standard library only).

    python3 tests/ece_stub_server.py --port N        (0 = pick a free port)

Prints ``READY <port>`` on stdout once listening on 127.0.0.1.

GET  /system/egain/chat/entrypoint/initialize/<id>        the seed initialize answer (JSON)
GET  /system/egain/chat/entrypoint/checkEligibility/<id>  XML (JSON with Accept: application/json)
POST /__control   JSON {"response_type": 1, "delay_ms": 0, "status": 200, "cors": true}
                  changes the behaviour (any subset of keys); answers the full new state.
GET  /__control   the current state.
OPTIONS *         CORS preflight (when cors is on).

``status`` other than 200 answers that status with an HTML error page; ``cors: false`` leaves
out ``Access-Control-Allow-Origin``, which a browser on another origin reports as a CORS
failure (status 0 + net::ERR_FAILED in a HAR).
"""

import argparse
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEED_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "seed", "initialize-response.json")
FALLBACK_SEED = {
    "checkEligibility": {"responseType": 0},
    "maskingPatterns": {"maskingPattern": []},
    "isVideoChatLicensed": False,
    "isVideoChatEnabled": False,
    "videoChatMaxEscalation": 5,
    "isDirectAudioChatEnabled": True,
    "isChatAttachmentEnabled": False,
    "maxChatAttachmentSize": 3,
    "isBlackListType": False,
    "isOffRecordEnabled": False,
    "htmlTagMatcherRegEx": "((?:[\\r\\n|\\n]*(?:<[^>]*>)*[\\r\\n|\\n]*)*)",
    "htmlTagMatcherIncr": 1,
    "isOneTagOff": True,
}

PREFIX = r"^/system/(?:egain|egin)/chat/entrypoint/"
INITIALIZE = re.compile(PREFIX + r"initialize/([A-Za-z0-9]+)/?$")
CHECK = re.compile(PREFIX + r"checkEligibility/([A-Za-z0-9]+)/?$", re.IGNORECASE)


def load_seed():
    try:
        with open(SEED_PATH, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return dict(FALLBACK_SEED)


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.values = {"response_type": 0, "delay_ms": 0, "status": 200, "cors": True}

    def get(self):
        with self.lock:
            return dict(self.values)

    def update(self, changes):
        errors = []
        with self.lock:
            for key, value in changes.items():
                if key == "cors":
                    if isinstance(value, bool):
                        self.values[key] = value
                    else:
                        errors.append("cors must be true or false")
                elif key in ("response_type", "delay_ms", "status"):
                    if isinstance(value, int) and not isinstance(value, bool):
                        if key == "delay_ms" and not 0 <= value <= 60000:
                            errors.append("delay_ms must be 0..60000")
                        elif key == "status" and not 100 <= value <= 599:
                            errors.append("status must be 100..599")
                        else:
                            self.values[key] = value
                    else:
                        errors.append(f"{key} must be an integer")
                else:
                    errors.append(f"unknown key {key!r}")
            return dict(self.values), errors


STATE = State()
SEED = load_seed()


class Handler(BaseHTTPRequestHandler):
    server_version = "ece-stub/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output quiet
        if os.environ.get("ECE_STUB_VERBOSE"):
            sys.stderr.write("ece-stub: " + (fmt % args) + "\n")

    def cors_headers(self, state):
        if state["cors"]:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Accept, Content-Type")
            self.send_header("Access-Control-Expose-Headers", "X-egain-session")

    def reply(self, status, content_type, body, state, extra=None):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.cors_headers(state)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_OPTIONS(self):
        state = STATE.get()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.cors_headers(state)
        self.end_headers()

    def do_GET(self):
        state = STATE.get()
        path = self.path.split("?", 1)[0]
        if path == "/__control":
            return self.reply(200, "application/json", json.dumps(state), {"cors": True})
        m_init = INITIALIZE.match(path)
        m_check = CHECK.match(path)
        if not (m_init or m_check):
            return self.reply(404, "text/html", "<html><head><title>Not Found</title></head><body>404</body></html>", state)
        if state["delay_ms"]:
            time.sleep(state["delay_ms"] / 1000.0)
        if state["status"] != 200:
            s = state["status"]
            return self.reply(s, "text/html", f"<html><head><title>Error {s}</title></head><body>stub error {s}</body></html>", state)
        rt = state["response_type"]
        if m_init:
            answer = json.loads(json.dumps(SEED))
            answer.setdefault("checkEligibility", {})["responseType"] = rt
            return self.reply(200, "application/json;charset=UTF-8", json.dumps(answer, separators=(",", ":")), state,
                              {"X-egain-session": "stub-session-" + m_init.group(1)})
        if "application/json" in (self.headers.get("Accept") or ""):
            return self.reply(200, "application/json", json.dumps({"responseType": rt}), state)
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               f'<checkEligibility responseType="{rt}" xmlns:ns2="http://bindings.egain.com/chat"/>')
        return self.reply(200, "application/xml", xml, state)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        if path != "/__control":
            return self.reply(404, "text/html", "<html><body>404</body></html>", STATE.get())
        try:
            changes = json.loads(raw.decode("utf-8") or "{}")
            if not isinstance(changes, dict):
                raise ValueError("expected a JSON object")
        except (ValueError, UnicodeDecodeError) as e:
            return self.reply(400, "application/json", json.dumps({"error": f"bad JSON: {e}"}), {"cors": True})
        state, errors = STATE.update(changes)
        if errors:
            return self.reply(400, "application/json", json.dumps({"error": "; ".join(errors), "state": state}), {"cors": True})
        return self.reply(200, "application/json", json.dumps(state), {"cors": True})


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = any free port)")
    args = ap.parse_args(argv)
    httpd = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    httpd.daemon_threads = True
    print(f"READY {httpd.server_address[1]}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


if __name__ == "__main__":
    main()
