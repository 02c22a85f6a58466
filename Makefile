# The two commands a new machine needs (both install what is missing, once):
#   make serve   build the page and serve it on http://127.0.0.1:8080/ (with the example at #example)
#   make test    run every test (what CI runs through .ci/run)
.PHONY: serve test bench
serve:
	scripts/serve.sh
test:
	scripts/test.sh
bench:
	. scripts/tools.sh && cargo bench
