package io.tributary.payments.deadletter;

import java.util.List;

/** Headers a dead-lettered record carries besides its original ones (names as Spring Kafka's, without the prefix). */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "dlt-original-offset";
    public static final String EXCEPTION_CLASS = "dlt-exception-class";
    public static final String EXCEPTION_MESSAGE = "dlt-exception-message";
    public static final String ATTEMPTS = "dlt-attempts";
    public static final String FAILED_AT = "dlt-failed-at";

    public static final List<String> ALL = List.of(ORIGINAL_TOPIC, ORIGINAL_PARTITION, ORIGINAL_OFFSET,
            EXCEPTION_CLASS, EXCEPTION_MESSAGE, ATTEMPTS, FAILED_AT);

    private DeadLetterHeaders() {
    }
}
