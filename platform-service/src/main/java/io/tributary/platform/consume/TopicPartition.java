package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Comparator;

/** A partition of a topic; also its wire form {@code {"topic": "orders.events", "partition": 0}}. */
@Schema(description = "A partition of a topic")
record TopicPartition(
        @Schema(example = "orders.events") String topic,
        @Schema(example = "0") int partition) implements Comparable<TopicPartition> {

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Override
    public int compareTo(TopicPartition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
