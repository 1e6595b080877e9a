package io.tributary.client;

import java.util.List;

/**
 * Processes one fetched batch of records for a {@link ConsumerGroupMember}, e.g. in one database transaction. The
 * batch keeps the order of each partition's records. The offsets of the whole batch are committed only after this
 * returns normally; if it throws, nothing of the batch is committed, the member rejoins and the whole batch is
 * delivered again (at-least-once: records it had applied before failing come again, so make processing idempotent).
 */
@FunctionalInterface
public interface BatchHandler {

    /** @param records one fetch's records, never empty */
    void handle(List<ConsumerRecord> records) throws Exception;
}
