package io.tributary.client;

/**
 * What makes a produce request idempotent, sent as the request headers {@code Tributary-Producer-Id},
 * {@code Tributary-Producer-Epoch} and {@code Tributary-Producer-Sequence}.
 *
 * <p>The sequence numbers the producer's requests (not records), across all topics: after the first request
 * of a (producer id, epoch), each new request carries the previous sequence + 1. Re-sending a request with
 * one of the last 5 sequences is answered with the original offsets and appends nothing; a gap, an older
 * sequence or a lower epoch is rejected with 422 / 42206. A higher epoch starts a new incarnation.
 *
 * @param producerId the producer's id, {@code >= 0}
 * @param epoch      the producer's epoch, {@code >= 0}
 * @param sequence   the request's sequence number, {@code >= 0}
 */
public record ProducerStamp(long producerId, int epoch, long sequence) {

    public static final String PRODUCER_ID_HEADER = "Tributary-Producer-Id";
    public static final String PRODUCER_EPOCH_HEADER = "Tributary-Producer-Epoch";
    public static final String PRODUCER_SEQUENCE_HEADER = "Tributary-Producer-Sequence";
    public static final String DUPLICATE_HEADER = "Tributary-Duplicate";

    public ProducerStamp {
        if (producerId < 0 || epoch < 0 || sequence < 0) {
            throw new IllegalArgumentException("producer id, epoch and sequence must be >= 0: " + producerId
                    + "/" + epoch + "/" + sequence);
        }
    }

    /** The stamp of the producer's next request. */
    public ProducerStamp next() {
        return new ProducerStamp(producerId, epoch, sequence + 1);
    }
}
