# Switchboard tasks. `just --list` shows them. Everything here is plain cargo/npm underneath.

set dotenv-load := false

# Start the platform on the embedded default (SQLite, web app built if needed); `just run --demo` adds demo data.
run *ARGS:
    cargo run -p switchboard-server -- serve {{ARGS}}

# The test suite on SQLite (the README's test command).
test:
    cargo test --workspace

# The same suite on PostgreSQL (TEST_DATABASE_URL defaults to the local server).
test-pg url="postgres://postgres:postgres@127.0.0.1:5432/postgres":
    TEST_DATABASE_URL={{url}} cargo test --workspace -p switchboard-server

# Formatting, clippy with warnings as errors, and the web app's type check.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings
    cd web && npm run typecheck

# Regenerate openapi/openapi.json from the code and the web app's TypeScript types from it.
openapi:
    cargo run -q -p switchboard-server -- openapi --out openapi/openapi.json
    cd web && npm run gen:api

# Database migrations against DATABASE_URL: up, down (one step), status, fresh.
migrate action="up":
    cargo run -q -p switchboard-server -- migrate {{action}}

# Build the web app; `just web dev` runs the Vite dev server (proxying /api to :8080).
web mode="build":
    cd web && (test -d node_modules || npm ci) && if [ "{{mode}}" = "dev" ]; then npm run dev; else npm run build; fi

# Web unit tests and browser tests (needs Debian's chromium).
web-test:
    cargo build -p switchboard-server
    cd web && npm test && SWITCHBOARD_BIN=../target/debug/switchboard npm run e2e

# Benchmarks that print figures (SQLite; set BENCH_DATABASE_URL for PostgreSQL too).
bench:
    cargo bench -p switchboard-server --bench api
    cargo bench -p switchboard-server --bench media

# Everything CI runs.
ci:
    bash .ci/run
