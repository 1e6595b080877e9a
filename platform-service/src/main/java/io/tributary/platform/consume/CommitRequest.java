package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code {"offsets": [...]}}; an absent body or list commits everything the instance has fetched. */
record CommitRequest(
        @Schema(description = "Offsets to commit: each the offset of the next record to consume (Kafka's convention)")
        @Nullable List<PartitionOffset> offsets) {
}
