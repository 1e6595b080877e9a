package io.tributary.orders.readmodel;

import io.tributary.orders.OrderSampleProperties;
import io.tributary.orders.messaging.OrderCancelled;
import io.tributary.orders.messaging.OrderCreated;
import io.tributary.orders.messaging.PaymentCompleted;
import io.tributary.orders.messaging.PaymentEvent;
import io.tributary.orders.messaging.PaymentFailed;
import io.tributary.orders.messaging.PaymentRefunded;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
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

    private final JdbcClient jdbc;
    private final long windowSeconds;

    ReadModelProjection(JdbcClient jdbc, OrderSampleProperties properties) {
        this.jdbc = jdbc;
        this.windowSeconds = properties.revenueWindow().toSeconds();
    }

    /** Applies one event unless it was applied before; returns whether it was. */
    @Transactional
    public boolean apply(String eventId, Record event) {
        if (jdbc.sql("INSERT INTO rm_processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                .param(eventId).update() == 0) {
            return false;
        }
        if (event instanceof OrderCreated created) {
            order(created.orderId(), created.customerId(), created.amount(), created.currency());
            update("placed_at = ?", created.orderId(), Timestamp.from(created.occurredAt()));
        } else if (event instanceof OrderCancelled cancelled) {
            order(cancelled.orderId(), cancelled.customerId(), cancelled.amount(), cancelled.currency());
            update("cancelled = true", cancelled.orderId());
        } else if (event instanceof PaymentCompleted completed) {
            order(completed);
            update("payment_status = 'COMPLETED'", completed.orderId());
            window(completed.currency(), completed.occurredAt(), completed.amount(), BigDecimal.ZERO, 1, 0);
        } else if (event instanceof PaymentFailed failed) {
            order(failed);
            update("payment_status = 'FAILED', payment_reason = ?", failed.orderId(), failed.reason());
        } else if (event instanceof PaymentRefunded refunded) {
            order(refunded);
            update("refunded = true", refunded.orderId());
            window(refunded.currency(), refunded.occurredAt(), BigDecimal.ZERO, refunded.amount(), 0, 1);
        }
        return true;
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

    private void order(PaymentEvent event) {
        order(event.orderId(), event.customerId(), event.amount(), event.currency());
    }

    /** The order's row, created by whichever of its events comes first. */
    private void order(String orderId, String customerId, BigDecimal amount, String currency) {
        jdbc.sql("""
                        INSERT INTO rm_customer_order (order_id, customer_id, amount, currency)
                        VALUES (?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""")
                .params(orderId, customerId, amount, currency)
                .update();
    }

    private void update(String assignments, String orderId, Object... values) {
        Object[] params = new Object[values.length + 1];
        System.arraycopy(values, 0, params, 0, values.length);
        params[values.length] = orderId;
        jdbc.sql("UPDATE rm_customer_order SET " + assignments + " WHERE order_id = ?").params(params).update();
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
