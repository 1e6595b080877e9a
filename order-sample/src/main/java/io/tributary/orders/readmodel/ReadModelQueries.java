package io.tributary.orders.readmodel;

import io.tributary.orders.OrderSampleProperties;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads of the read model: per-customer order summaries and revenue per currency and window. */
@Service
public class ReadModelQueries {

    private static final String STATUS = """
            CASE WHEN cancelled THEN 'CANCELLED'
                 WHEN payment_status = 'COMPLETED' THEN 'APPROVED'
                 WHEN payment_status = 'FAILED' THEN 'REJECTED'
                 ELSE 'PENDING' END""";

    private final JdbcClient jdbc;
    private final ReadModelProjection projection;
    private final Duration window;

    ReadModelQueries(JdbcClient jdbc, ReadModelProjection projection, OrderSampleProperties properties) {
        this.jdbc = jdbc;
        this.projection = projection;
        this.window = properties.revenueWindow();
    }

    /** A customer's orders as the read model knows them, with counts per status and the amounts spent. */
    @Transactional(readOnly = true)
    public CustomerOrders customerOrders(String customerId) {
        List<OrderSummary> orders = jdbc.sql("SELECT order_id, amount, currency, placed_at, " + STATUS + " AS status,"
                        + " payment_reason, refunded FROM rm_customer_order WHERE customer_id = ?"
                        + " ORDER BY placed_at NULLS LAST, order_id")
                .param(customerId)
                .query((rs, n) -> new OrderSummary(rs.getString("order_id"), rs.getBigDecimal("amount"),
                        rs.getString("currency"), instant(rs.getTimestamp("placed_at")), rs.getString("status"),
                        rs.getString("payment_reason"), rs.getBoolean("refunded")))
                .list();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, BigDecimal> spent = new TreeMap<>();
        for (OrderSummary order : orders) {
            byStatus.merge(order.status(), 1L, Long::sum);
            if (order.status().equals("APPROVED")) {
                spent.merge(order.currency(), order.amount(), BigDecimal::add);
            }
        }
        return new CustomerOrders(customerId, orders.size(), byStatus, spent, orders);
    }

    /** The revenue windows overlapping {@code [from, to)}, by window start then currency. */
    @Transactional(readOnly = true)
    public RevenueStats revenue(Instant from, Instant to) {
        List<RevenueWindow> windows = jdbc.sql("""
                        SELECT currency, window_start, charged, refunded, payments, refunds FROM rm_revenue_window
                        WHERE window_start >= ? AND window_start < ? ORDER BY window_start, currency""")
                .params(Timestamp.from(projection.windowStart(from)), Timestamp.from(to))
                .query((rs, n) -> {
                    Instant start = rs.getTimestamp("window_start").toInstant();
                    BigDecimal charged = rs.getBigDecimal("charged");
                    BigDecimal refunded = rs.getBigDecimal("refunded");
                    return new RevenueWindow(start, start.plus(window), rs.getString("currency"), charged, refunded,
                            charged.subtract(refunded), rs.getInt("payments"), rs.getInt("refunds"));
                })
                .list();
        return new RevenueStats(window, windows);
    }

    /** How far the projection got. */
    @Transactional(readOnly = true)
    public long processedEvents() {
        return jdbc.sql("SELECT count(*) FROM rm_processed_event").query(Long.class).single();
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** An order in the read model; {@code status} is derived from the events seen so far. */
    public record OrderSummary(String orderId, BigDecimal amount, String currency, @Nullable Instant placedAt,
            String status, @Nullable String paymentReason, boolean refunded) {
    }

    /** A customer's orders: how many, per status, the amounts of approved orders per currency, and the orders. */
    public record CustomerOrders(String customerId, int orderCount, Map<String, Long> ordersByStatus,
            Map<String, BigDecimal> approvedAmountByCurrency, List<OrderSummary> orders) {
    }

    /** Payments and refunds of one currency in one tumbling window {@code [start, end)}, by event time. */
    public record RevenueWindow(Instant start, Instant end, String currency, BigDecimal charged, BigDecimal refunded,
            BigDecimal net, int payments, int refunds) {
    }

    public record RevenueStats(Duration windowSize, List<RevenueWindow> windows) {
    }
}
