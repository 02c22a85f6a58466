#!/usr/bin/env python3
"""Starts tests/ece_stub_server.py on a free port and checks its answers and control endpoint.

    python3 tests/ece_stub_server_test.py
"""

import json
import os
import subprocess
import sys
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


class StubServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "ece_stub_server.py"), "--port", "0"],
                                    stdout=subprocess.PIPE, text=True)
        line = cls.proc.stdout.readline().strip()
        assert line.startswith("READY "), line
        cls.base = "http://127.0.0.1:" + line.split()[1]

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=5)
        cls.proc.stdout.close()

    def setUp(self):
        self.control({"response_type": 0, "delay_ms": 0, "status": 200, "cors": True})

    def get(self, path, accept=None):
        req = urllib.request.Request(self.base + path, headers={"Accept": accept} if accept else {})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()

    def control(self, changes):
        req = urllib.request.Request(self.base + "/__control", data=json.dumps(changes).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def test_initialize_answers_the_seed_with_cors(self):
        status, headers, body = self.get("/system/egain/chat/entrypoint/initialize/1001")
        self.assertEqual(status, 200)
        answer = json.loads(body)
        self.assertEqual(answer["checkEligibility"]["responseType"], 0)
        self.assertIn("maskingPatterns", answer)
        self.assertEqual(headers.get("Access-Control-Allow-Origin"), "*")
        self.assertTrue(headers["Content-Type"].startswith("application/json"))

    def test_control_changes_response_type_status_and_cors(self):
        self.assertEqual(self.control({"response_type": 1})[1]["response_type"], 1)
        _, _, body = self.get("/system/egain/chat/entrypoint/initialize/1001")
        self.assertEqual(json.loads(body)["checkEligibility"]["responseType"], 1)
        self.control({"cors": False})
        _, headers, _ = self.get("/system/egain/chat/entrypoint/initialize/1001")
        self.assertNotIn("Access-Control-Allow-Origin", headers)
        self.control({"status": 503})
        status, _, body = self.get("/system/egain/chat/entrypoint/initialize/1001")
        self.assertEqual(status, 503)
        self.assertIn("<html>", body)

    def test_check_eligibility_xml_and_json(self):
        self.control({"response_type": 2})
        status, headers, body = self.get("/system/egain/chat/entrypoint/checkEligibility/1001")
        self.assertEqual(status, 200)
        self.assertIn('<checkEligibility responseType="2"', body)
        _, _, body = self.get("/system/egain/chat/entrypoint/checkEligibility/1001", accept="application/json")
        self.assertEqual(json.loads(body), {"responseType": 2})

    def test_delay_and_bad_control(self):
        import time
        self.control({"delay_ms": 300})
        t = time.monotonic()
        self.get("/system/egain/chat/entrypoint/initialize/1001")
        self.assertGreaterEqual(time.monotonic() - t, 0.28)
        status, body = self.control({"response_type": "x"})
        self.assertEqual(status, 400)
        self.assertIn("integer", body["error"])
        status, _ = self.control({"bogus": 1})
        self.assertEqual(status, 400)

    def test_unknown_path_and_bad_id(self):
        self.assertEqual(self.get("/nope")[0], 404)
        self.assertEqual(self.get("/system/egain/chat/entrypoint/initialize/10%2001")[0], 404)


if __name__ == "__main__":
    unittest.main()
