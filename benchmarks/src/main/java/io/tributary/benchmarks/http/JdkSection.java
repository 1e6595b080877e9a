package io.tributary.benchmarks.http;

import io.tributary.benchmarks.BenchEnvironment;
import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The same platform jar on two JDKs at once (e.g. 25 with virtual threads against 17 with platform
 * threads), loads alternating between them, so the JDK choice is measured side by side.
 */
public final class JdkSection {

    public static final String SECTION = "JDK comparison (same jar, both servers up, loads alternating)";

    private final SuiteOptions options;
    private final Report report;
    private final Path otherJavaHome;

    public JdkSection(SuiteOptions options, Report report, Path otherJavaHome) {
        this.options = options;
        this.report = report;
        this.otherJavaHome = otherJavaHome;
    }

    public void run() throws Exception {
        Path dataA = Files.createTempDirectory(Files.createDirectories(options.workDir()), "jdk-a");
        Path dataB = Files.createTempDirectory(options.workDir(), "jdk-b");
        int featureA = BenchEnvironment.featureVersion(options.serverJavaHome());
        int featureB = BenchEnvironment.featureVersion(otherJavaHome);
        try (PlatformServer a = PlatformServer.start(options.env(), options.serverJavaHome(), dataA, options.workDir().resolve("logs"), List.of(), List.of());
                PlatformServer b = PlatformServer.start(options.env(), otherJavaHome, dataB, options.workDir().resolve("logs"), List.of(), List.of())) {
            a.api().createTopic("produce", 1);
            b.api().createTopic("produce", 1);
            byte[] healthy = Requests.get("/healthy");
            byte[] produce = Requests.post("/topics/produce", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(1, 100));
            Series healthyA = new Series();
            Series healthyB = new Series();
            Series produceA = new Series();
            Series produceB = new Series();
            for (int rep = 0; rep < options.repetitions(); rep++) {
                healthyA.add(SideBySideLoad.run(options, a, "jdk comparison healthy", healthy, 0, rep));
                healthyB.add(SideBySideLoad.run(options, b, "jdk comparison healthy", healthy, 0, rep));
                produceA.add(SideBySideLoad.run(options, a, "jdk comparison produce", produce, 1, rep));
                produceB.add(SideBySideLoad.run(options, b, "jdk comparison produce", produce, 1, rep));
            }
            String nameA = "JDK " + featureA;
            String nameB = "JDK " + featureB;
            report.row(SECTION, "`GET /healthy`, 16 connections, " + nameA).value(healthyA.requests, "req/s").detail(healthyA.latency())
                    .ceiling(nameB, healthyB.requests, "req/s").done();
            report.row(SECTION, "produce 1 record (100 B, binary), 16 connections, " + nameA).value(produceA.requests, "req/s")
                    .detail(produceA.latency()).ceiling(nameB, produceB.requests, "req/s").done();
            report.row(SECTION, "start to `/ready`, " + nameA).value(io.tributary.benchmarks.Samples.of(a.startupSeconds()), "s")
                    .ceiling(nameB, io.tributary.benchmarks.Samples.of(b.startupSeconds()), "s").done();
            report.note(SECTION, String.format(Locale.ROOT, "The ratio is %s over %s. `spring.threads.virtual.enabled=true` is the "
                    + "platform's default and takes effect on JDK 21+; on JDK 17 Tomcat serves requests on its platform-thread pool.",
                    nameA, nameB));
        } finally {
            TempDirs.delete(dataA);
            TempDirs.delete(dataB);
        }
    }

}
