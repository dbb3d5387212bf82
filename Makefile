# The two commands of the README. Each first installs the Debian packages
# that are missing, then forwards to Makefile.apxs, which does the work.
#
#   make demo    build, then serve examples/ on http://127.0.0.1:8080/
#   make test    build, then run every test

.PHONY: all demo test install deps clean

all: deps
	$(MAKE) -f Makefile.apxs

demo: deps
	$(MAKE) -f Makefile.apxs demo

test: deps
	$(MAKE) -f Makefile.apxs test

install: deps
	$(MAKE) -f Makefile.apxs install

deps:
	sh tools/install-deps

clean:
	$(MAKE) -f Makefile.apxs clean
