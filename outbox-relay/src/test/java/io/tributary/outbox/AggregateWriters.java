package io.tributary.outbox;

import io.tributary.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes outbox events as a service would: concurrent transactions that each lock one aggregate's business row,
 * bump its event counter and insert 1-3 outbox rows numbered 1, 2, 3... per aggregate, so the numbers are the
 * commit order. Some transactions roll back (their rows say so and must never be published).
 */
final class AggregateWriters {

    static final String[] TYPES = {"order", "payment"};

    private final TestDatabase database;
    private final int aggregates;

    AggregateWriters(TestDatabase database, int aggregates) {
        this.database = database;
        this.aggregates = aggregates;
        database.execute("CREATE TABLE IF NOT EXISTS test_aggregate (type text, id text, events int NOT NULL, "
                + "PRIMARY KEY (type, id))");
        database.execute("INSERT INTO test_aggregate SELECT t, t || '-' || i, 0 FROM unnest(ARRAY['order','payment']) t, "
                + "generate_series(0, " + (aggregates / 2 - 1) + ") i ON CONFLICT DO NOTHING");
    }

    /** Writes {@code events} committed events (plus rolled-back ones) on {@code threads} threads; returns when done. */
    void write(int events, int threads) throws InterruptedException {
        AtomicInteger remaining = new AtomicInteger(events);
        List<Thread> writers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                try (Connection connection = database.connection()) {
                    connection.setAutoCommit(false);
                    while (true) {
                        int wanted = 1 + ThreadLocalRandom.current().nextInt(3);
                        int left = remaining.getAndAdd(-wanted);
                        if (left <= 0) {
                            return;
                        }
                        int count = Math.min(wanted, left);
                        writeTransaction(connection, count, false);
                        if (ThreadLocalRandom.current().nextInt(20) == 0) {
                            writeTransaction(connection, 2, true);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "writer-" + t);
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("writer failed", failures.get(0));
        }
    }

    /** Committed events per aggregate key "type/id". */
    Map<String, Integer> committedEvents() throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection connection = database.connection();
                PreparedStatement select = connection.prepareStatement("SELECT type, id, events FROM test_aggregate WHERE events > 0");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1) + "/" + rs.getString(2), rs.getInt(3));
            }
        }
        return counts;
    }

    private void writeTransaction(Connection connection, int count, boolean rollBack) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String type = TYPES[random.nextInt(TYPES.length)];
        String id = type + "-" + random.nextInt(aggregates / 2);
        try {
            int last;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE test_aggregate SET events = events + ? WHERE type = ? AND id = ? RETURNING events")) {
                update.setInt(1, count);
                update.setString(2, type);
                update.setString(3, id);
                try (ResultSet rs = update.executeQuery()) {
                    rs.next();
                    last = rs.getInt(1);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (id, aggregatetype, aggregateid,"
                    + " type, payload, headers) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
                for (int n = last - count + 1; n <= last; n++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, type);
                    insert.setString(3, id);
                    insert.setString(4, rollBack ? "RolledBack" : "Changed");
                    insert.setString(5, "{\"n\": " + n + ", \"rolledBack\": " + rollBack + "}");
                    insert.setString(6, "{\"trace\": \"t-" + n + "\"}");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            if (rollBack) {
                connection.rollback();
            } else {
                connection.commit();
                // As a writer should, once committed (OutboxWriter does it for Spring services): wakes the relays.
                try (Statement notify = connection.createStatement()) {
                    notify.execute("NOTIFY tributary_outbox");
                }
                connection.commit();
            }
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }
}
