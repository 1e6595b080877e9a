package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.jspecify.annotations.Nullable;

/**
 * Profiles the platform under the produce loads with JDK Flight Recorder (a separate server, so the
 * recording does not touch the measured figures) and writes where the CPU and allocation go: the hottest
 * methods by own samples, the hottest Tributary methods including callees, and the most allocated classes.
 */
public final class ProfileSection {

    private static final int TOP = 12;

    private final SuiteOptions options;
    private final Report report;

    public ProfileSection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    public void run() throws IOException {
        StringBuilder md = new StringBuilder("## Profiles (JFR, separate platform process)\n\n")
                .append("Each load ran for ").append(options.smoke() ? "0.5" : "8").append(" s (after a 5 s warm-up that is left out of the summary) against a platform started with ")
                .append("`-XX:StartFlightRecording=settings=profile`; the recording is read with `jdk.jfr.consumer.RecordingFile` ")
                .append("(the same data as `jfr print --events jdk.ExecutionSample`).\n");
        record(md, "produce 1 record (100 B, binary) per request, 16 connections", "produce", 1,
                Requests.post("/topics/produce", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(1, 100)));
        if (!options.smoke()) {
            record(md, "produce 100 records (100 B, JSON) per request, 16 connections", "produce", 100,
                    Requests.post("/topics/produce", PlatformApi.JSON_V2, PlatformApi.jsonBatch(100, 100)));
        }
        report.appendix(md.toString());
    }

    private void record(StringBuilder md, String title, String topic, int records, byte[] request) throws IOException {
        Path data = Files.createTempDirectory(Files.createDirectories(options.workDir()), "profile");
        Path jfr = options.workDir().resolve("profile-" + System.nanoTime() + ".jfr");
        Instant from = Instant.now();
        try {
            try (PlatformServer server = PlatformServer.start(options.env(), options.serverJavaHome(), data, options.workDir().resolve("logs"),
                    List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr), List.of())) {
                server.api().createTopic(topic, 1);
                Duration warmup = options.smoke() ? Duration.ofMillis(200) : Duration.ofSeconds(5);
                from = Instant.now().plus(warmup);
                LoadResult result = ClosedLoop.run(server.port(), 16, warmup, options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(8),
                        records, RequestSource.constant(request));
                md.append("\n### ").append(title).append("\n\nUnder the recording: ").append(result).append(".\n");
            }
            summarize(md, jfr, from);
        } finally {
            TempDirs.delete(data);
        }
    }

    /** Summarises the events recorded after {@code from} (the end of the warm-up: start-up and JIT are not the subject). */
    private static void summarize(StringBuilder md, Path jfr, Instant from) throws IOException {
        if (!Files.exists(jfr)) {
            md.append("\n(no recording was written)\n");
            return;
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        Map<String, Integer> ownLayers = new HashMap<>();
        int samples = 0;
        long allocatedTotal = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (event.getStartTime().isBefore(from)) {
                continue;
            }
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (type.equals("jdk.ExecutionSample") && stack != null && !stack.getFrames().isEmpty()) {
                samples++;
                self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                String ownLayer = null;
                for (RecordedFrame frame : stack.getFrames()) {
                    ownLayer = layer(name(frame));
                    if (ownLayer != null) {
                        break;
                    }
                }
                ownLayers.merge(ownLayer == null ? "other" : ownLayer, 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String method = name(frame);
                    if (method.startsWith("io.tributary.") && seen.add(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    }
                    String layer = layer(method);
                    if (layer != null && seen.add("layer:" + layer)) {
                        layers.merge(layer, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocatedTotal += weight;
                allocated.merge(event.getClass("objectClass").getName(), weight, Long::sum);
            }
        }
        md.append("\nHottest methods by own CPU samples (of ").append(samples).append("):\n\n| samples | % | method |\n|---:|---:|---|\n");
        top(self).forEach(e -> md.append(String.format(Locale.ROOT, "| %d | %.1f | `%s` |%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, samplesOf(self)), e.getKey())));
        md.append("\nWhere the samples are, by layer: *inclusive* counts a sample for every layer on its stack; *own* counts it "
                + "once, for the innermost layer on its stack (JDK code is charged to its caller's layer):\n\n"
                + "| layer | inclusive % | own % |\n|---|---:|---:|\n");
        int all = Math.max(1, samplesOf(self));
        top(layers).forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |%n", e.getKey(), 100.0 * e.getValue() / all,
                100.0 * ownLayers.getOrDefault(e.getKey(), 0) / all)));
        md.append(String.format(Locale.ROOT, "| other (no listed layer on the stack) | — | %.1f |%n", 100.0 * ownLayers.getOrDefault("other", 0) / all));
        md.append("\nTributary methods including their callees:\n\n| samples | % | method |\n|---:|---:|---|\n");
        int total = samplesOf(self);
        top(inclusive).forEach(e -> md.append(String.format(Locale.ROOT, "| %d | %.1f | `%s` |%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, total), e.getKey())));
        md.append("\nMost allocated classes (sampled weight, total ").append(Report.number(allocatedTotal / 1048576.0)).append(" MiB):\n\n")
                .append("| MiB | % | class |\n|---:|---:|---|\n");
        long allBytes = Math.max(1, allocatedTotal);
        allocated.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %.1f | `%s` |%n", Report.number(e.getValue() / 1048576.0),
                        100.0 * e.getValue() / allBytes, e.getKey())));
    }

    private static int samplesOf(Map<String, Integer> self) {
        return self.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.naturalOrder()).reversed())
                .limit(TOP).toList();
    }

    /** Which layer of the stack a method belongs to, for the by-layer table. */
    private static @Nullable String layer(String method) {
        if (method.startsWith("tools.jackson.") || method.startsWith("com.fasterxml.jackson.")) {
            return "Jackson (JSON)";
        } else if (method.startsWith("org.apache.catalina.") || method.startsWith("org.apache.coyote.")
                || method.startsWith("org.apache.tomcat.")) {
            return "Tomcat";
        } else if (method.startsWith("org.springframework.")) {
            return "Spring";
        } else if (method.startsWith("net.openhft.")) {
            return "Chronicle Queue";
        } else if (method.startsWith("io.micrometer.")) {
            return "Micrometer";
        } else if (method.startsWith("io.tributary.platform.log.")) {
            return "Tributary storage engine (log/)";
        } else if (method.startsWith("io.tributary.platform.produce.")) {
            return "Tributary produce/";
        } else if (method.startsWith("sun.nio.ch.") || method.startsWith("java.net.") || method.startsWith("sun.net.")) {
            return "socket I/O (JDK)";
        } else if (method.startsWith("java.util.Base64")) {
            return "Base64";
        } else if (method.startsWith("jdk.internal.vm.Continuation") || method.startsWith("java.lang.VirtualThread")) {
            return "virtual-thread scheduling";
        }
        return null;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
