# The two commands of the README, and the usual build and install. Each
# first installs the Debian packages that are missing for its purpose
# (tools/install-deps), then forwards to Makefile.apxs, which does the
# work.
#
#   make             install build dependencies, build
#   make install     install build dependencies, build, install
#   make uninstall   remove what make install put in place
#   make demo        add httpd, build, serve examples/ on 127.0.0.1:8080
#   make test        add httpd and the test tools, build, run every test
#   make bench       add httpd and the load tools, build, run bench/run
#
# Only "make test" installs test tools (Apache::Test, Chromium, memcached
# and the like), some of which change a running system: keep it off
# production servers.

.PHONY: all demo test bench install uninstall deps deps-demo deps-test \
        deps-bench clean

all: deps
	$(MAKE) -f Makefile.apxs

demo: deps-demo
	$(MAKE) -f Makefile.apxs demo

test: deps-test
	$(MAKE) -f Makefile.apxs test

bench: deps-bench
	$(MAKE) -f Makefile.apxs bench

install: deps
	$(MAKE) -f Makefile.apxs install

uninstall:
	$(MAKE) -f Makefile.apxs uninstall

deps:
	sh tools/install-deps build

deps-demo:
	sh tools/install-deps demo

deps-test:
	sh tools/install-deps test

deps-bench:
	sh tools/install-deps bench

clean:
	$(MAKE) -f Makefile.apxs clean
