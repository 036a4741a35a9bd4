# The two commands: `make demo` (the main job) and `make test` (every test).
# Both install what is missing first.

SWIFT ?= swift
BUILD_FLAGS ?=
.PHONY: demo test deps build release bench clean

deps:
	@bash packaging/dev/install-deps.sh

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(BUILD_FLAGS)

demo: build
	@BUILD_FLAGS="$(BUILD_FLAGS)" bash packaging/dev/demo.sh

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

clean:
	rm -rf .build
