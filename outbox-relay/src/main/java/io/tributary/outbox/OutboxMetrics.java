package io.tributary.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The relay's meters, all named {@code tributary.outbox.*}: backlog rows and oldest unsent age (gauges, from
 * the last measurement), events published (counter per topic, so a rate gives events per second), publish
 * latency from row insert to platform acknowledgement (timer), rows failed, re-sent batches answered as
 * duplicates, shards owned, and claim queries (tagged by whether they found rows: empty claims are the relay's
 * overhead at low rates).
 */
final class OutboxMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Counter failed;
    private final Counter duplicates;
    private final Counter claimsWithRows;
    private final Counter claimsEmpty;

    OutboxMetrics(MeterRegistry registry, Supplier<BacklogSnapshot> backlog, Supplier<Integer> ownedShards) {
        this.registry = registry;
        Gauge.builder("tributary.outbox.backlog.rows", () -> backlog.get().unsentRows())
                .description("Outbox rows not yet acknowledged by the platform")
                .register(registry);
        TimeGauge.builder("tributary.outbox.backlog.age", () -> backlog.get().oldestAge().toMillis(), TimeUnit.MILLISECONDS)
                .description("Age of the oldest unsent outbox row")
                .register(registry);
        Gauge.builder("tributary.outbox.failed.rows", () -> backlog.get().failedRows())
                .description("Rows in outbox_failed (rejected permanently by the platform)")
                .register(registry);
        Gauge.builder("tributary.outbox.dead.rows", () -> backlog.get().deadRows())
                .description("Dead rows of the outbox table not vacuumed yet (pg_stat_user_tables.n_dead_tup); every claim reads them")
                .register(registry);
        Gauge.builder("tributary.outbox.shards.owned", () -> ownedShards.get())
                .description("Shards of the aggregate key space this relay instance owns")
                .register(registry);
        this.latency = Timer.builder("tributary.outbox.publish.latency")
                .description("From the outbox row's insert to the platform's acknowledgement")
                .register(registry);
        this.failed = Counter.builder("tributary.outbox.failed")
                .description("Rows moved to outbox_failed")
                .register(registry);
        this.duplicates = Counter.builder("tributary.outbox.duplicates")
                .description("Re-sent batches the platform recognised as already appended")
                .register(registry);
        this.claimsWithRows = claims(registry, "rows");
        this.claimsEmpty = claims(registry, "none");
    }

    private static Counter claims(MeterRegistry registry, String found) {
        return Counter.builder("tributary.outbox.claims")
                .description("Claim queries of the shard publishers, by whether they found rows")
                .tag("found", found)
                .register(registry);
    }

    void claimed(boolean foundRows) {
        (foundRows ? claimsWithRows : claimsEmpty).increment();
    }

    void published(String topic, List<Double> latencySeconds, boolean duplicate) {
        published.computeIfAbsent(topic, t -> Counter.builder("tributary.outbox.published")
                        .description("Events acknowledged by the platform")
                        .tag("topic", t)
                        .register(registry))
                .increment(latencySeconds.size());
        for (double seconds : latencySeconds) {
            latency.record(Duration.ofNanos((long) (Math.max(0, seconds) * 1e9)));
        }
        if (duplicate) {
            duplicates.increment();
        }
    }

    void failed() {
        failed.increment();
    }
}
