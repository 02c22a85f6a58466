# Sourced by the test and benchmark scripts: local servers for the browser runs, stopped on exit.
#   serve_dist       copies dist/ under /tools/ece/ of a temp dir and serves it on 127.0.0.1;
#                    sets $work (the temp dir) and $page_url (http://127.0.0.1:PORT/tools/ece/)
#   start_stub_ecs   starts tests/ece_stub_server.py on a free port; sets $stub_url
#   stop_servers     stops them (also run on EXIT) and removes their temp files

_serve_pids=()
_serve_dirs=()
stop_servers() {
  kill "${_serve_pids[@]}" 2>/dev/null || true
  rm -rf "${_serve_dirs[@]}"
}
trap stop_servers EXIT

serve_dist() {
  work="$(mktemp -d)"
  _serve_dirs+=("$work")
  mkdir -p "$work/www/tools/ece"
  cp -r dist/. "$work/www/tools/ece/"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
  _serve_pids+=($!)
  page_url="http://127.0.0.1:$port/tools/ece/"
  for _ in $(seq 50); do curl -sf "$page_url" >/dev/null && break; sleep 0.1; done
}

start_stub_ecs() {
  local log
  log="$(mktemp)"
  _serve_dirs+=("$log")
  python3 tests/ece_stub_server.py --port 0 >"$log" 2>&1 &
  _serve_pids+=($!)
  for _ in $(seq 50); do grep -q '^READY' "$log" && break; sleep 0.1; done
  local port
  port="$(sed -n 's/^READY //p' "$log")"
  [ -n "$port" ] || { echo "stub ECE server did not start:" >&2; cat "$log" >&2; return 1; }
  stub_url="http://127.0.0.1:$port"
}
