# syntax=docker/dockerfile:1
# The Tributary platform (broker). Topics and committed offsets live under /var/lib/tributary: mount a volume there.
# Build from the repository root (deploy/compose.yaml does this):
#   docker build -f deploy/docker/platform-service.Dockerfile -t tributary/platform-service:0.1.0-SNAPSHOT .

# --- build: the Maven wrapper builds the exec jar, which is split into Spring Boot's layers (dependencies
# change less often than the application, so they stay cached in the image's lower layers). No launcher:
# the application runs as a plain `java -jar platform-service.jar` with its libraries on the class path,
# which is what the JVM's AOT cache (below) can store classes from.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl platform-service -am package -Dmaven.test.skip=true \
 && java -Djarmode=tools -jar platform-service/target/platform-service-*-exec.jar extract --layers \
         --application-filename platform-service.jar --destination /layers

# --- run: JRE only, non-root.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 tributary \
 && useradd --system --uid 10001 --gid tributary --no-create-home --shell /usr/sbin/nologin tributary \
 && mkdir -p /var/lib/tributary && chown tributary:tributary /var/lib/tributary
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --chmod=755 deploy/docker/healthcheck.sh /usr/local/bin/healthcheck
# AOT cache (JDK 25, JEP 483/514/515): a training run starts the application context once (it exits when the
# context is refreshed) and the JVM stores the classes it loaded and linked, and their profiles, in
# platform-service.aot; the ENTRYPOINT starts from it, which takes more than half the CPU off start-up
# (docs/benchmarks.md). The JVM uses the cache only with the same JVM and the same options, so the training
# run has exactly the ENTRYPOINT's options (DockerfileTests compares them); otherwise it warns and starts
# without it. The training's data directory is thrown away.
RUN java -XX:AOTCacheOutput=platform-service.aot \
         -XX:MaxRAMPercentage=75 \
         -XX:+ExitOnOutOfMemoryError \
         -Dchronicle.analytics.disable=true \
         --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
         --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED \
         --add-exports=java.base/jdk.internal.util=ALL-UNNAMED \
         --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
         --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
         --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED \
         --add-opens=java.base/java.io=ALL-UNNAMED \
         --add-opens=java.base/java.lang=ALL-UNNAMED \
         --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
         --add-opens=java.base/java.util=ALL-UNNAMED \
         --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED \
         --enable-native-access=ALL-UNNAMED \
         --sun-misc-unsafe-memory-access=allow \
         -Dspring.context.exit=onRefresh \
         -jar platform-service.jar --tributary.platform.data-dir=/tmp/aot-training --server.port=0 \
 && rm -rf /tmp/aot-training
ENV TRIBUTARY_PLATFORM_DATA_DIR=/var/lib/tributary
VOLUME /var/lib/tributary
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["healthcheck", "8080", "/ready"]
# The Chronicle Queue flags: exactly the root pom's chronicle.jvm.args, plus chronicle.jvm.args.modern because
# this image runs JDK 25 (deploy-tests: DockerfileTests compares them). Heap: 75 % of the container's memory limit.
# More JVM options: JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS (they do not void the AOT cache unless they change what it
# depends on, e.g. the garbage collector). Spring settings: environment variables (see deploy/README.md).
ENTRYPOINT ["java", \
            "-XX:AOTCache=platform-service.aot", \
            "-XX:MaxRAMPercentage=75", \
            "-XX:+ExitOnOutOfMemoryError", \
            "-Dchronicle.analytics.disable=true", \
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", \
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", \
            "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED", \
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", \
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", \
            "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", \
            "--add-opens=java.base/java.io=ALL-UNNAMED", \
            "--add-opens=java.base/java.lang=ALL-UNNAMED", \
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", \
            "--add-opens=java.base/java.util=ALL-UNNAMED", \
            "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", \
            "--enable-native-access=ALL-UNNAMED", \
            "--sun-misc-unsafe-memory-access=allow", \
            "-jar", "platform-service.jar"]
