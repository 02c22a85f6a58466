#!/usr/bin/env python3
"""Post-build step: adds a Content-Security-Policy <meta> to the built index.html and call.html.

Inline scripts are allowed only by their SHA-256 hash (Trunk's module loader in index.html, the caller
script in call.html); nothing else inline.

`connect-src` is limited per document to what it must reach:
- index.html (the page): 'self' only (its own wasm). API calls do not come from the page.
- call.html (the hidden frame that makes the API calls the user asks for): http: https: in the file,
  narrowed at run time, before anything else runs, to the single ECE server the user named (a CSP
  can be narrowed by a later <meta>, never widened). The page frames only call.html ('self').

`worker-src 'self' blob:`: the service worker (sw.js, 'self') and the analysis worker, which the page
starts from a blob: URL so that the worker inherits this policy (a worker started from its own URL
gets only the policy its response's headers carry, and static hosts send none): from the worker,
too, nothing but the page's own origin can be reached (src/worker_policy.rs).
`manifest-src 'self'`: the web app manifest.

Run by scripts/post_build.py (the Trunk hook), before the service worker's file list is made.
"""
import base64, hashlib, os, re, sys

COMMON = ["base-uri 'none'", "form-action 'none'", "object-src 'none'"]
POLICIES = {
    "index.html": lambda hashes: [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self' blob:",
        "manifest-src 'self'",
    ],
    "call.html": lambda hashes: [
        "default-src 'none'",
        "script-src " + " ".join(hashes),
        "connect-src http: https:",
    ],
}


def add_csp(staging):
    """Writes the policy into each built document of `staging`."""
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
        # With the whitespace before it, so that running this again gives the same file.
        html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
        html = html.replace("<meta charset=\"utf-8\" />", "<meta charset=\"utf-8\" />\n    " + meta, 1)
        open(path, "w", encoding="utf-8").write(html)
        print(f"csp: {name}: {len(hashes)} inline script(s) allowed by hash")


if __name__ == "__main__":
    add_csp(os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist"))
