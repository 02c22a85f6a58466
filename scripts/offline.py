#!/usr/bin/env python3
"""Post-build step: writes the service worker's file list from the files Trunk wrote.

Every file of the build directory except sw.js itself (the hashed JS and wasm, the CSS, index.html,
call.html, worker-boot.js, sw-register.js, the manifest, the icons) goes into sw.js's BUILD line
with its SHA-256 (an `integrity` the service worker checks when it stores the file), and the build's
version is a hash over all of them and sw.js's own code: any change to any file is a new sw.js, which
the browser picks up as an update. No hand-kept list.

It also checks the web app manifest against the files (the icons exist, are PNGs of the declared
sizes; start_url, scope and every file handler's action are relative and inside the page's folder)
and fails the build with what to fix.

Usage: python3 scripts/offline.py [DIR]   (DIR: $TRUNK_STAGING_DIR, else dist). Idempotent: run it
again on a changed build directory and sw.js gets the new list (tests/e2e/offline.mjs does).
Run by scripts/post_build.py (the Trunk hook) after scripts/csp.py, so that it hashes the final pages.
"""
import base64, hashlib, json, os, re, struct, sys

SW = "sw.js"
MANIFEST = "manifest.webmanifest"
BUILD_LINE = re.compile(r"^const BUILD = .*$", re.M)


def fail(message):
    sys.exit(f"offline: {message}")


def build_files(staging):
    """(relative URL, integrity) of every file but sw.js, in a stable order."""
    files = []
    for root, dirs, names in os.walk(staging):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, staging).replace(os.sep, "/")
            if rel == SW or name.startswith("."):
                continue
            if not re.fullmatch(r"[A-Za-z0-9._/-]+", rel):
                fail(f"{rel}: only letters, digits, '.', '_', '-' in built file names (it becomes a URL)")
            digest = base64.b64encode(hashlib.sha256(open(path, "rb").read()).digest()).decode()
            files.append({"url": "./" + rel, "integrity": f"sha256-{digest}"})
    return files


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def inside(url):
    """A relative URL that stays in the page's folder (so the page works under any sub-path)."""
    return not re.match(r"^([a-z][a-z0-9+.-]*:|/)", url, re.I) and ".." not in url.split("/")


def check_manifest(staging):
    path = os.path.join(staging, MANIFEST)
    if not os.path.exists(path):
        fail(f"{path} is missing (index.html copies it with a data-trunk copy-file link)")
    try:
        m = json.load(open(path, encoding="utf-8"))
    except ValueError as e:
        fail(f"{MANIFEST}: not JSON: {e}")
    for key in ("name", "short_name", "start_url", "scope", "display", "icons", "theme_color", "background_color"):
        if not m.get(key):
            fail(f"{MANIFEST}: '{key}' is required")
    for key in ("start_url", "scope"):
        if not inside(m[key]):
            fail(f"{MANIFEST}: {key} '{m[key]}' must be relative to the page's folder")
    sizes = set()
    for icon in m["icons"]:
        src = icon.get("src", "")
        file = os.path.join(staging, src)
        if not inside(src) or not os.path.exists(file):
            fail(f"{MANIFEST}: icon '{src}' is not a file of the build")
        if icon.get("type") == "image/png":
            actual = png_size(file)
            if actual is None:
                fail(f"{MANIFEST}: icon '{src}' is not a PNG")
            declared = icon.get("sizes", "")
            if declared != f"{actual[0]}x{actual[1]}":
                fail(f"{MANIFEST}: icon '{src}' declares sizes '{declared}' but is {actual[0]}x{actual[1]}")
            sizes.add(actual)
    for need in ((192, 192), (512, 512)):
        if need not in sizes:
            fail(f"{MANIFEST}: a {need[0]}x{need[1]} PNG icon is required to install the page")
    for handler in m.get("file_handlers", []):
        if not inside(handler.get("action", "")):
            fail(f"{MANIFEST}: file handler action '{handler.get('action')}' must be relative")
        for mime, exts in handler.get("accept", {}).items():
            if not re.fullmatch(r"[a-z]+/[a-z0-9.+-]+", mime) or not all(re.fullmatch(r"\.[a-z0-9.]+", e) for e in exts):
                fail(f"{MANIFEST}: file handler accepts '{mime}': {exts} (a MIME type and '.ext' names)")
    return m


def write_sw(staging):
    check_manifest(staging)
    path = os.path.join(staging, SW)
    if not os.path.exists(path):
        fail(f"{path} is missing (index.html copies it with a data-trunk copy-file link)")
    text = open(path, encoding="utf-8").read()
    if not BUILD_LINE.search(text):
        fail(f"{path} has no 'const BUILD = ...' line to fill")
    files = build_files(staging)
    listing = "".join(f"{f['url']} {f['integrity']}\n" for f in files)
    # sw.js's own code counts too (without the line this writes).
    listing += "sw.js " + hashlib.sha256(BUILD_LINE.sub("", text).encode()).hexdigest()
    version = hashlib.sha256(listing.encode()).hexdigest()[:16]
    build = json.dumps({"version": version, "files": files}, separators=(",", ":"))
    line = f"const BUILD = {build}; // written by scripts/offline.py"
    open(path, "w", encoding="utf-8").write(BUILD_LINE.sub(lambda _: line, text, count=1))
    total = sum(os.path.getsize(os.path.join(staging, f["url"][2:])) for f in files)
    print(f"offline: sw.js stores {len(files)} files ({total // 1024} KiB) for offline use, build {version}")


if __name__ == "__main__":
    write_sw(os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist"))
