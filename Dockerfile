# Sentrade: one image, three roles.
#   docker run IMAGE live --paper ...   the live runner (Fargate); runs as uid 10001 (see entrypoint.sh)
#   docker run IMAGE train              SageMaker training contract  -> sentrade sagemaker train
#   docker run IMAGE serve              SageMaker inference contract -> sentrade sagemaker serve (port 8080)
# Build: docker build -t sentrade .      (docs/DEPLOY.md has the ECR push commands)
#
# The build image is Swift 6.2 although Package.swift says tools-version 6.0: the resolved
# dependencies (async-http-client, swift-log, swift-collections, ...) declare tools-version 6.2,
# so an older toolchain cannot resolve them.

# ---- build stage ------------------------------------------------------------------------------
FROM swift:6.2-jammy AS build

# GRDB links the system SQLite; the Swift image ships the runtime library but not the headers.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Resolve dependencies in their own layer so source edits do not re-fetch them. Package.* also
# takes Package.resolved when the build context has one (it is git-ignored), pinning the versions
# that were tested locally.
COPY Package.* ./
RUN swift package resolve

# Tests/ is copied because SwiftPM checks every declared target's folder even when building one
# product; only the sentrade product is compiled.
COPY Sources ./Sources
COPY Tests ./Tests

# --static-swift-stdlib links the Swift runtime and Foundation into the binary, so the runtime
# stage needs no Swift toolchain. Any resource bundles are staged beside the binary.
RUN swift build -c release --static-swift-stdlib --product sentrade \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/sentrade" /staging/sentrade \
    && find -L "$(swift build -c release --show-bin-path)/" -maxdepth 1 -name '*.resources' -exec cp -Ra {} /staging/ \;

# ---- runtime stage ----------------------------------------------------------------------------
FROM ubuntu:jammy

# ca-certificates: TLS to Alpaca, X and AWS. libsqlite3-0: the journal (GRDB links it dynamically).
# tzdata: America/New_York for the NYSE session calendar. Versions are not pinned: jammy-updates
# replaces security fixes in place, so exact pins stop building; pin the base image digest instead.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libsqlite3-0 tzdata \
    && rm -rf /var/lib/apt/lists/*

# The live runner's user. The image itself starts as root because SageMaker expects training and
# serving containers to run as root (it mounts /opt/ml root-owned); entrypoint.sh drops to this
# user for every other command, and the ECS task definition also sets User 10001:10001.
RUN groupadd --system --gid 10001 sentrade \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin sentrade \
    && mkdir -p /app /data \
    && chown sentrade:sentrade /data

WORKDIR /app

COPY --from=build /staging/ /usr/local/bin/
COPY deploy/docker/entrypoint.sh /usr/local/bin/entrypoint.sh
COPY deploy/docker/strategy.yaml /app/strategy.yaml
RUN chmod 0755 /usr/local/bin/entrypoint.sh /usr/local/bin/sentrade

ENV TZ=UTC

# 8080: SageMaker inference (/ping, /invocations). 8081: live runner /health and /metrics.
EXPOSE 8080 8081

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["/usr/local/bin/sentrade", "health", "--url", "http://127.0.0.1:8081/health"]

ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["live", "--help"]
