package io.tributary.outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The relay shard of an aggregate, computed in Java exactly as the migration's SQL function
 * {@code outbox_shard(aggregatetype, aggregateid, shards)} computes it: the first 32 bits of
 * {@code md5(aggregatetype || '/' || aggregateid)} as a signed integer, its sign bit cleared, modulo the shard
 * count. A writer uses it to name the shards of its rows in the notification after its commit, so only their
 * owners look for rows. (Assumes a UTF-8 database, where PostgreSQL hashes the same bytes as Java.)
 */
public final class OutboxShard {

    private OutboxShard() {
    }

    /** The shard of (aggregateType, aggregateId) among {@code shards}. */
    public static int of(String aggregateType, String aggregateId, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1, was " + shards);
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("MD5").digest((aggregateType + "/" + aggregateId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
        int first32 = ((digest[0] & 0xFF) << 24) | ((digest[1] & 0xFF) << 16) | ((digest[2] & 0xFF) << 8) | (digest[3] & 0xFF);
        return (first32 & 0x7FFFFFFF) % shards;
    }
}
