package io.tributary.platform.topic;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /admin/topics}, in the Strimzi bridge's shape. */
@Schema(name = "NewTopic")
public record CreateTopicRequest(
        @JsonProperty("topic_name") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "orders.events",
                description = "1 to 249 characters of [a-zA-Z0-9._-], not '.' or '..'") @Nullable String topicName,
        @JsonProperty("partitions_count") @Schema(example = "6", description = "Defaults to tributary.platform.topics.default-partitions")
        @Nullable Integer partitionsCount,
        @JsonProperty("replication_factor") @Schema(example = "1", description = "Accepted for compatibility; must be 1 if given (single node)")
        @Nullable Integer replicationFactor,
        @Schema(description = "Topic configs: retention.ms, retention.bytes, max.message.bytes, roll.cycle",
                example = "{\"retention.ms\": \"86400000\"}") @Nullable Map<String, String> configs) {
}
