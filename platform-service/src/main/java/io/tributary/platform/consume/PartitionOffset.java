package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;

/** An offset of one partition: for commits, the offset of the next record to consume; for seeks, the next record to fetch. */
record PartitionOffset(
        @Schema(example = "orders.events") @org.jspecify.annotations.Nullable String topic,
        @Schema(example = "0") int partition,
        @Schema(example = "42") long offset) {

    TopicPartition topicPartition() {
        return TopicPartition.require(topic, partition);
    }
}
