package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code {"partitions": [{"topic": .., "partition": ..}]}}: assignments, seeks to beginning/end, offset queries. */
record PartitionList(@Schema(description = "Partitions") @Nullable List<TopicPartition> partitions) {
}
