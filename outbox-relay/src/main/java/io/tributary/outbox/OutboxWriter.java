package io.tributary.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events to the outbox table in the caller's transaction (it uses the application's
 * {@link JdbcTemplate}, so it joins a {@code @Transactional} method's transaction): the event is published if
 * and only if that transaction commits. Once it has committed, the {@link OutboxNotifier} wakes the relay shards
 * of its rows (once per transaction, however many events it wrote).
 */
public final class OutboxWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final @Nullable OutboxNotifier notifier;

    /** A writer that wakes no relay: they find its rows at their poll interval. */
    public OutboxWriter(JdbcTemplate jdbc) {
        this(jdbc, null);
    }

    public OutboxWriter(JdbcTemplate jdbc, @Nullable OutboxNotifier notifier) {
        this.jdbc = jdbc;
        this.notifier = notifier;
    }

    /** Inserts the event; returns its id. */
    public UUID write(OutboxEvent event) {
        String headers;
        try {
            headers = event.headers().isEmpty() ? null : JSON.writeValueAsString(event.headers());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise headers of " + event.id(), e);
        }
        // The position (assigned by the trigger) comes back in the insert's round trip, for the notification.
        Long position = jdbc.queryForObject("INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, headers)"
                        + " VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb) RETURNING position", Long.class,
                event.id(), event.aggregateType(), event.aggregateId(), event.type(), event.payload(), headers);
        notifyAfterCommit(event, position == null ? -1 : position);
        return event.id();
    }

    private void notifyAfterCommit(OutboxEvent event, long position) {
        OutboxNotifier wake = notifier;
        if (wake == null) {
            return;
        }
        // The shards and positions of the transaction's rows, so that only their owners look for them, and only if
        // their last claims did not take them already.
        CommittedRows rows = new CommittedRows();
        if (wake.shards() > 0) {
            int shard = OutboxShard.of(event.aggregateType(), event.aggregateId(), wake.shards());
            if (position >= 0) {
                rows.add(shard, position);
            } else {
                rows.add(shard);
            }
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake.committed(rows); // no transaction around us: the insert committed by itself
            return;
        }
        if (TransactionSynchronizationManager.getResource(wake) instanceof CommittedRows written) {
            written.addAll(rows); // this transaction notifies once, after its commit
            return;
        }
        TransactionSynchronizationManager.bindResource(wake, rows);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(wake);
                if (status == STATUS_COMMITTED) {
                    wake.committed(rows);
                }
            }
        });
    }

    /** Inserts an event with a random id; returns the id. */
    public UUID write(String aggregateType, String aggregateId, String type, String payloadJson) {
        return write(OutboxEvent.of(aggregateType, aggregateId, type, payloadJson));
    }
}
