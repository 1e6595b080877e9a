package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;

/** Tributary extension: a group in {@code GET /consumers}. */
record GroupSummary(
        @Schema(example = "billing") String group,
        @Schema(description = "Stable: has live members; Empty: only committed offsets", allowableValues = {"Stable", "Empty"}) String state,
        @Schema(example = "2") int members) {
}
