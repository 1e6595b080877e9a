package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code wrk} (Debian's package, when installed) as a second, C-written load generator: it costs the
 * shared cores less per request than the Java generator, so its rates show how much the generator itself
 * takes away. Absent wrk, these rows say so.
 */
public final class Wrk {

    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);

    private final Path executable;
    private final Path workDir;

    private Wrk(Path executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    public static @Nullable Wrk find(Path workDir) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return new Wrk(candidate, workDir);
            }
        }
        return null;
    }

    /** Requests/s, p50 and p99 (ms) of one wrk run. */
    public record Result(double rate, double p50Millis, double p99Millis) {
    }

    /**
     * @param body POST body, or null for GET
     */
    public Result run(int port, String path, int connections, Duration duration, @Nullable String contentType, @Nullable String body)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-t2", "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--latency"));
        if (body != null) {
            Path script = workDir.resolve("wrk-" + Integer.toHexString(body.hashCode()) + ".lua");
            Files.createDirectories(workDir);
            Files.writeString(script, "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"" + contentType + "\"\n"
                    + "wrk.headers[\"Accept\"] = \"" + PlatformApi.V2 + "\"\nwrk.body = [[" + body + "]]\n");
            command.add("-s");
            command.add(script.toString());
        }
        command.add("http://127.0.0.1:" + port + path);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        if (output.contains("Non-2xx")) {
            throw new IOException("wrk saw errors: " + output);
        }
        Matcher rate = RATE.matcher(output);
        if (!rate.find()) {
            throw new IOException("No rate in wrk output: " + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2));
            double millis = switch (percentile.group(3)) {
                case "us" -> value / 1000;
                case "s" -> value * 1000;
                default -> value;
            };
            if (percentile.group(1).equals("50")) {
                p50 = millis;
            } else {
                p99 = millis;
            }
        }
        return new Result(Double.parseDouble(rate.group(1)), p50, p99);
    }

    /** Keeps the rates and p99s of repeated runs. */
    public static final class Series {
        public final Samples rate = new Samples();
        public final Samples p50 = new Samples();
        public final Samples p99 = new Samples();

        public void add(Result result) {
            rate.add(result.rate());
            p50.add(result.p50Millis());
            p99.add(result.p99Millis());
        }
    }
}
