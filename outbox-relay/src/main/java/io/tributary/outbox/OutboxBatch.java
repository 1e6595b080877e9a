package io.tributary.outbox;

import java.util.List;

/**
 * Rows claimed for one produce request: they go to one topic, in this order, stamped with the shard's producer
 * id and this (epoch, sequence). A batch is re-sent only unchanged.
 *
 * @param shard    the shard whose producer sends it
 * @param epoch    the producer epoch at claim time
 * @param sequence the producer sequence of the request
 * @param topic    the topic, fixed at claim time (a later change of the topic mapping does not alter a claimed batch)
 * @param rows     the rows in position order
 */
record OutboxBatch(int shard, int epoch, long sequence, String topic, List<OutboxRow> rows) {

    OutboxBatch {
        rows = List.copyOf(rows);
    }

    long lastPosition() {
        return rows.get(rows.size() - 1).position();
    }
}
