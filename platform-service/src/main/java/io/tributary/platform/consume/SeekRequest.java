package io.tributary.platform.consume;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code POST .../positions}: explicit offsets and/or timestamps (first record at or after). */
record SeekRequest(
        @Schema(description = "Next offset to fetch per partition") @Nullable List<PartitionOffset> offsets,
        @Schema(description = "Seek to the first record whose timestamp is at or after the given time") @Nullable List<PartitionTimestamp> timestamps) {
}
