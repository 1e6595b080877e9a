package io.tributary.benchmarks.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import io.tributary.benchmarks.http.HttpConnection;
import io.tributary.benchmarks.http.PlatformApi;
import io.tributary.benchmarks.http.PlatformServer;
import io.tributary.benchmarks.services.FixedRate;
import io.tributary.benchmarks.services.PostgresDatabase;
import io.tributary.benchmarks.services.ServiceProcess;
import io.tributary.benchmarks.services.TopicReader;
import io.tributary.outbox.CommittedRows;
import io.tributary.outbox.OutboxNotifier;
import io.tributary.outbox.OutboxShard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The outbox relay ({@code outbox-relay} exec jar, standalone, default settings) between a fresh PostgreSQL
 * database and the platform (both child processes). Per repetition, on a new database:
 * <ol>
 * <li>the relay starts once to migrate its schema, and stops;</li>
 * <li><b>ceiling</b>: the backlog is inserted while no relay runs — PostgreSQL's insert rate of these rows;</li>
 * <li><b>drain</b>: the relay starts again; the platform's end offsets are polled every 10 ms, and the rate is
 *     taken from the last poll that found the topic empty to the first that finds every event (the relay's JVM
 *     start-up is reported apart); then the
 *     whole topic is read back and every event must be there exactly once, in order within its aggregate;</li>
 * <li><b>latency</b>: with the relay running, rows are inserted at a fixed 1,000 per second (open loop, one
 *     transaction each), each carrying the time it was due; a long-poll consumer measures due → in its hands, after a
 *     warm-up at that rate ({@link #LIVE_WARMUP_SECONDS}: the steady state rather than the JIT's warm-up).</li>
 * </ol>
 */
public final class RelaySection {

    public static final String SECTION = "Outbox relay (PostgreSQL outbox → platform, standalone relay in a child process)";

    private static final int PARTITIONS = 3;
    private static final int EVENTS_PER_AGGREGATE = 10;
    private static final int LATENCY_RATE = 1_000;
    /** Seconds at the live rate before the latency is measured (the steady state, not the relay's JIT warm-up). */
    private static final int LIVE_WARMUP_SECONDS = 60;
    /** The relay's default {@code tributary.outbox.shards}. */
    private static final int RELAY_SHARDS = 1;

    private final SuiteOptions options;
    private final Report report;
    private final Samples insertRate = new Samples();
    private final Samples drainRate = new Samples();
    private final Samples launchToDrained = new Samples();
    private final Samples p50 = new Samples();
    private final Samples p99 = new Samples();
    private final Samples p999 = new Samples();
    private final Samples insertP99 = new Samples();
    private final Samples dueP99 = new Samples();
    private final Samples toAppendP50 = new Samples();
    private final Samples toAppendP99 = new Samples();
    private final Samples appendToConsumerP50 = new Samples();
    private final Samples appendToConsumerP99 = new Samples();
    private final Samples relayCpu = new Samples();
    private final Samples relayJitCpu = new Samples();
    private final Samples relayBackendCpu = new Samples();
    private final Samples claimsPerThousand = new Samples();
    private final Samples requestsPerThousand = new Samples();
    private final List<String> checks = new ArrayList<>();

    public RelaySection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    public void run() throws IOException {
        String drainRow = "outbox relay: events/s drained from a " + Report.number(backlog()) + "-row backlog";
        String latencyRow = "outbox relay: commit → published p99 at " + Report.number(LATENCY_RATE) + " events/s";
        String unavailable = PostgresDatabase.unavailable();
        if (unavailable != null) {
            report.notMeasured(SECTION, drainRow, unavailable);
            report.notMeasured(SECTION, latencyRow, unavailable);
            return;
        }
        Path data = Files.createTempDirectory(options.workDir(), "relay");
        try (PlatformServer platform = PlatformServer.start(options.env(), options.serverJavaHome(), data,
                options.workDir().resolve("logs"), List.of(), List.of())) {
            for (int rep = 0; rep < options.repetitions(); rep++) {
                repetition(platform, rep);
            }
        } finally {
            TempDirs.delete(data);
        }
        report.row(SECTION, drainRow)
                .value(drainRate, "events/s")
                .ceiling("PostgreSQL insert of the same rows", insertRate, "rows/s")
                .targetValue("≥ 20,000 events/s", v -> v >= 20_000)
                .detail("relay launch → all published " + Report.number(launchToDrained.median()) + " s (JVM start-up included); "
                        + String.join("; ", checks.stream().distinct().toList()))
                .done();
        report.row(SECTION, latencyRow)
                .value(p99, "ms")
                .targetValue("p99 < 50 ms", v -> v < 50)
                .detail(String.format(Locale.ROOT, "p50 %s ms, p99.9 %s ms; of which commit → log-append (the relay) p50 %s ms"
                                + " p99 %s ms, log-append → consumer (the fetch) p50 %s ms p99 %s ms; from when each insert was due"
                                + " (open loop, coordinated-omission corrected) p99 %s ms, of which the insert's own wait and commit"
                                + " p99 %s ms",
                        Report.number(p50.median()), Report.number(p999.median()), Report.number(toAppendP50.median()),
                        Report.number(toAppendP99.median()), Report.number(appendToConsumerP50.median()),
                        Report.number(appendToConsumerP99.median()), Report.number(dueP99.median()),
                        Report.number(insertP99.median())) + String.format(Locale.ROOT, "; CPU per 1,000 events: relay %s ms,"
                                + " (of which its JIT compiler threads %s ms), its PostgreSQL backends %s ms; per 1,000 events %s claim"
                                + " queries and %s produce requests",
                        Report.number(relayCpu.median()), Report.number(relayJitCpu.median()), Report.number(relayBackendCpu.median()),
                        Report.number(claimsPerThousand.median()), Report.number(requestsPerThousand.median())))
                .done();
        report.note(SECTION, "The relay runs from its executable jar with its defaults (" + RELAY_SHARDS + " shard, batches of 500 rows, "
                + "`sent-rows: delete`), on a fresh PostgreSQL database per repetition, publishing to a topic of " + PARTITIONS
                + " partitions of a platform in another child process. Rows look like the order sample's `OrderCreated` "
                + "(~300-byte JSON payload, key = order id, " + EVENTS_PER_AGGREGATE + " events per aggregate) and are written "
                + "with `OutboxWriter`'s INSERT, so the position trigger runs. *Ceiling*: the backlog inserted "
                + "while no relay runs, in JDBC batches of 500 rows, one transaction per batch, one connection. *Drain*: "
                + "the relay is started on the backlog; the platform's end offsets are polled every 10 ms and the rate is "
                + "taken from the last poll that found the topic empty to the first that finds every event (the relay's own "
                + "start-up is in the detail); then the "
                + "topic is read back and every event must be there exactly once and in order within its aggregate. "
                + "*Latency*: rows inserted at a fixed " + Report.number(LATENCY_RATE) + " per second by 16 connections, one "
                + "transaction each (open loop), each followed, as `OutboxWriter` does, by the relay's `OutboxNotifier` "
                + "(NOTIFY after the commit, naming the row's shard and position); one long-poll consumer (binary, timeout 1 s) measures "
                + "from the commit (noted when the insert returned) to when it holds the event: the relay's wake-up, claim, "
                + "produce and completion and the fetch all count. The detail splits it at the record's log-append time "
                + "(platform clock, epoch ms; same machine): commit → log-append is the relay's part, log-append → consumer "
                + "the platform's fetch and the consumer's own loop. The detail also gives the latency from when each insert was due, "
                + "which adds PostgreSQL's commit wait on this machine (coordinated-omission corrected). " + LIVE_WARMUP_SECONDS
                + " s warm-up at the live rate, 6 s measured: a relay in production runs at its rate for hours, and the drain "
                + "before this phase warms other paths (500-row batches): the relay's JIT compilers took 174 ms per 1,000 events "
                + "in the measured window after 2 s, 116–199 ms after 12 s and 70–75 ms after 60 s (see benchmarks/findings.md, "
                + "branches relay-p99 and relay-lockfree); its JIT CPU is still reported apart. "
                + "PostgreSQL, the platform, the relay and the generator share the 2 cores.");
    }

    private int backlog() {
        return options.count(100_000, 2_000);
    }

    private void repetition(PlatformServer platform, int rep) throws IOException {
        PlatformApi api = platform.api();
        String backlogTopic = "relay-backlog-" + rep;
        String liveTopic = "relay-live-" + rep;
        api.createTopic(backlogTopic, PARTITIONS);
        api.createTopic(liveTopic, PARTITIONS);
        int backlog = backlog();
        try (PostgresDatabase database = PostgresDatabase.create("bench_relay")) {
            List<String> args = new ArrayList<>(database.springArgs());
            args.add("--tributary.outbox.platform-url=http://127.0.0.1:" + platform.port());
            args.add("--tributary.outbox.topics.order=" + backlogTopic);
            args.add("--tributary.outbox.topics.live=" + liveTopic);
            // The relay migrates its schema at start-up: start it once on the empty database, then stop it.
            try (ServiceProcess relay = ServiceProcess.start("outbox-relay", relayJar(), options.serverJavaHome(), logs(), args)) {
                System.out.printf(Locale.ROOT, "  rep %d relay migrated %s (pid %d)%n", rep + 1, database.name(), relay.pid());
            }
            double seconds;
            try (Connection connection = database.connect()) {
                seconds = OutboxRows.insertBacklog(connection, "order", backlog, backlog / EVENTS_PER_AGGREGATE, 500);
            } catch (SQLException e) {
                throw new IllegalStateException("Inserting the backlog failed: " + e.getMessage(), e);
            }
            insertRate.add(backlog / seconds);
            System.out.printf(Locale.ROOT, "  rep %d inserted %,d rows in %.2f s: %,.0f rows/s%n", rep + 1, backlog, seconds, backlog / seconds);

            try (ServiceProcess relay = ServiceProcess.launch("outbox-relay", relayJar(), options.serverJavaHome(), logs(), args)) {
                drain(api, backlogTopic, backlog, relay, rep);
                checks.add(OutboxRows.verifyPublished(api, backlogTopic, backlog));
                relay.awaitReady();
                latency(api, database, liveTopic, rep, relay);
            }
        }
    }

    private void drain(PlatformApi api, String topic, int backlog, ServiceProcess relay, int rep) throws IOException {
        // From the last poll that saw the topic empty (at most one poll interval before the first event) to the first
        // poll that sees every event: conservative by up to 10 ms, and defined even when a small backlog drains at once.
        long lastEmpty = relay.launchedNanos();
        long last = 0;
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(options.smoke() ? 3 : 10).toNanos();
        try (HttpConnection connection = HttpConnection.open("127.0.0.1", api.port())) {
            while (count < backlog) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The relay published " + count + " of " + backlog + " events in time; see " + relay.log());
                }
                long now = System.nanoTime();
                count = TopicReader.endOffsets(connection, topic, PARTITIONS);
                if (count == 0) {
                    lastEmpty = now;
                }
                last = System.nanoTime();
                if (count < backlog) {
                    PlatformServer.pause(Duration.ofMillis(10));
                }
            }
        }
        if (count != backlog) {
            throw new IllegalStateException("The topic holds " + count + " events for " + backlog + " rows: duplicates");
        }
        double rate = count / Math.max(1e-3, (last - lastEmpty) / 1e9);
        drainRate.add(rate);
        launchToDrained.add((last - relay.launchedNanos()) / 1e9);
        System.out.printf(Locale.ROOT, "  rep %d drained %,d events: %,.0f events/s (first event %.1f s after launch, last %.1f s)%n",
                rep + 1, count, rate, (lastEmpty - relay.launchedNanos()) / 1e9, (last - relay.launchedNanos()) / 1e9);
    }

    private void latency(PlatformApi api, PostgresDatabase database, String topic, int rep, ServiceProcess relay) {
        Duration warmup = options.smoke() ? Duration.ofMillis(200) : liveWarmup();
        Duration measure = options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(6);
        FixedRate schedule = new FixedRate(LATENCY_RATE, warmup, measure);
        long expected = Math.round((warmup.toNanos() + measure.toNanos()) / 1e9 * LATENCY_RATE);
        Histogram endToEnd = new Histogram(3_600_000_000L, 3);
        Histogram fromDue = new Histogram(3_600_000_000L, 3);
        AtomicLongArray committedAt = new AtomicLongArray((int) expected + 1_000);
        // The breakdown uses the record's log-append time, which the platform stamps in epoch milliseconds: so the
        // commit and the receipt are also noted on the wall clock (same machine, same clock), at 1 ms resolution.
        AtomicLongArray committedAtMillis = new AtomicLongArray((int) expected + 1_000);
        Histogram commitToAppend = new Histogram(3_600_000L, 3);
        Histogram appendToConsumer = new Histogram(3_600_000L, 3);
        AtomicBoolean inserting = new AtomicBoolean(true);
        AtomicLong received = new AtomicLong();
        AtomicReference<RuntimeException> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (TopicReader consumer = TopicReader.open(api, "relay-latency-" + rep, topic, Duration.ofSeconds(1))) {
                int idle = 0;
                while (idle < 3 && (inserting.get() || received.get() < expected)) {
                    List<TopicReader.Record> records = consumer.poll();
                    long now = System.nanoTime();
                    long nowMillis = System.currentTimeMillis();
                    idle = records.isEmpty() && !inserting.get() ? idle + 1 : 0;
                    for (TopicReader.Record record : records) {
                        JsonNode value = record.valueJson();
                        long due = value.path("due").asLong();
                        long committed = committedAt.get(value.path("seq").asInt());
                        long committedMillis = committedAtMillis.get(value.path("seq").asInt());
                        received.incrementAndGet();
                        if (due >= schedule.measureFrom()) {
                            // The event may be here before its inserter noted the commit: then it took no time at all.
                            endToEnd.recordValue(Math.max(1, (now - (committed == 0 ? now : committed)) / 1000));
                            fromDue.recordValue(Math.max(1, (now - due) / 1000));
                            if (committedMillis != 0) {
                                commitToAppend.recordValue(Math.max(0, record.timestamp() - committedMillis));
                            }
                            appendToConsumer.recordValue(Math.max(0, nowMillis - record.timestamp()));
                        }
                    }
                }
            } catch (RuntimeException e) {
                readerFailure.set(e);
            }
        }, "relay-latency-consumer");
        reader.start();
        // CPU the relay spends per event (its JVM, and PostgreSQL's backends serving its connections): less noisy on a
        // loaded machine than the latency, and what fewer claims or round trips should lower.
        List<Long> backends = RelayAccounting.relayBackends(database);
        long[] countsBefore = RelayAccounting.relayCounts(database);
        double relayCpuBefore = RelayAccounting.cpuSeconds(List.of(relay.pid()));
        Map<String, Long> relayJitBefore = RelayAccounting.compilerTicks(relay.pid());
        double backendCpuBefore = RelayAccounting.cpuSeconds(backends);
        int workers = 16;
        Connection[] connections = new Connection[workers];
        PreparedStatement[] inserts = new PreparedStatement[workers];
        AtomicLong seq = new AtomicLong();
        FixedRate.Result inserted;
        // After each commit the writer wakes the relay as OutboxWriter does: NOTIFY from outside the transaction, naming
        // the row's shard (the relay runs with its default shard count) and position.
        try (OutboxNotifier notifier = new OutboxNotifier(database.dataSource(), RELAY_SHARDS, OutboxNotifier.LocalRelay.NONE)) {
            for (int w = 0; w < workers; w++) {
                connections[w] = database.connect();
                inserts[w] = connections[w].prepareStatement(OutboxRows.INSERT_RETURNING_POSITION);
            }
            inserted = schedule.run(workers, (worker, due) -> {
                long j = seq.getAndIncrement();
                OutboxRows.bind(inserts[worker], "live", j, j % 1_000, j / 1_000, due);
                long position;
                try (ResultSet returned = inserts[worker].executeQuery()) {
                    returned.next();
                    position = returned.getLong(1);
                }
                committedAt.set((int) j, System.nanoTime());
                committedAtMillis.set((int) j, System.currentTimeMillis());
                notifier.committed(new CommittedRows().add(
                        OutboxShard.of("live", OutboxRows.aggregateId(j % 1_000), RELAY_SHARDS), position));
            }).requireMostlyOk("outbox inserts");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            inserting.set(false);
            for (Connection connection : connections) {
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
        try {
            reader.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double perThousand = 1_000.0 / Math.max(1, received.get());
        double relayCpuMs = (RelayAccounting.cpuSeconds(List.of(relay.pid())) - relayCpuBefore) * 1_000 * perThousand;
        double backendCpuMs = (RelayAccounting.cpuSeconds(backends) - backendCpuBefore) * 1_000 * perThousand;
        relayCpu.add(relayCpuMs);
        // The relay's first seconds at a low rate after the drain: still compiling what that rate runs (small
        // batches, wake-ups), which the steady state would not pay; shown so the rest can be compared.
        double relayJitMs = RelayAccounting.compilerSecondsSince(relay.pid(), relayJitBefore) * 1_000 * perThousand;
        relayJitCpu.add(relayJitMs);
        relayBackendCpu.add(backendCpuMs);
        // PostgreSQL's statistics reach the views up to a second after each transaction.
        PlatformServer.pause(Duration.ofMillis(1_500));
        long[] countsAfter = RelayAccounting.relayCounts(database);
        double claims = (countsAfter[0] - countsBefore[0]) * perThousand;
        double requests = (countsAfter[1] - countsBefore[1]) * perThousand;
        claimsPerThousand.add(claims);
        requestsPerThousand.add(requests);
        if (readerFailure.get() != null) {
            throw readerFailure.get();
        }
        if (endToEnd.getTotalCount() == 0) {
            throw new IllegalStateException("The latency consumer received no event of the measured window");
        }
        p50.add(endToEnd.getValueAtPercentile(50) / 1000.0);
        p99.add(endToEnd.getValueAtPercentile(99) / 1000.0);
        p999.add(endToEnd.getValueAtPercentile(99.9) / 1000.0);
        insertP99.add(inserted.percentileMillis(99));
        dueP99.add(fromDue.getValueAtPercentile(99) / 1000.0);
        toAppendP50.add(commitToAppend.getValueAtPercentile(50));
        toAppendP99.add(commitToAppend.getValueAtPercentile(99));
        appendToConsumerP50.add(appendToConsumer.getValueAtPercentile(50));
        appendToConsumerP99.add(appendToConsumer.getValueAtPercentile(99));
        System.out.printf(Locale.ROOT, "  rep %d latency at %,d/s: %,d events, commit → consumer p50 %.2f ms p99 %.2f ms p99.9 %.2f ms;"
                        + " due → consumer p99 %.2f ms (inserts %s); commit → log-append p50 %d ms p99 %d ms,"
                        + " log-append → consumer p50 %d ms p99 %d ms; CPU per 1,000 events: relay %.0f ms (JIT %.0f ms), its %d PostgreSQL"
                        + " backends %.0f ms; per 1,000 events: %.0f claims, %.0f produce requests%n",
                rep + 1, LATENCY_RATE, endToEnd.getTotalCount(), endToEnd.getValueAtPercentile(50) / 1000.0,
                endToEnd.getValueAtPercentile(99) / 1000.0, endToEnd.getValueAtPercentile(99.9) / 1000.0,
                fromDue.getValueAtPercentile(99) / 1000.0, inserted, commitToAppend.getValueAtPercentile(50),
                commitToAppend.getValueAtPercentile(99), appendToConsumer.getValueAtPercentile(50),
                appendToConsumer.getValueAtPercentile(99), relayCpuMs, relayJitMs, backends.size(), backendCpuMs, claims,
                requests);
    }

    /** The warm-up at the live rate before the measured window; {@code -Drelay.warmup.seconds=N} overrides it. */
    private static Duration liveWarmup() {
        return Duration.ofSeconds(Integer.getInteger("relay.warmup.seconds", LIVE_WARMUP_SECONDS));
    }

    private Path relayJar() {
        return options.env().execJar("relay.exec.jar");
    }

    private Path logs() {
        return options.workDir().resolve("logs");
    }
}
