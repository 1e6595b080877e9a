package io.tributary.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs every benchmark of the suite once in smoke mode (tiny counts, one short iteration) so they compile
 * and work on every build. Asserts only that each produced a figure or says why it could not — never a
 * time or a rate.
 */
class SuiteSmokeTests {

    @Test
    void everyBenchmarkProducesAFigureInSmokeMode() throws Exception {
        Path out = Path.of(System.getProperty("tributary.bench.out", "target/smoke")).toAbsolutePath();
        Suite suite = new Suite(SuiteOptions.parse("all", "smoke", "--out=" + out.resolve("benchmarks.md"),
                "--work=" + out.resolve("work")));

        suite.run();

        assertThat(suite.failures()).isEmpty();
        assertThat(suite.report().rows()).isNotEmpty().allSatisfy(row -> {
            if (row.value() == null) {
                assertThat(row.path()).as("only rows whose feature is missing may lack a figure")
                        .matches(path -> path.contains("consum") || path.contains("saga") || path.contains("outbox")
                                || path.contains("wrk") || path.contains("long-poll") || path.contains("JDK")
                                || path.contains("baseline"));
            } else {
                assertThat(row.value().isEmpty()).as(row.path()).isFalse();
                assertThat(row.value().median()).as(row.path()).isPositive();
            }
        });
        assertThat(Files.readString(out.resolve("benchmarks.md"))).contains("Storage engine", "HTTP API", "Apache Kafka");
    }
}
