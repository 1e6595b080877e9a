package io.tributary.platform.consume;

import java.util.List;

/** {@code {"offsets": [...]}} answered by {@code GET .../offsets}. */
record CommittedOffsets(List<CommittedOffset> offsets) {
}
