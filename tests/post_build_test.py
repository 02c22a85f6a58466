#!/usr/bin/env python3
"""Tests of the Trunk post_build hook (scripts/post_build.py: csp.py, then offline.py) on a build
directory shaped like Trunk's: the service worker's file list, its version, and the manifest checks.

    python3 -m unittest tests/post_build_test.py
"""
import base64, hashlib, json, os, re, shutil, subprocess, sys, tempfile, unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SCRIPTS = os.path.join(ROOT, "scripts")
sys.path.insert(0, SCRIPTS)
from csp import add_csp  # noqa: E402
from offline import write_sw  # noqa: E402


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def write(path, data, mode="w"):
    with open(path, mode) as f:
        f.write(data)


def build_line(staging):
    text = read(os.path.join(staging, "sw.js"))
    m = re.search(r"^const BUILD = (\{.*\}); // written by scripts/offline.py$", text, re.M)
    assert m, "no BUILD line in sw.js"
    return json.loads(m.group(1))


class PostBuild(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        d = self.dir
        # What Trunk writes: the pages (with an inline loader), hashed JS/wasm/CSS, the copied files.
        write(os.path.join(d, "index.html"),
              '<!doctype html><html><head>\n    <meta charset="utf-8" />\n<script type="module">import init from "./app-1a.js"; await init();</script>'
              '<script src="sw-register.js" defer></script></head><body></body></html>')
        write(os.path.join(d, "call.html"),
              '<!doctype html><html><head>\n    <meta charset="utf-8" />\n<script>(() => {})();</script></head><body></body></html>')
        for name, data in [("app-1a.js", b"export default 1;"), ("app-1a_bg.wasm", b"\0asm\1\0\0\0"), ("app-2b.css", b"body{}")]:
            write(os.path.join(d, name), data, "wb")
        for name in ["sw.js", "sw-register.js", "worker-boot.js", "manifest.webmanifest"]:
            shutil.copy(os.path.join(ROOT, name), d)
        shutil.copytree(os.path.join(ROOT, "icons"), os.path.join(d, "icons"))

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_hook(self):
        out = subprocess.run([sys.executable, os.path.join(SCRIPTS, "post_build.py"), self.dir],
                             capture_output=True, text=True)
        return out.returncode, out.stdout + out.stderr

    def test_every_file_but_sw_js_is_listed_with_its_hash(self):
        code, out = self.run_hook()
        self.assertEqual(code, 0, out)
        build = build_line(self.dir)
        listed = {f["url"]: f["integrity"] for f in build["files"]}
        on_disk = set()
        for root, _, names in os.walk(self.dir):
            for n in names:
                rel = os.path.relpath(os.path.join(root, n), self.dir).replace(os.sep, "/")
                if rel != "sw.js":
                    on_disk.add("./" + rel)
        self.assertEqual(set(listed), on_disk)
        self.assertIn("./icons/icon-512.png", listed)
        self.assertNotIn("./sw.js", listed)
        for url, integrity in listed.items():
            data = read(os.path.join(self.dir, url[2:]), "rb")
            self.assertEqual(integrity, "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode(), url)
        # The hashes are of the pages as the CSP step left them.
        index = read(os.path.join(self.dir, "index.html"))
        self.assertIn("worker-src 'self' blob:; manifest-src 'self'", index)
        self.assertRegex(build["version"], r"^[0-9a-f]{16}$")

    def test_version_changes_with_any_file_and_not_on_a_rerun(self):
        self.assertEqual(self.run_hook()[0], 0)
        first = build_line(self.dir)["version"]
        self.assertEqual(self.run_hook()[0], 0)
        self.assertEqual(build_line(self.dir)["version"], first, "re-running the hook on the same build")
        write(os.path.join(self.dir, "call.html"), "<!-- changed -->", "a")
        self.assertEqual(self.run_hook()[0], 0)
        self.assertNotEqual(build_line(self.dir)["version"], first, "a changed file is a new build")
        second = build_line(self.dir)["version"]
        # sw.js's own code counts too.
        write(os.path.join(self.dir, "sw.js"), "\n// changed\n", "a")
        self.assertEqual(self.run_hook()[0], 0)
        self.assertNotEqual(build_line(self.dir)["version"], second, "a changed sw.js is a new build")

    def manifest(self, change):
        path = os.path.join(self.dir, "manifest.webmanifest")
        m = json.loads(read(path))
        change(m)
        write(path, json.dumps(m))

    def test_an_icon_of_another_size_than_declared_fails_the_build(self):
        self.manifest(lambda m: m["icons"][0].update(sizes="180x180"))
        code, out = self.run_hook()
        self.assertNotEqual(code, 0)
        self.assertIn("icons/icon-192.png' declares sizes '180x180' but is 192x192", out)

    def test_a_missing_icon_fails_the_build(self):
        os.remove(os.path.join(self.dir, "icons", "icon-512.png"))
        code, out = self.run_hook()
        self.assertNotEqual(code, 0)
        self.assertIn("icon 'icons/icon-512.png' is not a file of the build", out)

    def test_absolute_urls_fail_the_build(self):
        self.manifest(lambda m: m.update(start_url="/tools/ece/"))
        code, out = self.run_hook()
        self.assertNotEqual(code, 0)
        self.assertIn("start_url '/tools/ece/' must be relative", out)

    def test_a_file_handler_without_an_extension_list_fails_the_build(self):
        self.manifest(lambda m: m["file_handlers"][0]["accept"].update({"text/plain": ["log"]}))
        code, out = self.run_hook()
        self.assertNotEqual(code, 0)
        self.assertIn("file handler accepts 'text/plain'", out)

    def test_the_repository_manifest_declares_the_evidence_file_types(self):
        m = json.loads(read(os.path.join(ROOT, "manifest.webmanifest")))
        declared = {e for h in m["file_handlers"] for exts in h["accept"].values() for e in exts}
        self.assertTrue({".har", ".log", ".txt", ".json", ".zip", ".gz"} <= declared, declared)


if __name__ == "__main__":
    unittest.main()
