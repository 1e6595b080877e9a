package io.tributary.outbox;

import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the outbox relay: DOWN when the oldest unsent row is older than {@code max-backlog-age} (events are
 * not reaching the platform) or the backlog cannot be measured; details show backlog, failed rows and shards.
 */
public final class OutboxRelayHealthIndicator extends AbstractHealthIndicator {

    private final OutboxRelay relay;
    private final Duration maxBacklogAge;

    public OutboxRelayHealthIndicator(OutboxRelay relay, Duration maxBacklogAge) {
        super("Outbox relay health check failed");
        this.relay = relay;
        this.maxBacklogAge = maxBacklogAge;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BacklogSnapshot backlog = relay.backlog();
        builder.withDetail("instance", relay.instanceId())
                .withDetail("ownedShards", relay.ownedShards())
                .withDetail("backlogRows", backlog.unsentRows())
                .withDetail("oldestUnsentAge", backlog.oldestAge().toString())
                .withDetail("maxBacklogAge", maxBacklogAge.toString())
                .withDetail("failedRows", backlog.failedRows())
                .withDetail("deadRows", backlog.deadRows())
                .withDetail("autovacuum", backlog.autovacuum());
        if (backlog.measuredAt() == null) {
            builder.unknown();
        } else if (backlog.error() != null) {
            builder.down().withDetail("error", backlog.error());
        } else if (backlog.oldestAge().compareTo(maxBacklogAge) > 0) {
            builder.down().withDetail("reason", "oldest unsent row is older than " + maxBacklogAge);
        } else {
            builder.up();
        }
    }
}
