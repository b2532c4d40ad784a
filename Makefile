# The front door. `make` builds build/rampart; `make demo` runs a container from the bundled
# busybox rootfs; `make test` runs every test through ctest; `make bench` compares with runc/crun.
BUILD     ?= build
JOBS      ?= $(shell nproc)
CMAKEFLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure rampart demo test test-unit bench clean

all: rampart

deps:
	@scripts/setup-deps

configure:
	@test -f $(BUILD)/CMakeCache.txt || cmake -S . -B $(BUILD) $(CMAKEFLAGS) >/dev/null

rampart: configure
	@cmake --build $(BUILD) -j$(JOBS) --target rampart

demo: deps configure
	@cmake --build $(BUILD) -j$(JOBS) --target rampart rampart-testhelper
	@scripts/demo $(BUILD)

test: deps configure
	@cmake --build $(BUILD) -j$(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600

test-unit: configure
	@cmake --build $(BUILD) -j$(JOBS) --target unit_tests
	@cd $(BUILD) && ctest --output-on-failure -L unit

bench: deps rampart
	@bench/startup.sh $(BUILD)/rampart

clean:
	rm -rf $(BUILD)
