#!/usr/bin/env python3
"""Trunk post-build hook: adds a Content-Security-Policy <meta> to the built index.html and call.html.

Inline scripts are allowed only by their SHA-256 hash (Trunk's module loader in index.html, the caller
script in call.html); nothing else inline.

`connect-src` is limited per document to what it must reach:
- index.html (the page): 'self' only (its own wasm). API calls do not come from the page.
- call.html (the hidden frame that makes the API calls the user asks for): http: https: in the file,
  narrowed at run time, before anything else runs, to the single ECE server the user named (a CSP
  can be narrowed by a later <meta>, never widened). The page frames only call.html ('self').
"""
import base64, hashlib, os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")

COMMON = ["base-uri 'none'", "form-action 'none'", "object-src 'none'"]
POLICIES = {
    "index.html": lambda hashes: [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self'",
    ],
    "call.html": lambda hashes: [
        "default-src 'none'",
        "script-src " + " ".join(hashes),
        "connect-src http: https:",
    ],
}

for name, policy_for in POLICIES.items():
    path = os.path.join(staging, name)
    if not os.path.exists(path):
        sys.exit(f"csp: {path} is missing")
    html = open(path, encoding="utf-8").read()
    hashes = []
    for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S):
        digest = base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    policy = "; ".join(policy_for(hashes) + COMMON)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', "", html)
    html = html.replace("<meta charset=\"utf-8\" />", "<meta charset=\"utf-8\" />\n    " + meta, 1)
    open(path, "w", encoding="utf-8").write(html)
    print(f"csp: {name}: {len(hashes)} inline script(s) allowed by hash")
