package io.tributary.platform.topic;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /admin/topics/{topic}/partitions}: the new, larger partition count. */
@Schema(name = "PartitionsIncrease")
public record IncreasePartitionsRequest(
        @JsonProperty("partitions_count") @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "12")
        @Nullable Integer partitionsCount) {
}
