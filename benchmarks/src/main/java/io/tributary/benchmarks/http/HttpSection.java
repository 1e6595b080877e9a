package io.tributary.benchmarks.http;

import io.tributary.benchmarks.ProcessMemory;
import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The platform over HTTP, in a child process, driven by the Java generator (and wrk when installed).
 * Every repetition runs all load figures one after the other, so a figure and its ceiling are always
 * measured side by side; the median and spread are over the repetitions.
 */
public final class HttpSection {

    public static final String SECTION = "HTTP API (platform in a child process, Java load generator)";
    public static final String WRK = "HTTP API measured with wrk (C load generator, same server)";
    public static final String SCALING = "Scaling: partitions and record size (HTTP produce and fetch)";
    public static final String CONSUME = "Consume over a consumer group (HTTP)";
    /** Members of the consumer group of the group consume rows, and partitions of their topic. */
    private static final int GROUP_MEMBERS = 4;
    /** The batch rows' loads run one after the other from this one on; their ceiling is measured right before it. */
    private static final String FIRST_BATCH_LOAD = "batch-json-100";
    public static final String LATENCY = "End-to-end latency: produce → long-poll consumer (open loop, coordinated-omission corrected)";

    private final SuiteOptions options;
    private final Report report;
    private final PlatformServer server;
    private final PlatformApi api;
    private final BatchCeiling batchCeiling;
    private final Map<String, Series> series = new LinkedHashMap<>();
    private final Map<String, Wrk.Series> wrkSeries = new LinkedHashMap<>();
    private final Map<String, Samples> consumeRates = new LinkedHashMap<>();
    private ProcessMemory peakUnderLoad = new ProcessMemory(0, 0, 0, 0);

    /** @param batchCeiling the batch rows' ceiling, measured beside them in each repetition */
    public HttpSection(SuiteOptions options, Report report, PlatformServer server, BatchCeiling batchCeiling) {
        this.options = options;
        this.report = report;
        this.server = server;
        this.api = server.api();
        this.batchCeiling = batchCeiling;
    }

    /** Peak resident memory of the platform while under HTTP load. */
    public ProcessMemory peakUnderLoad() {
        return peakUnderLoad;
    }

    public void run() throws Exception {
        List<SectionLoad> loads = SectionLoad.all();
        SectionLoad.topics(loads).forEach(api::createTopic);
        Wrk wrk = options.smoke() ? null : Wrk.find(options.workDir());

        try (MemorySampler memory = new MemorySampler(server.pid())) {
            for (int rep = 0; rep < options.repetitions(); rep++) {
                for (SectionLoad load : loads) {
                    if (load.name().equals(FIRST_BATCH_LOAD)) {
                        batchCeiling.measureBeside(rep + 1);
                    }
                    LoadResult result = ClosedLoop.run(server.port(), load.connections(), options.warmup(rep), options.measure(),
                            load.recordsPerRequest(), RequestSource.constant(load.request())).requireMostlyOk(load.name());
                    series.computeIfAbsent(load.name(), n -> new Series()).add(result);
                    System.out.printf(Locale.ROOT, "  rep %d %-18s %s%n", rep + 1, load.name(), result);
                    if (load.topic() != null) {
                        // Gigabytes per load at these rates (10 KiB records: ~4 GB in 5 s): without this the section
                        // filled the disk, and a write into a mapped page of a full disk fails the request.
                        api.recreateTopic(load.topic(), load.partitions());
                    }
                }
                if (wrk != null) {
                    for (int connections : new int[] {16, 64}) {
                        runWrk(wrk, "healthy-" + connections, "/healthy", connections, null, null);
                        runWrk(wrk, "produce-1-" + connections, "/topics/produce", connections, PlatformApi.BINARY_V2,
                                PlatformApi.binaryBatch(1, 100));
                    }
                }
            }
            peakUnderLoad = memory.peak();
        }
        reportProduce(wrk != null);
        consume();
        if (consumeAvailable()) {
            new FetchScaling(options, report, server).run();
        }
        latency();
    }

    private void runWrk(Wrk wrk, String name, String path, int connections, @Nullable String contentType, @Nullable String body)
            throws IOException, InterruptedException {
        Wrk.Result result = wrk.run(server.port(), path, connections, options.measure(), contentType, body);
        wrkSeries.computeIfAbsent(name, n -> new Wrk.Series()).add(result);
        System.out.printf(Locale.ROOT, "  wrk %-18s %,.0f req/s p50 %.2f ms p99 %.2f ms%n", name, result.rate(), result.p50Millis(),
                result.p99Millis());
    }

    private void reportProduce(boolean wrkRan) {
        for (int connections : new int[] {16, 64}) {
            Series healthy = series.get("healthy-" + connections);
            Series produce = series.get("produce-1-" + connections);
            report.row(SECTION, "`GET /healthy`, " + connections + " connections")
                    .value(healthy.requests, "req/s").detail(healthy.latency())
                    .peer(59_000, "~59k req/s").done();
            Row1Peer peer = connections == 16 ? new Row1Peer(2_300, "~2,300 req/s, p99 14 ms") : new Row1Peer(3_900, "~3,900 req/s, p99 250 ms");
            report.row(SECTION, "produce 1 record (100 B, binary) per request, " + connections + " connections")
                    .value(produce.requests, "req/s").detail(produce.latency())
                    .ceiling("`GET /healthy`", healthy.requests, "req/s")
                    .targetRatio("≥ 50 % of healthy; ≥ 3× peer", r -> r >= 0.5)
                    .peer(peer.figure, peer.text).done();
        }
        for (String format : List.of("json", "binary")) {
            Series batch = series.get("batch-" + format + "-100");
            report.row(SECTION, "produce 100 records (100 B, " + format + ") per request, 16 connections")
                    .value(batch.records, "records/s")
                    .detail(Report.number(batch.requests.median()) + " req/s; " + batch.latency() + batchCeiling.engineSectionRatios(batch.records))
                    .ceiling("engine batch append into a growing log (JMH), beside it", batchCeiling.rate(), "records/s")
                    .targetRatio("≥ 25 % of engine", r -> r >= 0.25)
                    .peer(34_000, "~34,000 records/s").done();
        }
        report.note(SECTION, "Closed loop: each connection sends its next request when the previous answer is in; "
                + "latencies are per request as sent. Repetition 1 warms up 4 s, the others 1 s; each figure is measured "
                + "over " + options.measure().toMillis() / 1000.0 + " s. The generator runs in the suite's JVM on the same 2 cores "
                + "as the platform, so every HTTP rate here is a floor: generator and server compete for the CPU. "
                + "Nothing is pinned. Connections re-opened because the server answered `Connection: close` (Tomcat's "
                + "max-keep-alive-requests, 100 by default): " + Report.number(HttpConnection.reconnects()) + " in this run so far. "
                + "The batch rows' ceiling is the storage engine's batch append of the same records into one growing log (JMH, "
                + "one fork of 2 × 1 s warm-up and 2 s measured), run in each repetition right before the batch loads, while the "
                + "platform waits idle: the same minute and page-cache regime as the loads it is compared with.");
        if (wrkRan) {
            for (int connections : new int[] {16, 64}) {
                Wrk.Series healthy = wrkSeries.get("healthy-" + connections);
                Wrk.Series produce = wrkSeries.get("produce-1-" + connections);
                report.row(WRK, "`GET /healthy`, " + connections + " connections (wrk -t2)")
                        .value(healthy.rate, "req/s").detail(latency(healthy)).peer(59_000, "~59k req/s").done();
                report.row(WRK, "produce 1 record (100 B, binary) per request, " + connections + " connections (wrk -t2)")
                        .value(produce.rate, "req/s").detail(latency(produce))
                        .ceiling("`GET /healthy` (wrk)", healthy.rate, "req/s")
                        .targetRatio("≥ 50 % of healthy; ≥ 3× peer", r -> r >= 0.5)
                        .peer(connections == 16 ? 2_300 : 3_900, connections == 16 ? "~2,300 req/s, p99 14 ms" : "~3,900 req/s, p99 250 ms")
                        .done();
            }
        } else {
            report.notMeasured(WRK, "wrk rows", options.smoke() ? "smoke mode" : "wrk is not installed (benchmarks/run.sh installs it with apt-get when it can)");
        }

        Samples base = series.get("batch-binary-100").records;
        for (String name : List.of("scale-p6-100", "scale-p24-100")) {
            Series s = series.get(name);
            String partitions = name.equals("scale-p6-100") ? "6" : "24";
            report.row(SCALING, partitions + " partitions, 100 B records")
                    .value(s.records, "records/s").detail(s.latency())
                    .ceiling("1 partition, 100 B", base, "records/s").done();
        }
        for (String name : List.of("size-1k", "size-10k")) {
            Series s = series.get(name);
            int bytes = name.equals("size-1k") ? 1024 : 10 * 1024;
            report.row(SCALING, "1 partition, " + (bytes / 1024) + " KiB records")
                    .value(s.records, "records/s")
                    .detail(String.format(Locale.ROOT, "%s MB/s of values; %s", Report.number(s.records.median() * bytes / 1e6), s.latency()))
                    .ceiling("1 partition, 100 B", base, "records/s").done();
        }
        report.note(SCALING, "Produce rows: 100 records per request on 16 connections, as the batched produce rows. Records "
                + "without key or partition: all records of one request go to the next partition in rotation (Kafka's sticky "
                + "partitioner), so N partitions take N concurrent append streams. Ratios are against the 1-partition, 100 B "
                + "produce row of the same run.");
    }

    private static String latency(Wrk.Series s) {
        return String.format(Locale.ROOT, "p50 %s ms, p99 %s ms (%s–%s)", Report.number(s.p50.median()), Report.number(s.p99.median()),
                Report.number(s.p99.min()), Report.number(s.p99.max()));
    }

    private record Row1Peer(double figure, String text) {
    }

    /** Whether the consumer-group endpoints exist on this build of the platform. */
    private boolean consumeAvailable() {
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", server.port())) {
            int status = connection.exchange(Requests.get("/consumers"), false).status();
            return status != 404 && status != 405;
        } catch (IOException e) {
            return false;
        }
    }

    private void consume() throws IOException {
        if (!consumeAvailable()) {
            String why = "the consumer-group endpoints are not on this build's main yet (GET /consumers answers 404)";
            report.notMeasured(CONSUME, "consume 100 B records, fetch + commit", why);
            return;
        }
        int backlog = options.count(1_000_000, 2_000);
        List<String> formats = List.of("binary", "json");
        for (String format : formats) {
            ConsumeLoad.fill(server, "consume-" + format, format, backlog);
            ConsumeLoad.fill(server, "consume-group-" + format, format, backlog, GROUP_MEMBERS);
            ConsumeLoad.warmUp(server, "consume-" + format, format, backlog);
        }
        // The ceiling is measured beside each repetition (not taken from the produce rows minutes earlier): on this
        // shared machine the same row swings by 2x within minutes, and only rates measured side by side compare.
        Series beside = new Series();
        byte[] batch = Requests.post("/topics/batch", PlatformApi.BINARY_V2, PlatformApi.binaryBatch(100, 100));
        Map<String, Samples> rates = new LinkedHashMap<>();
        Map<String, Samples> fetches = new LinkedHashMap<>();
        for (int rep = 0; rep < options.repetitions(); rep++) {
            LoadResult produced = ClosedLoop.run(server.port(), 16, options.warmup(1), options.measure(), 100,
                    RequestSource.constant(batch)).requireMostlyOk("batch-binary-100 beside consume");
            beside.add(produced);
            System.out.printf(Locale.ROOT, "  rep %d batched produce beside consume %s%n", rep + 1, produced);
            for (String format : formats) {
                for (int members : new int[] {1, GROUP_MEMBERS}) {
                    String topic = members == 1 ? "consume-" + format : "consume-group-" + format;
                    String key = format + "/" + members;
                    ConsumeLoad.Result result = ConsumeLoad.run(server, topic, format, backlog,
                            "bench-" + format + "-" + members + "-" + rep, members);
                    rates.computeIfAbsent(key, k -> new Samples()).add(result.recordsPerSecond());
                    fetches.computeIfAbsent(key, k -> new Samples()).add(result.recordsPerFetch());
                }
            }
        }
        for (String format : formats) {
            consumeRates.put(format, rates.get(format + "/1"));
            for (int members : new int[] {1, GROUP_MEMBERS}) {
                String key = format + "/" + members;
                String who = members == 1 ? "1 consumer" : "group of " + members + " consumers, " + members + " partitions";
                report.row(CONSUME, "consume " + Report.number(backlog) + " records (100 B, " + format + "), " + who + ", fetch + commit each")
                        .value(rates.get(key), "records/s")
                        .detail(Report.number(fetches.get(key).median()) + " records per fetch; one commit per fetch"
                                + (members == 1 ? "" : "; members fetch in parallel, each on its own connection"))
                        .ceiling("batched produce (100 × 100 B binary, 16 connections) beside it", beside.records, "records/s")
                        .targetRatio("≥ 100 % of batched produce", r -> r >= 1.0)
                        .peer(130_000, "~130,000 records/s (JSON)").done();
            }
        }
        report.note(CONSUME, "Each repetition measures, one after the other: batched produce (the ceiling: 100 × 100 B binary per "
                + "request, 16 connections, as the produce row), then for each format one consumer instance of a fresh group "
                + "reading a single-partition topic, then a fresh group of " + GROUP_MEMBERS + " members reading a topic of "
                + GROUP_MEMBERS + " partitions (the same " + Report.number(backlog) + " records, spread evenly). Every member reads from "
                + "the earliest offset with long-poll fetches (timeout 200 ms, max_bytes 8 MiB) on its own keep-alive connection "
                + "and commits what it fetched after every fetch (no body: the v2 \"commit all fetched\" form); a group's rate runs "
                + "from the start to the fetch that completes the backlog. One unmeasured warm-up pass per format first. A single "
                + "consumer is one request at a time: the platform and the consumer take turns on the 2 cores; a group keeps both busy, "
                + "as the 16 producing connections do.");
    }

    private void latency() throws IOException {
        if (!consumeAvailable()) {
            report.notMeasured(LATENCY, "produce → long-poll consumer at 1,000 and 10,000 records/s",
                    "the consumer-group endpoints are not on this build's main yet");
            return;
        }
        new EndToEndLatency(options, report, server).run();
    }

    /** Consume records/s by format (binary, json); empty when the endpoints are missing. */
    public Map<String, Samples> consumeRates() {
        return consumeRates;
    }

    /** All figures by name, for other sections. */
    public Map<String, Series> series() {
        return series;
    }
}
