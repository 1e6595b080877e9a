package io.tributary.platform.consume;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Tributary extension: a group's members, their assignment and state. */
record GroupDescription(
        @Schema(example = "billing") String group,
        @Schema(allowableValues = {"Stable", "Empty"}) String state,
        @Schema(description = "Increases with every rebalance", example = "3") int generation,
        List<Member> members) {

    /** A live consumer instance. */
    record Member(
            @JsonProperty("instance_id") @Schema(example = "consumer-1") String instanceId,
            @Schema(example = "json") String format,
            @Schema(description = "Subscribed topics (for a pattern subscription empty)") List<String> topics,
            @JsonProperty("topic_pattern") @Nullable String topicPattern,
            @JsonProperty("manually_assigned") boolean manuallyAssigned,
            @Schema(description = "Partitions the member owns now") List<TopicPartition> assignment,
            @JsonProperty("auto_commit") boolean autoCommit,
            @JsonProperty("idle_ms") @Schema(description = "Milliseconds since its last request", example = "1200") long idleMs,
            @JsonProperty("instance_timeout_ms") @Schema(example = "300000") long instanceTimeoutMs) {
    }
}
