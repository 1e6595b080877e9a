package io.tributary.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a suite run is sized. {@code smoke} shrinks every benchmark to a fraction of a second and tiny counts
 * (used by {@code ./mvnw verify}); the full run takes 3 repetitions of each figure.
 *
 * @param sections      which sections to run (engine, http, footprint, jdk, durability, baseline, profile, relay, saga, kafka), in order
 * @param smoke         tiny counts, one repetition, no JMH fork
 * @param repetitions   repetitions of each figure (median and spread are over them)
 * @param out           the Markdown report to write
 * @param workDir       scratch data and logs of the child processes
 * @param serverJavaHome the JDK that runs the platform and the Kafka broker
 * @param compareJavaHome a second JDK to compare the platform on (the "jdk" section), or null
 * @param command       the command line to print in the report
 * @param baselineJar   an earlier build's platform exec jar to measure this build against (the "baseline" section), or null
 * @param baselineLabel what the baseline is (e.g. its commit), for the report
 */
public record SuiteOptions(Set<String> sections, boolean smoke, int repetitions, Path out, Path workDir, Path serverJavaHome,
        @Nullable Path compareJavaHome, String command, BenchEnvironment env, @Nullable Path baselineJar, String baselineLabel) {

    public static final List<String> ALL = List.of("engine", "http", "footprint", "jdk", "durability", "baseline", "profile", "relay", "saga", "kafka");

    public static SuiteOptions parse(String... args) {
        BenchEnvironment env = BenchEnvironment.load();
        Set<String> sections = new LinkedHashSet<>();
        boolean smoke = false;
        int repetitions = 3;
        Path out = env.projectRoot().resolve("docs").resolve("benchmarks.md");
        Path workDir = env.projectRoot().resolve("benchmarks").resolve("target").resolve("bench-work");
        Path javaHome = BenchEnvironment.currentJavaHome();
        Path compareJavaHome = null;
        Path baselineJar = null;
        String baselineLabel = "baseline";
        String command = "benchmarks/run.sh";
        List<String> unknown = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("all")) {
                sections.addAll(ALL);
            } else if (ALL.contains(arg)) {
                sections.add(arg);
            } else if (arg.equals("smoke")) {
                smoke = true;
                repetitions = 1;
            } else if (arg.startsWith("--repetitions=")) {
                repetitions = Integer.parseInt(arg.substring("--repetitions=".length()));
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length())).toAbsolutePath();
            } else if (arg.startsWith("--work=")) {
                workDir = Path.of(arg.substring("--work=".length())).toAbsolutePath();
            } else if (arg.startsWith("--server-java=")) {
                javaHome = Path.of(arg.substring("--server-java=".length()));
            } else if (arg.startsWith("--compare-java=")) {
                compareJavaHome = Path.of(arg.substring("--compare-java=".length()));
            } else if (arg.startsWith("--baseline-jar=")) {
                baselineJar = Path.of(arg.substring("--baseline-jar=".length())).toAbsolutePath();
            } else if (arg.startsWith("--baseline-label=")) {
                baselineLabel = arg.substring("--baseline-label=".length());
            } else if (arg.startsWith("--command=")) {
                command = arg.substring("--command=".length());
            } else {
                unknown.add(arg);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown arguments " + unknown + "; use: all|" + String.join("|", ALL)
                    + " [smoke] [--repetitions=3] [--out=docs/benchmarks.md] [--work=dir] [--server-java=JDK home] [--compare-java=JDK home]"
                    + " [--baseline-jar=exec jar of an earlier build] [--baseline-label=its name]");
        }
        if (sections.isEmpty()) {
            sections.addAll(ALL);
        }
        return new SuiteOptions(sections, smoke, repetitions, out, workDir, javaHome, compareJavaHome, command, env, baselineJar,
                baselineLabel);
    }

    public boolean runs(String section) {
        return sections.contains(section);
    }

    /** Warm-up before a load figure: long for the first repetition (JIT), short after. */
    public Duration warmup(int repetition) {
        if (smoke) {
            return Duration.ofMillis(200);
        }
        return repetition == 0 ? Duration.ofSeconds(4) : Duration.ofSeconds(1);
    }

    /** How long one load figure is measured. */
    public Duration measure() {
        return smoke ? Duration.ofMillis(300) : Duration.ofSeconds(4);
    }

    /** Scales a count down in smoke mode. */
    public int count(int full, int smokeCount) {
        return smoke ? smokeCount : full;
    }

    /** JVM flags for JMH forks: the Chronicle flags for this JVM, quiet logging. */
    public List<String> forkJvmArgs() {
        List<String> flags = new ArrayList<>(env.chronicleFlags(Runtime.version().feature()));
        flags.add("-Xms1g");
        flags.add("-Xmx1g");
        flags.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        return flags;
    }
}
