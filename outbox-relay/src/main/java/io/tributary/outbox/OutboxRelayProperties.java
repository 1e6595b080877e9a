package io.tributary.outbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the outbox relay ({@code tributary.outbox.*}); the standalone service documents the defaults in
 * {@code outbox-relay.yml}.
 *
 * @param enabled           run the relay (and create its beans) at all
 * @param platformUrl       the platform's base URL
 * @param instanceId        this relay instance's name, shown as shard owner (default: host name and a random suffix)
 * @param datasource        where the outbox table is, if not the application's {@code spring.datasource}
 * @param migrate           create/upgrade the outbox tables with the bundled Flyway migration
 *                          (history table {@code tributary_outbox_schema_history})
 * @param topicPrefix       topic of an event = prefix + aggregatetype, unless {@code topics} maps it
 * @param topics            aggregatetype to topic, overriding the prefix rule
 * @param sentRows          what happens to a row once the platform acknowledged it
 * @param shards            shards of the aggregate key space; each is owned by one relay instance at a time.
 *                          All instances on one database must agree; it bounds the useful instance count. One by
 *                          default (further instances stand by and take over): each shard runs its own claims and
 *                          requests, so at 1,000 events/s on 2 cores 8 shards cost ~1.4x the CPU per event of one
 *                          and had 2-4x its commit → published p99 (benchmarks/findings.md)
 * @param lockKey           first key of the advisory locks (shard locks are {@code (lockKey, shard)}); change it
 *                          only to run independent relays on one database
 * @param batchSize         most rows in one produce request
 * @param maxBatchBytes     most record bytes in one produce request (a single larger row still goes alone)
 * @param pollInterval      how often an idle shard looks for rows without a NOTIFY (the fallback for lost wake-ups)
 * @param wakeupLinger      how long an idle shard waits after a wake-up before it claims, so a burst of commits (and
 *                          their notifications) costs one claim and one request; adds up to this much latency to the
 *                          first row after an idle time. 0 claims at once; at most 1 s
 * @param rebalanceInterval how often an instance counts live instances and takes or releases shards
 * @param retryBackoff      first wait after a failed produce; doubles per failure, with jitter
 * @param maxRetryBackoff   longest wait between produce attempts while the platform is down
 * @param requestTimeout    time for the platform to answer one produce request
 * @param createTopics      create a missing topic (with {@code topicPartitions}) instead of waiting for it
 * @param topicPartitions   partitions of topics the relay creates
 * @param metricsInterval   how often backlog size and age are measured
 * @param maxBacklogAge     the health indicator is DOWN while the oldest unsent row is older than this
 * @param vacuumInterval    how often the relay vacuums its tables while the server runs without autovacuum (one
 *                          instance at a time); 0 never. Does nothing while autovacuum is on
 */
@Validated
@ConfigurationProperties("tributary.outbox")
public record OutboxRelayProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @DefaultValue("http://localhost:8080") URI platformUrl,
        @Nullable String instanceId,
        @Valid @NotNull @DefaultValue Datasource datasource,
        @DefaultValue("true") boolean migrate,
        @NotNull @DefaultValue("outbox.event.") String topicPrefix,
        @NotNull @DefaultValue Map<String, String> topics,
        @NotNull @DefaultValue("delete") SentRows sentRows,
        @Min(1) @Max(4096) @DefaultValue("1") int shards,
        @DefaultValue("1953655138") int lockKey,
        @Min(1) @Max(10_000) @DefaultValue("500") int batchSize,
        @NotNull @DefaultValue("1MB") DataSize maxBatchBytes,
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @NotNull @DefaultValue("2ms") Duration wakeupLinger,
        @NotNull @DefaultValue("2s") Duration rebalanceInterval,
        @NotNull @DefaultValue("100ms") Duration retryBackoff,
        @NotNull @DefaultValue("10s") Duration maxRetryBackoff,
        @NotNull @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("false") boolean createTopics,
        @Min(1) @DefaultValue("1") int topicPartitions,
        @NotNull @DefaultValue("5s") Duration metricsInterval,
        @NotNull @DefaultValue("5m") Duration maxBacklogAge,
        @NotNull @DefaultValue("1m") Duration vacuumInterval) {

    public OutboxRelayProperties {
        topics = Map.copyOf(topics);
        if (wakeupLinger != null && (wakeupLinger.isNegative() || wakeupLinger.compareTo(MAX_WAKEUP_LINGER) > 0)) {
            throw new IllegalArgumentException("tributary.outbox.wakeup-linger must be between 0 and " + MAX_WAKEUP_LINGER.toMillis()
                    + "ms, was " + wakeupLinger);
        }
        if (vacuumInterval != null && vacuumInterval.isNegative()) {
            throw new IllegalArgumentException("tributary.outbox.vacuum-interval must be 0 (never) or positive, was " + vacuumInterval);
        }
    }

    /** The longest {@code wakeup-linger}: it is latency added to every idle shard's first row. */
    static final Duration MAX_WAKEUP_LINGER = Duration.ofSeconds(1);

    /** What the relay does with a row once the platform acknowledged it. */
    public enum SentRows {
        /** Delete it (the default; the table holds only the backlog). */
        DELETE,
        /** Set {@code sent_at} and keep it (an audit trail; clean up old rows yourself). */
        MARK
    }

    /**
     * A dedicated database for the relay. When {@code url} is empty the relay uses {@code spring.datasource.*}.
     * The relay holds one connection per owned shard plus two, outside any pool.
     */
    public record Datasource(@Nullable String url, @Nullable String username, @Nullable String password) {
    }
}
