package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The end-to-end latency rows of the HTTP section: records produced at a fixed rate (open loop), each carrying the
 * time its request was due, and one long-poll consumer measuring from that time to when it holds the record.
 */
final class EndToEndLatency {

    private final SuiteOptions options;
    private final Report report;
    private final PlatformServer server;
    private final PlatformApi api;

    EndToEndLatency(SuiteOptions options, Report report, PlatformServer server) {
        this.options = options;
        this.report = report;
        this.server = server;
        this.api = server.api();
    }

    void run() throws IOException {
        int[][] runs = {{1_000, 1}, {10_000, 10}};
        for (int[] run : runs) {
            int rate = run[0];
            int perRequest = run[1];
            Samples p50 = new Samples();
            Samples p99 = new Samples();
            Samples p999 = new Samples();
            Samples produceP99 = new Samples();
            for (int rep = 0; rep < options.repetitions(); rep++) {
                String topic = "e2e-" + rate + "-" + rep;
                api.createTopic(topic, 1);
                PlatformApi.Consumer consumer = api.createConsumer("e2e-" + rate + "-" + rep, "c1", topic, "json");
                Duration warmup = options.smoke() ? Duration.ofMillis(200) : Duration.ofSeconds(2);
                Duration measure = options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(6);
                long measureFrom = System.nanoTime() + 50_000_000L + warmup.toNanos();
                Histogram endToEnd = new Histogram(120_000_000L, 3);
                AtomicBoolean producing = new AtomicBoolean(true);
                AtomicReference<RuntimeException> readerFailure = new AtomicReference<>();
                Thread reader = new Thread(() -> {
                    try {
                        readLatencies(consumer, endToEnd, measureFrom, producing);
                    } catch (RuntimeException e) {
                        readerFailure.set(e);
                    }
                }, "e2e-consumer");
                reader.start();
                String pad = "x".repeat(80);
                LoadResult produced = OpenLoop.run(server.port(), 4, (double) rate / perRequest, warmup, measure, perRequest,
                        (connection, due) -> {
                            StringBuilder body = new StringBuilder(perRequest * 110 + 16).append("{\"records\":[");
                            for (int i = 0; i < perRequest; i++) {
                                body.append(i == 0 ? "" : ",").append("{\"value\":\"t").append(due).append('-').append(pad).append("\"}");
                            }
                            return Requests.post("/topics/" + topic, PlatformApi.JSON_V2, body.append("]}").toString());
                        }).requireMostlyOk("e2e produce");
                producing.set(false);
                try {
                    reader.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                consumer.delete();
                if (readerFailure.get() != null) {
                    throw readerFailure.get();
                }
                if (endToEnd.getTotalCount() == 0) {
                    throw new IllegalStateException("The e2e consumer received no record of the measured window");
                }
                p50.add(endToEnd.getValueAtPercentile(50) / 1000.0);
                p99.add(endToEnd.getValueAtPercentile(99) / 1000.0);
                p999.add(endToEnd.getValueAtPercentile(99.9) / 1000.0);
                produceP99.add(produced.percentileMillis(99));
                System.out.printf(Locale.ROOT, "  rep %d e2e %,d/s: %d records, p50 %.2f ms p99 %.2f ms p99.9 %.2f ms (produce %s)%n", rep + 1,
                        rate, endToEnd.getTotalCount(), endToEnd.getValueAtPercentile(50) / 1000.0,
                        endToEnd.getValueAtPercentile(99) / 1000.0, endToEnd.getValueAtPercentile(99.9) / 1000.0, produced);
            }
            double limit = rate == 1_000 ? 5 : 20;
            report.row(HttpSection.LATENCY, "p99 at " + Report.number(rate) + " records/s (" + perRequest + (perRequest == 1 ? " record" : " records")
                            + " per request)")
                    .value(p99, "ms")
                    .detail(String.format(Locale.ROOT, "p50 %s ms, p99.9 %s ms; produce request p99 %s ms", Report.number(p50.median()),
                            Report.number(p999.median()), Report.number(produceP99.median())))
                    .targetValue("p99 < " + (int) limit + " ms", v -> v < limit).done();
        }
        report.note(HttpSection.LATENCY, "Open loop: produce requests are due at a fixed rate on 4 connections whatever the answers do; "
                + "each record carries the time its request was due, and the consumer (one instance, JSON, long-poll fetch "
                + "with timeout 1 s) measures from that time to when it holds the record — so a stall of the producer, the "
                + "platform or the consumer counts in full (coordinated-omission corrected). 2 s warm-up, 6 s measured per "
                + "repetition, a fresh topic and group each.");
    }

    private void readLatencies(PlatformApi.Consumer consumer, Histogram histogram, long measureFrom, AtomicBoolean producing) {
        byte[] fetch = consumer.fetchRequest(200, 8L * 1024 * 1024);
        byte[] marker = "\"value\":\"t".getBytes(StandardCharsets.US_ASCII);
        int idleAfterStop = 0;
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", api.port())) {
            while (idleAfterStop < 3) {
                HttpConnection.Response response = connection.exchange(fetch, true);
                long now = System.nanoTime();
                byte[] body = response.body();
                int found = 0;
                for (int i = indexOf(body, marker, 0); i >= 0; i = indexOf(body, marker, i + marker.length)) {
                    long due = 0;
                    for (int j = i + marker.length; j < body.length && body[j] >= '0' && body[j] <= '9'; j++) {
                        due = due * 10 + (body[j] - '0');
                    }
                    found++;
                    if (due >= measureFrom) {
                        histogram.recordValue(Math.max(1, (now - due) / 1000));
                    }
                }
                if (found == 0 && !producing.get()) {
                    idleAfterStop++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("e2e consumer failed", e);
        }
    }

    private static int indexOf(byte @Nullable [] haystack, byte[] needle, int from) {
        if (haystack == null) {
            return -1;
        }
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
