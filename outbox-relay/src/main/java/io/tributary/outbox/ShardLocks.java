package io.tributary.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.HashSet;

/**
 * Who holds the relay's advisory locks of one lock key, as {@code pg_locks} shows them in the current database: how
 * many instances hold the shared member lock, and which shards are owned (by any instance, this one included).
 *
 * @param instances live relay instances, at least 1 (the one asking holds its member lock, unless it just lost it)
 * @param locked    shards whose lock some instance holds
 */
record ShardLocks(int instances, Set<Integer> locked) {

    ShardLocks {
        locked = Set.copyOf(locked);
    }

    /** Reads the locks of {@code lockKey} held right now. */
    static ShardLocks read(Connection connection, int lockKey) throws SQLException {
        // A two-int advisory lock shows its first key as classid, its second as objid, with objsubid = 2.
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT objid::bigint FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = ?::bigint::oid
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
            select.setLong(1, lockKey & 0xFFFFFFFFL);
            try (ResultSet rs = select.executeQuery()) {
                int members = 0;
                Set<Integer> locked = new HashSet<>();
                while (rs.next()) {
                    long key = rs.getLong(1);
                    if (key == OutboxRelay.MEMBER_KEY) {
                        members++;
                    } else {
                        locked.add((int) key);
                    }
                }
                return new ShardLocks(Math.max(1, members), locked);
            }
        }
    }

    /** The most shards one instance should own: an even split, rounded up so that every shard has an owner. */
    int fairShare(int shards) {
        return (shards + instances - 1) / instances;
    }
}
