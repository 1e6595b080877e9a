package io.tributary.platform.produce;

import io.tributary.platform.log.ProducerStamp;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
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

    /**
     * The producer stamp the request's headers name, or null without any of them.
     *
     * <p>Read straight from the request rather than as typed {@code @RequestHeader} arguments: Spring
     * converts those through a data binder per argument and request, which was a visible share of a
     * one-record produce.
     */
    static @Nullable ProducerStamp parse(HttpServletRequest request) {
        String id = request.getHeader(PRODUCER_ID);
        String epoch = request.getHeader(PRODUCER_EPOCH);
        String sequence = request.getHeader(PRODUCER_SEQUENCE);
        if (id == null && epoch == null && sequence == null) {
            return null;
        }
        if (id == null || epoch == null || sequence == null) {
            throw bad("Idempotent produce needs all of " + PRODUCER_ID + ", " + PRODUCER_EPOCH + " and " + PRODUCER_SEQUENCE);
        }
        long producerId = number(PRODUCER_ID, id, Long.MAX_VALUE);
        long producerEpoch = number(PRODUCER_EPOCH, epoch, Integer.MAX_VALUE);
        long producerSequence = number(PRODUCER_SEQUENCE, sequence, Long.MAX_VALUE);
        return new ProducerStamp(producerId, (int) producerEpoch, producerSequence);
    }

    private static long number(String header, String value, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw bad("Invalid value '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "' for " + header
                    + ": a whole number is expected");
        }
        if (parsed < 0 || parsed > max) {
            throw bad(PRODUCER_ID + ", " + PRODUCER_EPOCH + " and " + PRODUCER_SEQUENCE + " must not be negative"
                    + (parsed > max ? "; " + header + " must be at most " + max : ""));
        }
        return parsed;
    }

    private static ApiException bad(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }
}
