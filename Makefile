# The two commands a new machine needs (both install what is missing, once):
#   make serve   build the page and serve it on http://127.0.0.1:8080/ (with the example at #example)
#   make test    run every test (what CI runs through .ci/run)
# Performance (see README "Performance"):
#   make bench      criterion benches, native (cti, logs, har, analyze; ~4 minutes)
#   make bench-web  the browser benchmark in headless Chromium (JSON.parse vs analyze, memory)
#   make bench-page the page with a 100 MiB log file: long tasks on the page's thread, memory
#   make bench-compare  our CLI vs lnav and node JSON.parse, and the browser ratio: one table
#   make graph      the module graph: fails on a cycle between src/'s modules or a code file over 800 lines
.PHONY: graph serve test bench bench-web bench-page bench-compare
serve:
	scripts/serve.sh
test:
	scripts/test.sh
bench:
	cargo bench
bench-web:
	scripts/bench-web.sh
bench-page:
	scripts/bench-page.sh
bench-compare:
	scripts/bench-compare.sh
graph:
	python3 scripts/modgraph.py src 800
