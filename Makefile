# The two commands a new machine needs (both install what is missing, once):
#   make serve   build the page and serve it on http://127.0.0.1:8080/ (with the example at #example)
#   make test    run every test (what CI runs through .ci/run)
# Performance (see README "Performance"):
#   make bench      criterion benches, native (cti, logs, har, analyze; ~4 minutes)
#   make bench-web  the browser benchmark in headless Chromium (JSON.parse vs analyze, memory)
#   make bench-page the page with a 100 MiB log file: long tasks on the page's thread, memory
#   make bench-compare  our CLI vs lnav and node JSON.parse, and the browser ratio: one table
#   make graph      the module graph: fails on a cycle between src/'s modules or a code file over 800 lines
# Fuzzing (see README "Fuzzing"):
#   make fuzz-long  every fuzz target to 1,000,000 runs (or 30 minutes), then the corpus minimised
#                   into fuzz/corpus/ (FUZZ_TARGETS, FUZZ_MAX_SECONDS, FUZZ_JOBS: scripts/fuzz-long.sh)
.PHONY: graph serve test bench bench-web bench-page bench-compare fuzz-long
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
fuzz-long:
	scripts/fuzz-long.sh $(FUZZ_RUNS)
