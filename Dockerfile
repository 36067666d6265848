# capplan in a container: the image docs/scale-out.md's Kubernetes Jobs run.
#
#   docker build -t capplan:0.1.0 .
#   docker run --rm -v "$PWD/out:/app/out" capplan:0.1.0 solve plans/colossus.yaml
#
# Stage 1 builds with the README's own first step (scripts/setup: cmake, a C++
# compiler and libclang-dev for HiGHS), so the two cannot drift; tests/docker.rs
# checks that they match.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN scripts/setup && cargo build --release --locked

# Stage 2: the binary, the shipped plans and catalogs, on a slim Debian.
# HiGHS is linked statically; the C++ runtime comes from libstdc++6, and
# Graphviz draws graph.svg next to each plan.
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libstdc++6 graphviz \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/capplan /usr/local/bin/capplan
WORKDIR /app
COPY plans/ plans/
COPY catalogs/ catalogs/
ENTRYPOINT ["capplan"]
CMD ["--help"]
