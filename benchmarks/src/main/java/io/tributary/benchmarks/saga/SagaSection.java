package io.tributary.benchmarks.saga;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import io.tributary.benchmarks.engine.TempDirs;
import io.tributary.benchmarks.http.HttpConnection;
import io.tributary.benchmarks.http.PlatformApi;
import io.tributary.benchmarks.http.PlatformServer;
import io.tributary.benchmarks.services.FixedRate;
import io.tributary.benchmarks.services.PostgresDatabase;
import io.tributary.benchmarks.services.ServerActivity;
import io.tributary.benchmarks.services.ServiceProcess;
import io.tributary.benchmarks.services.TopicReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The choreographed saga end to end: the platform, payment-sample and order-sample from their executable jars
 * (each sample with its embedded outbox relay, on a fresh PostgreSQL database), orders placed over
 * {@code POST /orders}. An order is <em>decided</em> when order-sample has stored it APPROVED or REJECTED
 * ({@link DecisionWatcher}). One stack for the whole section, warmed up until its closed-loop rate stops rising
 * (the JIT compilers of three JVMs take minutes on 2 cores, and the services run for hours in production); then
 * per repetition: open loop at a low rate and at the target rate (latency from the time each order was due to its
 * decision), then a closed loop for the most orders per second the system decides. Where the time goes is read
 * back from the topics afterwards: the log-append times of {@code OrderCreated} and of the payment verdict split
 * each order's latency into its three hops.
 */
public final class SagaSection {

    public static final String SECTION = "Saga: order-sample + payment-sample (child processes, PostgreSQL, HTTP)";

    private static final int OPEN_LOOP_WORKERS = 16;

    private final SuiteOptions options;
    private final Report report;
    private final long nano0 = System.nanoTime();
    private final long wall0 = System.currentTimeMillis();
    private final Map<Integer, Latency> latencies = new LinkedHashMap<>();
    /** The target rate again with each connection's orders {@link FixedRate.Dispatch#IN_TURN}, as wrk2 paces them. */
    private final Latency inTurnAtTarget = new Latency();
    private final Samples decidedRate = new Samples();
    private final Samples placedRate = new Samples();
    private final Samples closedP99 = new Samples();
    private final Samples rejectedShare = new Samples();
    /** PostgreSQL's WAL per order placed in each closed loop, KiB. */
    private final Samples closedWalKib = new Samples();
    /** Checkpoints the server started during each repetition's closed loop. */
    private final List<Long> closedCheckpoints = new ArrayList<>();
    /** Set by {@link #measure()}. */
    private SagaWarmUp warmUp = new SagaWarmUp(List.of(0.0), Duration.ZERO);

    /** The repetitions of one open-loop rate. */
    private static final class Latency {
        final Samples p50 = new Samples();
        final Samples p99 = new Samples();
        final Samples p999 = new Samples();
        final Samples placeP99 = new Samples();
        /** The decision observer's slowest poll in each repetition: how late it may have seen a decision. */
        final Samples slowestPoll = new Samples();
        /** Checkpoints the server started during each repetition of this rate. */
        final List<Long> checkpoints = new ArrayList<>();
        /** Per hop, its p50 and its p99 of each repetition. */
        final Map<String, Samples> hopP50 = new LinkedHashMap<>();
        final Map<String, Samples> hopP99 = new LinkedHashMap<>();
        long undecided;
    }

    public SagaSection(SuiteOptions options, Report report) {
        this.options = options;
        this.report = report;
    }

    private int[] rates() {
        return options.smoke() ? new int[] {20, 50} : new int[] {100, 500};
    }

    public void run() throws IOException {
        int target = rates()[1];
        String throughputRow = "saga: orders/s fully decided (APPROVED/REJECTED), closed loop, " + OrderPlacer.CLOSED_LOOP_CONNECTIONS + " connections";
        String unavailable = PostgresDatabase.unavailable();
        if (unavailable != null) {
            report.notMeasured(SECTION, throughputRow, unavailable);
            report.notMeasured(SECTION, "saga: p99 order latency create → decided", unavailable);
            return;
        }
        measure();
        report.row(SECTION, throughputRow)
                .value(decidedRate, "orders/s")
                .targetValue("≥ 500 orders/s", v -> v >= 500)
                .detail(String.format(Locale.ROOT, "placed at %s orders/s; p99 create → decided under this load %s ms; %s %% rejected; "
                                + "warm-up %d s in %d windows, decided per second from %s (first window after start) to %s (last); "
                                + "PostgreSQL wrote %s KiB of WAL per order and started %s checkpoint(s) during the closed loops",
                        Report.number(placedRate.median()), Report.number(closedP99.median()), Report.number(100 * rejectedShare.median()),
                        warmUp.took().toSeconds(), warmUp.rates().size(), Report.number(warmUp.first()), Report.number(warmUp.last()),
                        Report.number(closedWalKib.median()), checkpointsPerRepetition(closedCheckpoints)))
                .done();
        for (int rate : rates()) {
            Latency latency = latencies.get(rate);
            StringBuilder detail = new StringBuilder(String.format(Locale.ROOT,
                    "p50 %s ms, p99.9 %s ms; `POST /orders` p99 %s ms; the observer's slowest poll %s ms",
                    Report.number(latency.p50.median()), Report.number(latency.p999.median()),
                    Report.number(latency.placeP99.median()), Report.number(latency.slowestPoll.max())));
            detail.append("; checkpoints started per repetition ").append(checkpointsPerRepetition(latency.checkpoints));
            if (latency.undecided > 0) {
                detail.append("; ").append(latency.undecided).append(" orders undecided after 2 minutes, counted at that age");
            }
            if (!latency.hopP50.isEmpty()) {
                detail.append("; hops p50/p99: ").append(String.join(", ", latency.hopP50.keySet().stream()
                        .map(hop -> hop + " " + Report.number(latency.hopP50.get(hop).median()) + "/"
                                + Report.number(latency.hopP99.get(hop).median()) + " ms")
                        .toList()));
            }
            if (rate == target) {
                detail.append(String.format(Locale.ROOT, "; with each connection's orders in turn (as wrk2 paces a connection): p99 %s ms, "
                        + "`POST /orders` p99 %s ms", Report.number(inTurnAtTarget.p99.median()), Report.number(inTurnAtTarget.placeP99.median())));
            }
            Report.Row row = report.row(SECTION, "saga: p99 order latency create → decided at " + rate + " orders/s (open loop)")
                    .value(latency.p99, "ms")
                    .detail(detail.toString());
            if (rate == target) {
                row.targetValue("p99 < 250 ms", v -> v < 250);
            }
            row.done();
        }
        report.note(SECTION, "One platform, payment-sample and order-sample for the whole section (executable jars, default "
                + "settings: topics of 3 partitions, 3 consumer-group members per service (one per partition) applying each fetched "
                + "batch in one transaction, the read model's one member, the embedded outbox relay with its default one shard), each "
                + "sample on a new PostgreSQL database. " + OrderPlacer.CUSTOMERS + " customer accounts are opened over `POST /accounts`; "
                + "every fifth is empty, so about 20 % of the orders are REJECTED (INSUFFICIENT_FUNDS) and the rest APPROVED — "
                + "both paths of the saga run. Orders (one line, 12.50 EUR) go to `POST /orders`. *Decided* means order-sample "
                + "has stored the order APPROVED or REJECTED: the benchmark polls order-sample's database for the orders still "
                + "outstanding (by primary key) every 5 ms, or less often when more than 100 are outstanding so that it looks "
                + "up at most 20,000 orders a second (it shares PostgreSQL and the cores with the saga), so a decision is "
                + "seen at most ~5 ms late near the targets (50 ms late with 1,000 orders outstanding), plus one poll (the slowest "
                + "poll of each rate is in its detail). *Open loop*: orders "
                + "are due at a fixed rate whatever the answers do, each placed by the next free of " + OPEN_LOOP_WORKERS
                + " connections (orders of different customers do not wait for each other; one waits only while all "
                + OPEN_LOOP_WORKERS + " are busy), and latency runs from when an order was due to when it was seen decided "
                + "(coordinated-omission corrected); "
                + (options.smoke() ? "" : "1 s + 6 s measured at 100/s and 1 s + 8 s at 500/s; ")
                + "at " + rates()[1] + "/s the detail also gives the p99 with each connection placing its own orders in turn "
                + "(orders c, c + " + OPEN_LOOP_WORKERS + ", … on connection c, as wrk2 paces a connection), measured in the same "
                + "repetitions (the two phases alternate which goes first), where one slow answer also delays the orders queued "
                + "behind it on its connection; "
                + "after each rate the benchmark waits until every order is decided, and before each rate until every consumer "
                + "group of the stack has consumed every record (`GET /consumers/{group}/lag`: every order decided does not "
                + "mean the read model has consumed its events). *Warm-up*, before the first repetition "
                + "and not measured: " + SagaWarmUp.describeRule() + ": the JIT compilers of three "
                + "JVMs take minutes on 2 shared cores (CPU per order fell from 24 ms 25 s after start to 9.6 ms after 300 s "
                + "on this host; benchmarks/findings.md), and services run for hours; the first window's rate, the "
                + "cold stack's, is in the detail. *Closed loop*: "
                + OrderPlacer.CLOSED_LOOP_CONNECTIONS + " connections place orders back to back for 8 s; the rate is the orders placed "
                + "over the time from the first `POST` to the last decision. *Hops* (at each open-loop rate), from the platform's "
                + "log-append times read back from the topics: order due → `OrderCreated` in `orders.events` (the order "
                + "service's request and its outbox relay); → payment verdict in `payments.events` (the payment service's "
                + "consumer, its transaction and its relay); → order decided (the order service's consumer). *PostgreSQL*: the "
                + "server's WAL written and checkpoints started during each phase (`pg_current_wal_lsn()`, the checkpoint "
                + "counters), because a checkpoint makes the same transactions write whole pages into the WAL: it is a suspect "
                + "for the spread between repetitions. The platform, both services, PostgreSQL and the generator share the 2 cores.");
    }

    /** Starts the stack, warms it up, then runs every repetition on it. */
    private void measure() throws IOException {
        Path data = Files.createTempDirectory(options.workDir(), "saga");
        try (PlatformServer platform = PlatformServer.start(options.env(), options.serverJavaHome(), data, logs(), List.of(), List.of());
                PostgresDatabase orders = PostgresDatabase.create("bench_orders");
                PostgresDatabase payments = PostgresDatabase.create("bench_payments")) {
            String platformUrl = "http://127.0.0.1:" + platform.port();
            List<String> paymentArgs = new ArrayList<>(payments.springArgs());
            paymentArgs.add("--tributary.payments.platform-url=" + platformUrl);
            List<String> orderArgs = new ArrayList<>(orders.springArgs());
            orderArgs.add("--tributary.orders.platform-url=" + platformUrl);
            try (ServiceProcess payment = ServiceProcess.launch("payment-sample", options.env().execJar("payment.exec.jar"),
                    options.serverJavaHome(), logs(), paymentArgs);
                    ServiceProcess order = ServiceProcess.launch("order-sample", options.env().execJar("order.exec.jar"),
                            options.serverJavaHome(), logs(), orderArgs)) {
                payment.awaitReady();
                order.awaitReady();
                OrderPlacer.openAccounts(payment.port());
                try (DecisionWatcher watcher = new DecisionWatcher(orders)) {
                    OrderPlacer placer = new OrderPlacer(order.port(), watcher);
                    warmUp = SagaWarmUp.run(placer, options.smoke());
                    for (int rep = 0; rep < options.repetitions(); rep++) {
                        repetition(placer, platform.api(), rep);
                    }
                }
                outcomes(orders);
            }
        } finally {
            TempDirs.delete(data);
        }
    }


    private void repetition(OrderPlacer placer, PlatformApi api, int rep) {
        int[] rates = rates();
        Duration measure = options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(6);
        awaitCaughtUp(api, rates[0], rep);
        List<DecisionWatcher.Order> atLow = openLoop(placer, rates[0], options.smoke() ? Duration.ofMillis(100) : Duration.ofSeconds(1),
                measure, rep, FixedRate.Dispatch.NEXT_FREE);
        Duration targetWarmup = options.smoke() ? Duration.ofMillis(100) : Duration.ofSeconds(1);
        Duration targetMeasure = options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(8);
        boolean inTurnFirst = rep % 2 == 1;
        if (inTurnFirst) {
            awaitCaughtUp(api, rates[1], rep);
            openLoop(placer, rates[1], targetWarmup, targetMeasure, rep, FixedRate.Dispatch.IN_TURN);
        }
        awaitCaughtUp(api, rates[1], rep);
        List<DecisionWatcher.Order> atTarget = openLoop(placer, rates[1], targetWarmup, targetMeasure, rep, FixedRate.Dispatch.NEXT_FREE);
        if (!inTurnFirst) {
            awaitCaughtUp(api, rates[1], rep);
            openLoop(placer, rates[1], targetWarmup, targetMeasure, rep, FixedRate.Dispatch.IN_TURN);
        }
        closedLoop(placer, options.smoke() ? Duration.ofMillis(500) : Duration.ofSeconds(8), rep);
        hops(api, Map.of(rates[0], atLow, rates[1], atTarget), placer.placed());
    }

    /**
     * Before an open-loop phase: every consumer group has consumed what the phase before produced (all orders are
     * decided by then, which does not mean the read model has consumed the events of those decisions).
     */
    private static void awaitCaughtUp(PlatformApi api, int rate, int rep) {
        long start = System.nanoTime();
        long lag = ConsumerLag.awaitCaughtUp(api, Duration.ofMinutes(2));
        System.out.printf(Locale.ROOT, "  rep %d before %d/s: consumer groups %,d records behind, caught up in %.1f s%n", rep + 1, rate, lag,
                (System.nanoTime() - start) / 1e9);
    }

    /** Orders due at {@code rate} per second; returns the measured ones once all are decided (or 2 minutes passed). */
    private List<DecisionWatcher.Order> openLoop(OrderPlacer placer, int rate, Duration warmup, Duration measure, int rep,
            FixedRate.Dispatch dispatch) {
        FixedRate schedule = new FixedRate(rate, warmup, measure);
        HttpConnection[] connections = new HttpConnection[OPEN_LOOP_WORKERS];
        List<DecisionWatcher.Order> measured = Collections.synchronizedList(new ArrayList<>());
        placer.watcher().slowestPollMillis(); // from here on
        ServerActivity before = ServerActivity.now();
        FixedRate.Result result;
        try {
            result = schedule.run(OPEN_LOOP_WORKERS, dispatch, (worker, due) -> {
                if (connections[worker] == null) {
                    connections[worker] = placer.connect();
                }
                DecisionWatcher.Order order;
                try {
                    order = placer.place(connections[worker], due);
                } catch (IOException e) {
                    connections[worker].close();
                    connections[worker] = null;
                    throw e;
                }
                if (due >= schedule.measureFrom()) {
                    measured.add(order);
                }
            }).requireMostlyOk("POST /orders at " + rate + "/s");
        } finally {
            for (HttpConnection connection : connections) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
        boolean all = placer.watcher().awaitAllDecided(Duration.ofMinutes(2));
        ServerActivity server = ServerActivity.now().since(before);
        long now = System.nanoTime();
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        long undecided = 0;
        for (DecisionWatcher.Order order : measured) {
            long decided = order.decidedNanos;
            if (decided == 0) {
                undecided++;
                decided = now;
            }
            histogram.recordValue(Math.max(1, (decided - order.dueNanos) / 1000));
        }
        Latency latency = dispatch == FixedRate.Dispatch.IN_TURN ? inTurnAtTarget : latencies.computeIfAbsent(rate, r -> new Latency());
        latency.p50.add(histogram.getValueAtPercentile(50) / 1000.0);
        latency.p99.add(histogram.getValueAtPercentile(99) / 1000.0);
        latency.p999.add(histogram.getValueAtPercentile(99.9) / 1000.0);
        latency.placeP99.add(result.percentileMillis(99));
        double slowestPoll = placer.watcher().slowestPollMillis();
        latency.slowestPoll.add(slowestPoll);
        latency.undecided += undecided;
        latency.checkpoints.add(server.checkpoints());
        System.out.printf(Locale.ROOT, "  rep %d saga at %d/s, %s: %,d orders, decided p50 %.1f ms p99 %.1f ms p99.9 %.1f ms%s (POST %s; slowest poll %.1f ms; "
                        + "PostgreSQL: %s)%n",
                rep + 1, rate, dispatch == FixedRate.Dispatch.IN_TURN ? "in turn" : "next free", measured.size(), histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getValueAtPercentile(99.9) / 1000.0, all ? "" : ", " + undecided + " undecided", result, slowestPoll,
                server.describe(result.done(), "order"));
        return measured;
    }

    /** Connections placing orders back to back; the rate is orders placed over first POST → last decision. */
    private void closedLoop(OrderPlacer placer, Duration duration, int rep) {
        long start = System.nanoTime();
        ServerActivity before = ServerActivity.now();
        OrderPlacer.BackToBack run = placer.backToBack(duration);
        ServerActivity server = ServerActivity.now().since(before);
        List<DecisionWatcher.Order> orders = run.orders();
        long placingEnded = run.placingEnded();
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (DecisionWatcher.Order order : orders) {
            histogram.recordValue(Math.max(1, (order.decidedNanos - order.dueNanos) / 1000));
        }
        double decided = run.decidedPerSecond(start);
        decidedRate.add(decided);
        placedRate.add(orders.size() / ((placingEnded - start) / 1e9));
        closedP99.add(histogram.getValueAtPercentile(99) / 1000.0);
        closedWalKib.add(server.walKibPer(orders.size()));
        closedCheckpoints.add(server.checkpoints());
        System.out.printf(Locale.ROOT, "  rep %d saga closed loop: %,d orders placed at %,.0f/s, all decided at %,.0f/s (p99 %.0f ms; PostgreSQL: %s)%n",
                rep + 1, orders.size(), orders.size() / ((placingEnded - start) / 1e9), decided,
                histogram.getValueAtPercentile(99) / 1000.0, server.describe(orders.size(), "order"));
    }

    /** E.g. "0, 1, 0": one figure per repetition, in order. */
    private static String checkpointsPerRepetition(List<Long> checkpoints) {
        return String.join(", ", checkpoints.stream().map(String::valueOf).toList());
    }

    /** Splits the latency of the orders measured at each open-loop rate into hops, by the topics' log-append times. */
    private void hops(PlatformApi api, Map<Integer, List<DecisionWatcher.Order>> measuredByRate, long placed) {
        // orders.events is keyed by customer, payments.events by order.
        Map<String, Long> created = TopicReader.appendTimesById(api, "orders.events", placed,
                record -> TopicReader.valueField(record, "orderId"), "OrderCreated");
        Map<String, Long> verdicts = TopicReader.appendTimesById(api, "payments.events", placed, TopicReader.Record::key,
                "PaymentCompleted", "PaymentFailed");
        for (int rate : rates()) {
            hops(rate, measuredByRate.get(rate), created, verdicts);
        }
    }

    private void hops(int rate, List<DecisionWatcher.Order> measured, Map<String, Long> created, Map<String, Long> verdicts) {
        Map<String, Histogram> hops = new LinkedHashMap<>();
        for (String hop : List.of("due → OrderCreated in log", "→ verdict in log", "→ order decided")) {
            hops.put(hop, new Histogram(3_600_000L, 3));
        }
        for (DecisionWatcher.Order order : measured) {
            Long createdAt = created.get(order.id);
            Long verdictAt = verdicts.get(order.id);
            if (createdAt == null || verdictAt == null || order.decidedNanos == 0) {
                continue;
            }
            long due = wallMillis(order.dueNanos);
            long decided = wallMillis(order.decidedNanos);
            hops.get("due → OrderCreated in log").recordValue(Math.max(0, createdAt - due));
            hops.get("→ verdict in log").recordValue(Math.max(0, verdictAt - createdAt));
            hops.get("→ order decided").recordValue(Math.max(0, decided - verdictAt));
        }
        Latency latency = latencies.get(rate);
        hops.forEach((hop, histogram) -> {
            latency.hopP50.computeIfAbsent(hop, h -> new Samples()).add(histogram.getValueAtPercentile(50));
            latency.hopP99.computeIfAbsent(hop, h -> new Samples()).add(histogram.getValueAtPercentile(99));
            System.out.printf(Locale.ROOT, "    hop at %d/s %-28s p50 %d ms p99 %d ms (%d orders)%n", rate, hop,
                    histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getTotalCount());
        });
    }

    private long wallMillis(long nanos) {
        return wall0 + (nanos - nano0) / 1_000_000L;
    }

    private void outcomes(PostgresDatabase orders) {
        long approved = orders.queryLong("SELECT count(*) FROM orders WHERE status = 'APPROVED'");
        long rejected = orders.queryLong("SELECT count(*) FROM orders WHERE status = 'REJECTED'");
        long other = orders.queryLong("SELECT count(*) FROM orders WHERE status NOT IN ('APPROVED', 'REJECTED')");
        if (approved == 0 || rejected == 0 || other != 0) {
            throw new IllegalStateException("Saga outcomes: " + approved + " approved, " + rejected + " rejected, " + other + " other");
        }
        rejectedShare.add((double) rejected / (approved + rejected));
        System.out.printf(Locale.ROOT, "  saga outcomes: %,d APPROVED, %,d REJECTED%n", approved, rejected);
    }

    private Path logs() {
        return options.workDir().resolve("logs");
    }
}
