package io.tributary.platform.produce;

import io.tributary.platform.log.ProducerStamp;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * Parses the idempotent-produce request headers. All three or none must be present.
 */
final class ProducerRequestId {

    static final String PRODUCER_ID = "Tributary-Producer-Id";
    static final String PRODUCER_EPOCH = "Tributary-Producer-Epoch";
    static final String PRODUCER_SEQUENCE = "Tributary-Producer-Sequence";
    static final String DUPLICATE = "Tributary-Duplicate";

    private ProducerRequestId() {
    }

    static @Nullable ProducerStamp parse(@Nullable Long id, @Nullable Integer epoch, @Nullable Long sequence) {
        if (id == null && epoch == null && sequence == null) {
            return null;
        }
        if (id == null || epoch == null || sequence == null) {
            throw bad("Idempotent produce needs all of " + PRODUCER_ID + ", " + PRODUCER_EPOCH + " and " + PRODUCER_SEQUENCE);
        }
        if (id < 0 || epoch < 0 || sequence < 0) {
            throw bad(PRODUCER_ID + ", " + PRODUCER_EPOCH + " and " + PRODUCER_SEQUENCE + " must not be negative");
        }
        return new ProducerStamp(id, epoch, sequence);
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}
