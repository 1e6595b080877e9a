package io.tributary.platform.consume;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Tributary extension: how far a group is behind, per partition. */
record GroupLag(
        @Schema(example = "billing") String group,
        @JsonProperty("total_lag") @Schema(description = "Sum of the partitions' lag (partitions without a committed offset count their whole stored size)", example = "12") long totalLag,
        List<PartitionLag> partitions) {

    /** One partition's lag: end offset minus committed offset. */
    record PartitionLag(
            @Schema(example = "orders.events") String topic,
            @Schema(example = "0") int partition,
            @JsonProperty("committed_offset") @Schema(description = "Next offset the group will consume; null when nothing is committed", example = "30") @Nullable Long committedOffset,
            @JsonProperty("beginning_offset") @Schema(example = "0") long beginningOffset,
            @JsonProperty("end_offset") @Schema(example = "42") long endOffset,
            @Schema(description = "end_offset - committed_offset (from beginning_offset when nothing is committed)", example = "12") long lag,
            @Schema(description = "Instance that owns the partition now, if any", example = "consumer-1") @Nullable String owner) {
    }
}
