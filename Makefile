# The two commands a new user needs: `make run` and `make test`.
# Both install missing Debian packages first (apt-get, through sudo when not root).

BUILD_DIR ?= build
JOBS      ?= 2
CMAKE_ARGS ?=
RELINKSIM := $(BUILD_DIR)/cli/relinksim

# The tests again under ASan and UBSan, in a build of their own (g++).
SANITIZE_DIR ?= build-sanitize
SANITIZED_TESTS := unit_tests actors_tests engine_tests sim_tests property_tests relinksim sanitizer_canary
SANITIZED_CTEST := ^(unit|actors|engine|sim|sim/stories|sim/explore|explore/cli|properties|scenario/.*|sanitizers/.*|platform/endpoint)$$
# The loader's fuzz target: clang's libFuzzer, in a build of its own.
FUZZ_DIR     ?= build-fuzz
FUZZ_CXX     ?= clang++-14
FUZZ_SECONDS ?= 300
FUZZ_WORK    ?= $(FUZZ_DIR)/campaign
FUZZ_FLAGS   ?=
FUZZER       := $(FUZZ_DIR)/tests/fuzz/scenario_loader_fuzzer

# Debian 12 packages of DESIGN.md section 10: what building relinksim needs, and what
# its tests need besides (compilers for the fuzz target, a browser, Python modules).
BUILD_PACKAGES := g++ make cmake libcaf-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev \
                  libfmt-dev libpugixml-dev libmimalloc-dev libssl-dev libcpp-httplib-dev help2man
# `make package`: the Debian package's dependencies come from dpkg-shlibdeps.
PACKAGE_PACKAGES := dpkg-dev file
TEST_PACKAGES  := libboost-test-dev librapidcheck-dev python3 python3-yaml python3-jsonschema \
                  libxml2-utils chromium chromium-driver python3-selenium fonts-dejavu-core \
                  clang-14 libclang-rt-14-dev libfuzzer-14-dev \
                  dpkg-dev file lintian zsh nodejs python3-stripe
BENCH_PACKAGES := time procps python3 python3-simpy
PACKAGES ?= $(BUILD_PACKAGES)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps deps-test build run test check screenshots install package test-sanitize fuzz-build test-fuzz fuzz fuzz-merge bench clean

all: build

deps:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	else echo "dependencies: all installed"; fi

# The Node example platform's packages (Stripe's library), from its lockfile: npm
# comes with nodejs from some sources, as Debian's own package otherwise.
NODE_EXAMPLE := examples/node-platform
deps-test:
	@$(MAKE) --no-print-directory deps PACKAGES="$(BUILD_PACKAGES) $(TEST_PACKAGES)"
	@command -v npm > /dev/null || $(MAKE) --no-print-directory deps PACKAGES=npm
	@[ $(NODE_EXAMPLE)/node_modules/.package-lock.json -nt $(NODE_EXAMPLE)/package-lock.json ] || \
	  (cd $(NODE_EXAMPLE) && npm ci --no-audit --no-fund)

# A fresh build folder is configured without the tests (their packages may be
# missing); `make test` turns them on.
$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DBUILD_TESTING=OFF $(CMAKE_ARGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Only the binary it runs: the tests are built by `make test`.
run: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS) --target relinksim
	$(RELINKSIM) suite scenarios/ -j 2 --out out
	@echo "open out/index.html: every scenario's report.html, report.json, junit.xml and events.jsonl are under out/<scenario>/"

# The binary, its schema, man page, completions and docs under PREFIX (DESTDIR is
# honoured); docs/install.md.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# relinksim_<version>_amd64.deb in $(BUILD_DIR)/package/ (docs/install.md).
package: deps $(BUILD_DIR)/CMakeCache.txt
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGE_PACKAGES)"
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && cpack
	@echo "package: $$(ls $(BUILD_DIR)/package/relinksim_*.deb)"

# Every test, in the build a developer uses.
test: deps-test $(BUILD_DIR)/CMakeCache.txt
	cmake -S . -B $(BUILD_DIR) -DBUILD_TESTING=ON $(CMAKE_ARGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# What CI runs (.ci/run): every test, then the unit, engine, sim, property and
# library-scenario tests under ASan and UBSan, then the fuzz target's replay and a
# 60-second campaign. docs/reliability.md tells what each holds to.
check: test test-sanitize test-fuzz

$(SANITIZE_DIR)/CMakeCache.txt:
	cmake -S . -B $(SANITIZE_DIR) -DRELINKSIM_SANITIZE=ON $(CMAKE_ARGS)

test-sanitize: deps-test $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS) --target $(SANITIZED_TESTS)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS) -R '$(SANITIZED_CTEST)'

$(FUZZ_DIR)/CMakeCache.txt:
	cmake -S . -B $(FUZZ_DIR) -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) -DRELINKSIM_FUZZ=ON $(CMAKE_ARGS)

fuzz-build: deps-test $(FUZZ_DIR)/CMakeCache.txt
	cmake --build $(FUZZ_DIR) -j $(JOBS)

test-fuzz: fuzz-build
	cd $(FUZZ_DIR) && ctest --output-on-failure -j $(JOBS)

# A campaign of FUZZ_SECONDS from the committed corpus (and what FUZZ_WORK's corpus
# grew before); then every input of the grown corpus through the sanitized
# `relinksim validate`, with the histogram of its exit codes. FUZZ_FLAGS go to
# libFuzzer. docs/reliability.md tells what to do with a finding.
fuzz: fuzz-build $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS) --target relinksim
	tests/fuzz/campaign.sh $(FUZZER) $(SANITIZE_DIR)/cli/relinksim $(FUZZ_SECONDS) $(FUZZ_WORK) \
	  $(FUZZ_FLAGS)

# The committed corpus, minimized anew with what the last campaign added.
fuzz-merge: fuzz-build
	tests/fuzz/merge.sh $(FUZZER) $(FUZZ_WORK)/corpus

# docs/report-format.md's screenshots, as the browser test takes them.
screenshots: deps-test $(BUILD_DIR)/CMakeCache.txt
	cmake -S . -B $(BUILD_DIR) -DBUILD_TESTING=ON $(CMAKE_ARGS)
	cmake --build $(BUILD_DIR) -j $(JOBS) --target relinksim
	cd $(BUILD_DIR) && ctest --output-on-failure -R '^reports/browser$$' || true
	mkdir -p docs/images
	cp $(BUILD_DIR)/tests/artefacts/docs/*.png docs/images/

bench: build
	@$(MAKE) --no-print-directory deps PACKAGES="$(BENCH_PACKAGES)"
	bench/run.sh

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) $(FUZZ_DIR) out
