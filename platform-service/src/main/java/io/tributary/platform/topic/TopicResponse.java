package io.tributary.platform.topic;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A topic as {@code GET /topics/{topic}} shows it (Kafka REST Proxy v2 shape). */
@Schema(name = "Topic")
public record TopicResponse(
        @Schema(example = "orders.events") String name,
        @Schema(example = "{\"retention.ms\": \"604800000\", \"retention.bytes\": \"-1\", \"max.message.bytes\": \"1048576\", \"roll.cycle\": \"hourly\"}")
        Map<String, String> configs,
        List<PartitionResponse> partitions) {
}
