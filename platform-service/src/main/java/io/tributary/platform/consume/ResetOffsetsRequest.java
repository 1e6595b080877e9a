package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Tributary extension: where to move a member-less group's committed offsets. */
@Schema(description = "Reset a group's committed offsets. Without topics and partitions, every partition the group has committed offsets for is reset.")
record ResetOffsetsRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"earliest", "latest", "timestamp", "offset"}, example = "earliest") @Nullable String to,
        @Schema(description = "For to=timestamp: epoch milliseconds or ISO-8601 instant", example = "1767225600000") @Nullable String timestamp,
        @Schema(description = "For to=offset", example = "0") @Nullable Long offset,
        @Schema(description = "Reset all partitions of these topics", example = "[\"orders.events\"]") @Nullable List<String> topics,
        @Schema(description = "Reset these partitions") @Nullable List<TopicPartition> partitions) {
}
