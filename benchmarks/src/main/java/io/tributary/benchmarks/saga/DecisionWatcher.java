package io.tributary.benchmarks.saga;

import io.tributary.benchmarks.services.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Follows placed orders until order-sample has stored them APPROVED or REJECTED, by polling its database for the
 * orders still outstanding (by primary key, the oldest 5,000 at a time): an order counts as decided at the start of
 * the first poll that sees it decided. Reading the database rather than {@code GET /orders/{id}} keeps the observer
 * off the service's HTTP threads and connection pool.
 *
 * <p>Polls come every 5 ms while at most 100 orders are outstanding, and less often beyond, so that the observer
 * never looks up more than {@value #LOOKUPS_PER_SECOND} orders a second: it shares PostgreSQL and the 2 cores with the
 * saga it measures. A decision is seen at most one interval plus one poll late: 5 ms for up to 100 outstanding
 * orders, 50 ms with 1,000 outstanding, when orders already wait seconds. {@link #slowestPollMillis()} tells how
 * long a poll took at worst, so a report can show the observer kept up.
 *
 * <p>The poll selects by primary key only and filters the status here, and its connection plans every execution
 * for the ids it is given ({@code plan_cache_mode = force_custom_plan}). With {@code status IN (...)} in the
 * query, PostgreSQL cached a generic plan made while the table was nearly empty: a scan of {@code orders_by_status}
 * over every decided order, filtered by id. Each poll then read the whole table, 0.3-2.7 s per poll after a
 * few minutes of load, with a backend busy nearly all the time; decisions were seen that much late (the hop
 * "→ order decided" read 200-500 ms at 100 orders/s) and the saga had one core less.
 */
final class DecisionWatcher implements AutoCloseable {

    private static final int POLL_LIMIT = 5_000;
    private static final long MIN_INTERVAL_NANOS = 5_000_000L;
    private static final int LOOKUPS_PER_SECOND = 20_000;
    private static final Set<String> DECIDED = Set.of("APPROVED", "REJECTED");

    /** An order followed: when it was due (placed, open loop) and, once seen, when it was decided. */
    static final class Order {
        final String id;
        final long dueNanos;
        volatile long decidedNanos;
        volatile @Nullable String status;

        Order(String id, long dueNanos) {
            this.id = id;
            this.dueNanos = dueNanos;
        }
    }

    private final PostgresDatabase database;
    private final Map<String, Order> outstanding = new ConcurrentHashMap<>();
    private final List<Order> decided = new ArrayList<>();
    private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong slowestPollNanos = new AtomicLong();

    DecisionWatcher(PostgresDatabase database) {
        this.database = database;
        this.thread = new Thread(this::poll, "saga-decisions");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Follows an order placed (open loop: due) at {@code dueNanos}. */
    Order track(String id, long dueNanos) {
        Order order = new Order(id, dueNanos);
        outstanding.put(id, order);
        return order;
    }

    int outstanding() {
        return outstanding.size();
    }

    /** Waits until no order is outstanding; returns false at the timeout. */
    boolean awaitAllDecided(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!outstanding.isEmpty()) {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(5_000_000L);
        }
        return true;
    }

    /** The longest poll since the last call (so each phase reads its own), in milliseconds. */
    double slowestPollMillis() {
        return slowestPollNanos.getAndSet(0) / 1e6;
    }

    /** Orders decided so far, in the order they were seen decided. */
    synchronized List<Order> decided() {
        return List.copyOf(decided);
    }

    private void poll() {
        try (Connection connection = database.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET plan_cache_mode = force_custom_plan");
            }
            poll(connection);
        } catch (SQLException | RuntimeException e) {
            failure.set(new IllegalStateException("Following the orders failed: " + e.getMessage(), e));
        }
    }

    private void poll(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, status FROM orders WHERE id = ANY(?)")) {
            while (running) {
                long started = System.nanoTime();
                long interval = MIN_INTERVAL_NANOS;
                if (!outstanding.isEmpty()) {
                    List<Order> oldest = new ArrayList<>(outstanding.values());
                    if (oldest.size() > POLL_LIMIT) {
                        oldest.sort(Comparator.comparingLong(o -> o.dueNanos));
                        oldest = oldest.subList(0, POLL_LIMIT);
                    }
                    interval = Math.max(MIN_INTERVAL_NANOS, oldest.size() * 1_000_000_000L / LOOKUPS_PER_SECOND);
                    select.setArray(1, connection.createArrayOf("text", oldest.stream().map(o -> o.id).toArray()));
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            String status = rs.getString(2);
                            if (!DECIDED.contains(status)) {
                                continue;
                            }
                            Order order = outstanding.remove(rs.getString(1));
                            if (order != null) {
                                order.status = status;
                                order.decidedNanos = started;
                                synchronized (this) {
                                    decided.add(order);
                                }
                            }
                        }
                    }
                    slowestPollNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                }
                long next = started + interval;
                for (long wait = next - System.nanoTime(); wait > 0 && running; wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
