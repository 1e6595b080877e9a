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

    static @Nullable ProducerStamp parse(@Nullable String id, @Nullable String epoch, @Nullable String sequence) {
        if (id == null && epoch == null && sequence == null) {
            return null;
        }
        if (id == null || epoch == null || sequence == null) {
            throw bad("Idempotent produce needs all of " + PRODUCER_ID + ", " + PRODUCER_EPOCH + " and " + PRODUCER_SEQUENCE);
        }
        long producerId = parseNonNegative(PRODUCER_ID, id);
        long producerEpoch = parseNonNegative(PRODUCER_EPOCH, epoch);
        if (producerEpoch > Integer.MAX_VALUE) {
            throw bad(PRODUCER_EPOCH + " must be at most " + Integer.MAX_VALUE);
        }
        return new ProducerStamp(producerId, (int) producerEpoch, parseNonNegative(PRODUCER_SEQUENCE, sequence));
    }

    private static long parseNonNegative(String header, String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed < 0) {
                throw bad(header + " must not be negative, was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw bad(header + " must be a whole number, was '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}
