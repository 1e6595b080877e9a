package io.tributary.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL of one shard, run on the connection that holds the shard's advisory lock. Every public-to-the-package
 * method is one transaction (the connection is in manual-commit mode) and rolls back on failure.
 *
 * <p>Because all of a shard's writes go through the lock-holding connection, a relay that lost its lock (its
 * connection died, so PostgreSQL released the lock) cannot change the shard's state any more; and the state
 * changes check the epoch they expect, as a second guard.
 */
final class ShardStore {

    private static final Logger log = LoggerFactory.getLogger(ShardStore.class);

    /**
     * The shard of a row: the key space is split by a hash of (aggregatetype, aggregateid), see the migration. The
     * shard count is written into the SQL as a literal (it is fixed for the database), so the claim query matches
     * the expression index {@link #ensureShards} creates, whatever PostgreSQL knows of the table's statistics.
     */
    static String shardOfRow(int shardCount) {
        return "outbox_shard(aggregatetype, aggregateid, " + shardCount + ")";
    }

    private static final String ROW_COLUMNS = "id, aggregatetype, aggregateid, type, payload::text, headers::text, position";

    private final Connection connection;
    private final int shard;
    private final int shardCount;

    ShardStore(Connection connection, int shard, int shardCount) throws SQLException {
        this.connection = connection;
        this.shard = shard;
        this.shardCount = shardCount;
        connection.setAutoCommit(false);
    }

    /** The name of the claim index for a shard count. */
    static String claimIndex(int shardCount) {
        return "outbox_unsent_by_shard" + shardCount + "_position";
    }

    /**
     * Creates the shard rows if missing (random producer ids), refuses a shard count other than the database's, and
     * creates the claim index for the shard count if it is missing: unsent rows by (shard, position), so a shard's
     * claim reads exactly its oldest rows. Without it each claim walked the position index through the rows of all
     * shards (or, misled by the planner's guess for the hash, scanned and sorted the whole table: ~150 ms per claim
     * of 500 rows from a 100,000-row backlog), see benchmarks/findings.md.
     */
    static void ensureShards(Connection connection, int shardCount) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO outbox_relay_shard (shard, shard_count, producer_id, epoch, next_sequence)
                    VALUES (?, ?, ?, 0, 0) ON CONFLICT (shard) DO NOTHING""")) {
                for (int shard = 0; shard < shardCount; shard++) {
                    insert.setInt(1, shard);
                    insert.setInt(2, shardCount);
                    insert.setLong(3, ThreadLocalRandom.current().nextLong(Long.MAX_VALUE));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement check = connection.prepareStatement(
                    "SELECT count(*), min(shard_count), max(shard_count) FROM outbox_relay_shard");
                    ResultSet rs = check.executeQuery()) {
                rs.next();
                if (rs.getInt(1) != shardCount || rs.getInt(2) != shardCount || rs.getInt(3) != shardCount) {
                    throw new IllegalStateException("The outbox relay state has " + rs.getInt(1) + " shards (shard_count "
                            + rs.getInt(2) + "), but tributary.outbox.shards=" + shardCount + ". All relay instances on a"
                            + " database must use the same count; to change it, stop all relays, let no batch be"
                            + " pending (outbox_relay_batch empty) and delete the rows of outbox_relay_shard.");
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        createClaimIndex(connection, shardCount);
    }

    private static void createClaimIndex(Connection connection, int shardCount) throws SQLException {
        if (indexExists(connection, claimIndex(shardCount))) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            // Takes a SHARE lock on outbox while it builds: writers wait, once, for as long as the backlog takes to index.
            statement.execute("CREATE INDEX IF NOT EXISTS " + claimIndex(shardCount) + " ON outbox (" + shardOfRow(shardCount)
                    + ", position) WHERE sent_at IS NULL");
        } catch (SQLException e) {
            // Another instance created it at the same moment (both passed IF NOT EXISTS), or this user may not create
            // indexes: the relay works without it, only its claims read more rows.
            if (!indexExists(connection, claimIndex(shardCount))) {
                log.warn("Cannot create the outbox claim index {} ({}); claims will read through other shards' rows."
                        + " Create it with: CREATE INDEX {} ON outbox ({}, position) WHERE sent_at IS NULL",
                        claimIndex(shardCount), e.getMessage(), claimIndex(shardCount), shardOfRow(shardCount));
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static boolean indexExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The shard's current row. */
    ShardState load() throws SQLException {
        return inTransaction(() -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT producer_id, epoch, next_sequence FROM outbox_relay_shard WHERE shard = ?")) {
                select.setInt(1, shard);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("No row for shard " + shard + " in outbox_relay_shard");
                    }
                    return new ShardState(shard, rs.getLong(1), rs.getInt(2), rs.getLong(3));
                }
            }
        });
    }

    /** Batches claimed but not completed, in sequence order, with their rows in claim order. */
    List<OutboxBatch> pendingBatches() throws SQLException {
        return inTransaction(() -> {
            List<OutboxBatch> batches = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT sequence, epoch, topic, event_ids FROM outbox_relay_batch WHERE shard = ? ORDER BY sequence")) {
                select.setInt(1, shard);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        UUID[] ids = (UUID[]) rs.getArray(4).getArray();
                        batches.add(new OutboxBatch(shard, rs.getInt(2), rs.getLong(1), rs.getString(3), rowsById(ids)));
                    }
                }
            }
            return batches;
        });
    }

    /**
     * Starts a new producer epoch for the shard and forgets pending batches (their rows are claimed again). Only
     * safe when none of them can be in the log without being acknowledged: after they were completed, or after
     * the platform rejected the one that was sent.
     */
    ShardState startEpoch(ShardState state, String owner) throws SQLException {
        return inTransaction(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_relay_batch WHERE shard = ?")) {
                delete.setInt(1, shard);
                delete.executeUpdate();
            }
            return bumpEpoch(state, owner);
        });
    }

    /**
     * Claims the oldest unsent rows of the shard that are not in {@code claimed} (batches claimed before and not yet
     * completed), at most {@code limit}, as at most {@code maxBatches} batches of one topic each (row order kept
     * within a topic, so per-aggregate order holds), numbered with consecutive sequences; advances the shard's next
     * sequence in the same transaction. Returns no batches when there are no rows.
     *
     * <p>Rows beyond {@code maxBatches} batches stay unclaimed. That keeps per-aggregate order: an aggregate's rows
     * are all of one topic, and a topic's batches are cut in row order, so what is claimed of an aggregate is
     * always its oldest unsent rows.
     */
    List<OutboxBatch> claim(ShardState state, int limit, int maxBatchRows, long maxBatchBytes, int maxBatches,
            TopicRouter router, Collection<OutboxBatch> claimed) throws SQLException {
        return inTransaction(() -> {
            List<OutboxRow> rows = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ROW_COLUMNS
                    + " FROM outbox WHERE sent_at IS NULL AND " + shardOfRow(shardCount) + " = ? AND id <> ALL(?)"
                    + " ORDER BY position LIMIT ?")) {
                select.setInt(1, shard);
                select.setArray(2, connection.createArrayOf("uuid",
                        claimed.stream().flatMap(batch -> batch.rows().stream()).map(OutboxRow::id).toArray()));
                select.setInt(3, limit);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            if (rows.isEmpty()) {
                return List.of();
            }
            Map<String, List<OutboxRow>> byTopic = new LinkedHashMap<>();
            for (OutboxRow row : rows) {
                byTopic.computeIfAbsent(router.topic(row.aggregateType()), t -> new ArrayList<>()).add(row);
            }
            List<OutboxBatch> batches = new ArrayList<>();
            long sequence = state.nextSequence();
            for (Map.Entry<String, List<OutboxRow>> entry : byTopic.entrySet()) {
                List<OutboxRow> current = new ArrayList<>();
                long bytes = 0;
                for (OutboxRow row : entry.getValue()) {
                    if (!current.isEmpty() && (current.size() >= maxBatchRows || bytes + row.sizeInBytes() > maxBatchBytes)) {
                        batches.add(new OutboxBatch(shard, state.epoch(), sequence++, entry.getKey(), current));
                        current = new ArrayList<>();
                        bytes = 0;
                    }
                    current.add(row);
                    bytes += row.sizeInBytes();
                }
                batches.add(new OutboxBatch(shard, state.epoch(), sequence++, entry.getKey(), current));
            }
            if (batches.size() > maxBatches) {
                batches.subList(maxBatches, batches.size()).clear();
                sequence = state.nextSequence() + maxBatches;
            }
            // The statement that advances the sequence (its row count says whether the shard is still ours) also
            // records the first batch: one round trip fewer per claim than recording it apart. More batches (a
            // backlog) are recorded in one JDBC batch.
            try (PreparedStatement advance = connection.prepareStatement("""
                    WITH advanced AS (UPDATE outbox_relay_shard SET next_sequence = ?
                                      WHERE shard = ? AND epoch = ? AND next_sequence = ? RETURNING shard, epoch)
                    INSERT INTO outbox_relay_batch (shard, sequence, epoch, topic, event_ids)
                    SELECT shard, ?, epoch, ?, ? FROM advanced""")) {
                OutboxBatch first = batches.get(0);
                advance.setLong(1, sequence);
                advance.setInt(2, shard);
                advance.setInt(3, state.epoch());
                advance.setLong(4, state.nextSequence());
                advance.setLong(5, first.sequence());
                advance.setString(6, first.topic());
                advance.setArray(7, ids(first));
                if (advance.executeUpdate() != 1) {
                    throw new ShardLostException("Shard " + shard + " changed under its owner (expected epoch "
                            + state.epoch() + ", sequence " + state.nextSequence() + ")");
                }
            }
            if (batches.size() > 1) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO outbox_relay_batch (shard, sequence, epoch, topic, event_ids) VALUES (?, ?, ?, ?, ?)")) {
                    for (OutboxBatch batch : batches.subList(1, batches.size())) {
                        insert.setInt(1, shard);
                        insert.setLong(2, batch.sequence());
                        insert.setInt(3, batch.epoch());
                        insert.setString(4, batch.topic());
                        insert.setArray(5, ids(batch));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            return batches;
        });
    }

    /**
     * Records that the platform acknowledged the batch: deletes (or marks) its rows and forgets the batch.
     * Returns, per row, seconds from the row's insert to now (database clock), for the latency metric.
     *
     * <p>Committed without waiting for the WAL flush ({@code synchronous_commit = off} for this transaction only):
     * losing a completion is harmless, since the batch is still recorded as claimed (that commit was durable), so
     * its next owner re-sends it unchanged and the platform answers it as a duplicate, the case the relay handles
     * after any crash. Saves one flush per batch on the relay's path (and the claim, which must be durable before
     * anything is sent, flushes the completion before it with its own commit).
     */
    List<Double> complete(OutboxBatch batch, OutboxRelayProperties.SentRows sentRows) throws SQLException {
        return inTransaction(() -> {
            // One statement and the commit, two round trips (were four): the batch's row goes, turning off the wait
            // for the flush for this transaction (set_config in its RETURNING: a data-modifying WITH runs to
            // completion whether or not its output is read; were the row gone, the commit would only be durable),
            // and the rows go.
            String rows = sentRows == OutboxRelayProperties.SentRows.DELETE
                    ? "DELETE FROM outbox WHERE id = ANY(?) RETURNING created_at"
                    : "UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY(?) AND sent_at IS NULL RETURNING created_at";
            List<Double> latencies = new ArrayList<>(batch.rows().size());
            try (PreparedStatement statement = connection.prepareStatement("""
                    WITH batch AS (DELETE FROM outbox_relay_batch WHERE shard = ? AND sequence = ?
                                   RETURNING set_config('synchronous_commit', 'off', true)),
                         sent AS (%s)
                    SELECT extract(epoch FROM clock_timestamp() - created_at) FROM sent""".formatted(rows))) {
                statement.setInt(1, shard);
                statement.setLong(2, batch.sequence());
                statement.setArray(3, ids(batch));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        latencies.add(rs.getDouble(1));
                    }
                }
            }
            return latencies;
        });
    }

    /**
     * Moves a row the platform rejected permanently to {@code outbox_failed} with the reason, and starts a new
     * epoch (the platform may or may not have counted the rejected request's sequence).
     */
    ShardState fail(ShardState state, OutboxBatch batch, int errorCode, String reason, String owner) throws SQLException {
        return inTransaction(() -> {
            try (PreparedStatement move = connection.prepareStatement("""
                    WITH failed AS (DELETE FROM outbox WHERE id = ANY(?) RETURNING *)
                    INSERT INTO outbox_failed (id, aggregatetype, aggregateid, type, payload, headers, created_at, topic,
                                               error_code, reason)
                    SELECT id, aggregatetype, aggregateid, type, payload, headers, created_at, ?, ?, ? FROM failed
                    ON CONFLICT (id) DO UPDATE SET aggregatetype = EXCLUDED.aggregatetype,
                        aggregateid = EXCLUDED.aggregateid, type = EXCLUDED.type, payload = EXCLUDED.payload,
                        headers = EXCLUDED.headers, created_at = EXCLUDED.created_at, topic = EXCLUDED.topic,
                        error_code = EXCLUDED.error_code, reason = EXCLUDED.reason, failed_at = clock_timestamp()""")) {
                move.setArray(1, ids(batch));
                move.setString(2, batch.topic());
                move.setInt(3, errorCode);
                move.setString(4, reason);
                move.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox_relay_batch WHERE shard = ?")) {
                delete.setInt(1, shard);
                delete.executeUpdate();
            }
            return bumpEpoch(state, owner);
        });
    }

    /** Whether the connection (and so the advisory lock) is still alive. */
    boolean isAlive() {
        try {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private ShardState bumpEpoch(ShardState state, String owner) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE outbox_relay_shard SET epoch = epoch + 1, owner = ?, owned_since = clock_timestamp()
                WHERE shard = ? AND epoch = ? RETURNING epoch, next_sequence""")) {
            update.setString(1, owner);
            update.setInt(2, shard);
            update.setInt(3, state.epoch());
            try (ResultSet rs = update.executeQuery()) {
                if (!rs.next()) {
                    throw new ShardLostException("Shard " + shard + " changed under its owner (expected epoch " + state.epoch() + ")");
                }
                return new ShardState(shard, state.producerId(), rs.getInt(1), rs.getLong(2));
            }
        }
    }

    private List<OutboxRow> rowsById(UUID[] ids) throws SQLException {
        Map<UUID, OutboxRow> found = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ROW_COLUMNS + " FROM outbox WHERE id = ANY(?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    OutboxRow row = row(rs);
                    found.put(row.id(), row);
                }
            }
        }
        List<OutboxRow> rows = new ArrayList<>(ids.length);
        for (UUID id : ids) {
            OutboxRow row = found.get(id);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    private Array ids(OutboxBatch batch) throws SQLException {
        return connection.createArrayOf("uuid", batch.rows().stream().map(OutboxRow::id).toArray());
    }

    private static OutboxRow row(ResultSet rs) throws SQLException {
        return new OutboxRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getLong(7));
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** The shard's row changed under its owner: another relay has it, so this one must let go. */
    static final class ShardLostException extends RuntimeException {
        ShardLostException(String message) {
            super(message);
        }
    }

}
