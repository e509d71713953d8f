# Multi-stage build: the web app, the server (release), then a small runtime image.
FROM node:20-bookworm AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
COPY openapi/ /src/openapi/
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY . .
RUN cargo build --release -p switchboard-server

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
RUN useradd --system --home /app switchboard
WORKDIR /app
COPY --from=server /src/target/release/switchboard /usr/local/bin/switchboard
COPY --from=web /src/web/dist /app/web/dist
COPY config/default.toml /app/config/default.toml
USER switchboard
ENV HOST=0.0.0.0 PORT=8080 SWITCHBOARD__WEB__BUILD_ON_START=false
EXPOSE 8080
CMD ["switchboard", "serve"]
