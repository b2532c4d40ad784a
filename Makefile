# The front door. `make` builds build/rampart; `make demo` runs a container from the bundled
# busybox rootfs; `make test` runs every test through ctest (but the long `stress` ones: `make
# test-stress`); `make test-asan` runs the suite again built with ASan + UBSan (in build-asan/);
# `make bench` compares with runc/crun.
BUILD     ?= build
ASAN_BUILD ?= build-asan
JOBS      ?= $(shell nproc)
CMAKEFLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps configure rampart demo test test-unit test-stress test-asan test-asan-ci bench clean

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
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS) --timeout 600 -LE stress

test-stress: deps configure
	@cmake --build $(BUILD) -j$(JOBS) --target unit_tests
	@cd $(BUILD) && ctest --output-on-failure -L stress

# The whole suite with ASan + UBSan (RAMPART_SANITIZE: dynamically linked, since the sanitizer
# runtimes need the loader). Any report fails the test that triggered it. The fuzz targets are
# sanitized already and run in `make test`.
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86:detect_stack_use_after_return=0 \
           UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
test-asan: deps
	@test -f $(ASAN_BUILD)/CMakeCache.txt || cmake -S . -B $(ASAN_BUILD) $(CMAKEFLAGS) -DRAMPART_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && $(ASAN_ENV) ctest --output-on-failure -j$(JOBS) --timeout 1200 -LE "stress|fuzz"

# The bounded ASan + UBSan pass CI runs (.ci/run): the unit tests, the fault tests and a slice of
# the integration suite (lifecycle, errors, hostile configs, exec), built in $(ASAN_BUILD) with
# only the targets they need.
ASAN_CI_INTEGRATION = Lifecycle*:Errors*:*Hostile*:Exec*:Kill*:Delete*:List*
test-asan-ci: deps
	@test -f $(ASAN_BUILD)/CMakeCache.txt || cmake -S . -B $(ASAN_BUILD) $(CMAKEFLAGS) -DRAMPART_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target rampart rampart-testhelper unit_tests fault_tests integration_tests
	@cd $(ASAN_BUILD) && $(ASAN_ENV) tests/unit_tests --gtest_brief=1
	@cd $(ASAN_BUILD) && $(ASAN_ENV) tests/fault_tests --gtest_brief=1
	@cd $(ASAN_BUILD) && $(ASAN_ENV) tests/integration_tests --gtest_brief=1 --gtest_filter='$(ASAN_CI_INTEGRATION)'

test-unit: configure
	@cmake --build $(BUILD) -j$(JOBS) --target unit_tests
	@cd $(BUILD) && ctest --output-on-failure -L unit

bench: deps rampart
	@bench/startup.sh $(BUILD)/rampart

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
