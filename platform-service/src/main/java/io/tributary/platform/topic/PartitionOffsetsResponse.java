package io.tributary.platform.topic;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** {@code GET /topics/{topic}/partitions/{p}/offsets}: the first stored offset and the next offset to be written. */
@Schema(name = "OffsetsSummary")
public record PartitionOffsetsResponse(
        @JsonProperty("beginning_offset") @Schema(example = "0") long beginningOffset,
        @JsonProperty("end_offset") @Schema(example = "42") long endOffset) {
}
