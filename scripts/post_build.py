#!/usr/bin/env python3
"""Trunk post_build hook: the CSP into the built pages, then the service worker's file list.

One hook, two steps in this order: Trunk runs the hooks of one stage concurrently, and the file
list hashes the pages as the CSP step leaves them.
Usage: python3 scripts/post_build.py [DIR]   (DIR: $TRUNK_STAGING_DIR, else dist)
"""
import os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from csp import add_csp  # noqa: E402
from offline import write_sw  # noqa: E402

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
add_csp(staging)
write_sw(staging)
