package io.tributary.client;

import java.util.List;

/**
 * The answer to one produce request.
 *
 * @param records   where each record went, in request order
 * @param duplicate true when the platform recognised an idempotent retry and answered the offsets of the
 *                  original append (response header {@code Tributary-Duplicate: true}); nothing was appended
 */
public record ProduceResult(List<RecordMetadata> records, boolean duplicate) {

    public ProduceResult {
        records = List.copyOf(records);
    }
}
