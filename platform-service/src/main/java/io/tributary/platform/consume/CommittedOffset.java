package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;

/** A committed offset as {@code GET .../offsets} answers it. */
record CommittedOffset(
        @Schema(example = "orders.events") String topic,
        @Schema(example = "0") int partition,
        @Schema(description = "The next record the group will consume; -1 when nothing is committed", example = "42") long offset,
        @Schema(example = "") String metadata) {
}
