package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/** A partition of a topic; also its wire form {@code {"topic": "orders.events", "partition": 0}}. */
@Schema(description = "A partition of a topic")
record TopicPartition(
        @Schema(example = "orders.events") String topic,
        @Schema(example = "0") int partition) implements Comparable<TopicPartition> {

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** A partition named in a request: 422 when the entry or its topic is missing. */
    static TopicPartition require(@Nullable TopicPartition tp) {
        return require(tp == null ? null : tp.topic(), tp == null ? 0 : tp.partition());
    }

    /** 422 when the topic is missing; otherwise the partition (existence is checked by the log). */
    static TopicPartition require(@Nullable String topic, int partition) {
        if (topic == null || topic.isBlank()) {
            throw new ApiException(ErrorCode.UNPROCESSABLE, "Every entry needs a topic and a partition");
        }
        return new TopicPartition(topic, partition);
    }

    @Override
    public int compareTo(TopicPartition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
