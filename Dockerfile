# syntax=docker/dockerfile:1
#
# The spikestream image: one image for every service of docker-compose.yml (streams app, cameras,
# trainer). Built from this repository by the Maven wrapper alone; nothing else is fetched but
# Maven's own dependencies and one Ubuntu package (unzip, see below).
#
#   docker build -t spikestream .
#   docker run --rm spikestream --help
#
# DeployFilesTest (deploy module) parses this file: keep one FROM per stage, the wrapper as the
# only build tool, and the runtime copies below.

# ---- build: compile and package the cli module and what it needs, tests skipped (CI runs them) ----
FROM eclipse-temurin:17.0.15_6-jdk-noble AS build
# The wrapper pins the SHA-256 of Maven's .zip; without unzip it falls back to the .tar.gz, whose
# checksum differs, and refuses to run (apache/maven-wrapper#425). The Temurin images have no unzip.
RUN apt-get update \
    && apt-get install -y --no-install-recommends unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests -Dspotless.check.skip=true -pl cli -am package

# ---- runtime: a JRE, the launcher jar and its libraries, a non-root user ----
FROM eclipse-temurin:17.0.15_6-jre-noble AS runtime
RUN groupadd --system --gid 10001 spikestream \
    && useradd --system --uid 10001 --gid spikestream --create-home --home-dir /home/spikestream spikestream \
    && mkdir -p /models /data \
    && chown spikestream:spikestream /models /data
COPY --from=build /src/cli/target/cli.jar /opt/spikestream/cli.jar
COPY --from=build /src/cli/target/lib/ /opt/spikestream/lib/
# The demo model (docs/demo-model.md): an empty named volume mounted on /models starts with it.
COPY --from=build --chown=spikestream:spikestream \
    /src/cli/src/main/resources/io/spikestream/cli/demo/demo-model.zip /models/demo-model.zip
USER spikestream
WORKDIR /home/spikestream
VOLUME ["/models", "/data"]
# serve's HTTP port (dashboard, /health, /metrics)
EXPOSE 8080
# ND4J keeps tensors off-heap: the heap takes half of the container's memory, the rest is left to it.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "--add-modules", "jdk.incubator.vector", "-cp", "/opt/spikestream/cli.jar:/opt/spikestream/lib/*", "io.spikestream.cli.SpikestreamCommand"]
CMD ["--help"]
