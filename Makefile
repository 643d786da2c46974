# The two commands a new user needs: `make run` and `make test`.
# Both install missing Debian packages first (apt-get, through sudo when not root).

BUILD_DIR ?= build
JOBS      ?= 2
CMAKE_ARGS ?=
RELINKSIM := $(BUILD_DIR)/cli/relinksim

# The tests again under ASan and UBSan, in a build of their own (g++).
SANITIZE_DIR ?= build-sanitize
SANITIZED_TESTS := unit_tests engine_tests sim_tests property_tests relinksim sanitizer_canary
SANITIZED_CTEST := ^(unit|engine|sim|properties|scenario/.*|sanitizers/.*)$$

# Debian 12 packages of DESIGN.md section 10, plus the tools the build and tests use.
PACKAGES := g++ make cmake libcaf-dev libyaml-cpp-dev libboost-test-dev libcli11-dev \
            nlohmann-json3-dev libfmt-dev libpugixml-dev python3 python3-yaml python3-jsonschema \
            libxml2-utils chromium fonts-dejavu-core python3-simpy time procps \
            librapidcheck-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test test-sanitize bench clean

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

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) $(CMAKE_ARGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(RELINKSIM) suite scenarios/ -j 2 --out out
	@echo "open out/index.html: every scenario's report.html, report.json, junit.xml and events.jsonl are under out/<scenario>/"

# Every test, then the unit, engine, sim, property and library-scenario tests under
# the sanitizers.
test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-sanitize

$(SANITIZE_DIR)/CMakeCache.txt:
	cmake -S . -B $(SANITIZE_DIR) -DRELINKSIM_SANITIZE=ON $(CMAKE_ARGS)

test-sanitize: deps $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS) --target $(SANITIZED_TESTS)
	cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS) -R '$(SANITIZED_CTEST)'

bench: build
	@command -v /usr/bin/time >/dev/null || $(MAKE) deps PACKAGES=time
	bench/run.sh

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) out
