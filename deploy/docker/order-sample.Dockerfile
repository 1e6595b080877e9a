# syntax=docker/dockerfile:1
# order-sample: orders, the saga and the CQRS read model (port 8081, database "orders", embedded outbox relay).
# Build from the repository root (deploy/compose.yaml does this):
#   docker build -f deploy/docker/order-sample.Dockerfile -t tributary/order-sample:0.1.0-SNAPSHOT .

# --- build: the Maven wrapper builds the exec jar, which is split into Spring Boot's layers (dependencies
# change less often than the application, so they stay cached in the image's lower layers).
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl order-sample -am package -Dmaven.test.skip=true \
 && java -Djarmode=tools -jar order-sample/target/order-sample-*-exec.jar extract --layers --launcher --destination /layers

# --- run: JRE only, non-root.
FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 tributary \
 && useradd --system --uid 10001 --gid tributary --no-create-home --shell /usr/sbin/nologin tributary
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --chmod=755 deploy/docker/healthcheck.sh /usr/local/bin/healthcheck
USER 10001:10001
EXPOSE 8081
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["healthcheck", "8081", "/actuator/health/readiness"]
# JarLauncher on the extracted layers ignores the jar manifest's Add-Opens/Add-Exports, so the Chronicle Queue
# flags are given here: exactly the root pom's chronicle.jvm.args, plus chronicle.jvm.args.modern because this
# image runs JDK 25 (deploy-tests: DockerfileTests compares them). Heap: 75 % of the container's memory limit.
# More JVM options: JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS. Spring settings: environment variables (see deploy/README.md).
ENTRYPOINT ["java", \
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
            "org.springframework.boot.loader.launch.JarLauncher"]
