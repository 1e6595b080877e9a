package io.tributary.platform.log;

/**
 * Identifies the idempotent-producer request a record was appended by. The engine stores it with
 * each record so that de-duplication state can be rebuilt from the log after a crash; it does not
 * interpret it.
 *
 * @param producerId the producer's id, chosen by the producer
 * @param epoch      the producer's epoch (a restarted producer instance bumps it)
 * @param sequence   the producer's request sequence number
 */
public record ProducerStamp(long producerId, int epoch, long sequence) {
}
