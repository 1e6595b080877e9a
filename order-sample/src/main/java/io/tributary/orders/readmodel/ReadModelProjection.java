package io.tributary.orders.readmodel;

import io.tributary.orders.OrderSampleProperties;
import io.tributary.orders.messaging.OrderCancelled;
import io.tributary.orders.messaging.OrderCreated;
import io.tributary.orders.messaging.PaymentCompleted;
import io.tributary.orders.messaging.PaymentEvent;
import io.tributary.orders.messaging.PaymentFailed;
import io.tributary.orders.messaging.PaymentRefunded;
import io.tributary.samples.messaging.BatchMarks;
import io.tributary.samples.messaging.NewRows;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The CQRS projection: folds events from {@code orders.events} and {@code payments.events} into the read model
 * tables ({@code rm_*}), never reading the write side's tables.
 *
 * <p>Invariant: applying a set of events gives the same tables in any order and with any duplicates. Each event
 * is applied once (its id goes into {@code rm_processed_event} in the same transaction), every update is
 * commutative (flags and sums; the status is derived when read), and windows are chosen by the event's own time,
 * not by when it is projected. That is what makes a rebuild (replaying both topics from the beginning, where the
 * two topics interleave differently than they did live) end with the same read model.
 */
@Service
public class ReadModelProjection {

    private static final NewRows APPLIED = NewRows.keys("rm_processed_event", "event_id");
    private static final String PLACED = orderUpsert("placed_at");
    private static final String CANCELLED = orderUpsert("cancelled");
    private static final String PAYMENT = orderUpsert("payment_status");
    private static final String PAYMENT_FAILED = orderUpsert("payment_status", "payment_reason");
    private static final String REFUNDED = orderUpsert("refunded");

    private final JdbcClient jdbc;
    private final BatchMarks marks = new BatchMarks(this);
    private final long windowSeconds;

    ReadModelProjection(JdbcClient jdbc, OrderSampleProperties properties) {
        this.jdbc = jdbc;
        this.windowSeconds = properties.revenueWindow().toSeconds();
    }

    /**
     * In a batch's transaction, before its events are applied: records their ids as applied with one statement, so
     * that {@link #apply} then applies each one not applied before (once, for an id given twice) without a
     * statement of its own. Rolled back with the batch.
     */
    @Transactional
    public void markApplied(Collection<String> eventIds) {
        marks.mark(eventIds, this::insertIds);
    }

    /** Applies one event unless it was applied before; returns whether it was. */
    @Transactional
    public boolean apply(String eventId, Record event) {
        boolean firstTime = switch (marks.take(eventId)) {
            case APPLY -> true;
            case DUPLICATE -> false;
            case NOT_MARKED -> jdbc.sql("INSERT INTO rm_processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                    .param(eventId).update() == 1;
        };
        if (!firstTime) {
            return false;
        }
        if (event instanceof OrderCreated created) {
            order(created.orderId(), created.customerId(), created.amount(), created.currency(), PLACED,
                    Timestamp.from(created.occurredAt()));
        } else if (event instanceof OrderCancelled cancelled) {
            order(cancelled.orderId(), cancelled.customerId(), cancelled.amount(), cancelled.currency(), CANCELLED, true);
        } else if (event instanceof PaymentCompleted completed) {
            order(completed, PAYMENT, "COMPLETED");
            window(completed.currency(), completed.occurredAt(), completed.amount(), BigDecimal.ZERO, 1, 0);
        } else if (event instanceof PaymentFailed failed) {
            order(failed, PAYMENT_FAILED, "FAILED", failed.reason());
        } else if (event instanceof PaymentRefunded refunded) {
            order(refunded, REFUNDED, true);
            window(refunded.currency(), refunded.occurredAt(), BigDecimal.ZERO, refunded.amount(), 0, 1);
        }
        return true;
    }

    /** Inserts the ids not there yet; returns those it inserted. */
    private Set<String> insertIds(Collection<String> eventIds) {
        return APPLIED.insert(jdbc, eventIds.stream().<List<?>>map(List::of).toList());
    }

    /** Drops the read model and starts the next generation; returns its number. */
    @Transactional
    public long reset() {
        jdbc.sql("TRUNCATE rm_customer_order, rm_revenue_window, rm_processed_event").update();
        return jdbc.sql("UPDATE rm_state SET generation = generation + 1, rebuilt_at = now() RETURNING generation")
                .query(Long.class).single();
    }

    @Transactional(readOnly = true)
    public long generation() {
        return jdbc.sql("SELECT generation FROM rm_state").query(Long.class).single();
    }

    /** The start of the tumbling window {@code at} falls into. */
    Instant windowStart(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), windowSeconds) * windowSeconds);
    }

    private void order(PaymentEvent event, String upsert, Object... values) {
        order(event.orderId(), event.customerId(), event.amount(), event.currency(), upsert, values);
    }

    /**
     * The order's row, created by whichever of its events comes first, with what this event sets: one statement
     * (it was an INSERT if absent, then an UPDATE: two round trips per event).
     */
    private void order(String orderId, String customerId, BigDecimal amount, String currency, String upsert,
            Object... values) {
        Object[] params = new Object[4 + values.length];
        params[0] = orderId;
        params[1] = customerId;
        params[2] = amount;
        params[3] = currency;
        System.arraycopy(values, 0, params, 4, values.length);
        jdbc.sql(upsert).params(params).update();
    }

    /** Inserts the order's row with these columns set, or sets them in the row that is there. */
    private static String orderUpsert(String... columns) {
        StringBuilder sql = new StringBuilder("INSERT INTO rm_customer_order (order_id, customer_id, amount, currency");
        for (String column : columns) {
            sql.append(", ").append(column);
        }
        sql.append(") VALUES (?, ?, ?, ?").append(", ?".repeat(columns.length)).append(") ON CONFLICT (order_id) DO UPDATE SET ");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(columns[i]).append(" = EXCLUDED.").append(columns[i]);
        }
        return sql.toString();
    }

    private void window(String currency, Instant at, BigDecimal charged, BigDecimal refunded, int payments, int refunds) {
        jdbc.sql("""
                        INSERT INTO rm_revenue_window (currency, window_start, charged, refunded, payments, refunds)
                        VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (currency, window_start) DO UPDATE SET
                            charged = rm_revenue_window.charged + EXCLUDED.charged,
                            refunded = rm_revenue_window.refunded + EXCLUDED.refunded,
                            payments = rm_revenue_window.payments + EXCLUDED.payments,
                            refunds = rm_revenue_window.refunds + EXCLUDED.refunds""")
                .params(currency, Timestamp.from(windowStart(at)), charged, refunded, payments, refunds)
                .update();
    }
}
