package io.tributary.client;

/**
 * Processes one record for a {@link ConsumerGroupMember}. The record's offset is committed only after this
 * returns normally; if it throws, the member commits what was processed before, rejoins, and the record is
 * delivered again (at-least-once, so make processing idempotent, e.g. by recording processed ids).
 */
@FunctionalInterface
public interface RecordHandler {

    void handle(ConsumerRecord record) throws Exception;
}
