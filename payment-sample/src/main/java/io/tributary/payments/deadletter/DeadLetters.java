package io.tributary.payments.deadletter;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.client.ConsumerRecord;
import io.tributary.client.Header;
import io.tributary.client.ProducerRecord;
import io.tributary.client.RecordMetadata;
import io.tributary.client.TributaryProducer;
import io.tributary.payments.PaymentSampleProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dead-letter topic: publishes records the consumer gave up on (with the {@link DeadLetterHeaders}), keeps an
 * index of them for {@code GET /dlt}, and redrives them to their original topic and partition, where they are
 * processed like any record (same event id, so the idempotent consumer still applies).
 *
 * <p>Publishing is at-least-once: a crash between the publish and the index row publishes the record again when it
 * is redelivered and fails again, but the index keeps one row per source record.
 */
@Service
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final TypeReference<List<Map<String, String>>> HEADER_LIST = new TypeReference<>() { };

    private final DeadLetterRepository deadLetters;
    private final TributaryProducer producer;
    private final PaymentSampleProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;

    DeadLetters(DeadLetterRepository deadLetters, TributaryProducer producer, PaymentSampleProperties properties,
            JsonMapper json, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.deadLetters = deadLetters;
        this.producer = producer;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** Publishes {@code record} to the dead-letter topic and indexes it; a record dead-lettered before is skipped. */
    @Transactional
    public void deadLetter(ConsumerRecord record, Exception cause, int attempts) {
        if (deadLetters.existsBySourceTopicAndSourcePartitionAndSourceOffset(record.topic(), record.partition(),
                record.offset())) {
            log.info("{} is in the dead-letter topic already", record);
            return;
        }
        Instant now = clock.instant();
        String message = Optional.ofNullable(cause.getMessage()).orElse("");
        List<Header> headers = new ArrayList<>(withoutDeadLetterHeaders(record.headers()));
        headers.add(Header.of(DeadLetterHeaders.ORIGINAL_TOPIC, record.topic()));
        headers.add(Header.of(DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition())));
        headers.add(Header.of(DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset())));
        headers.add(Header.of(DeadLetterHeaders.EXCEPTION_CLASS, cause.getClass().getName()));
        headers.add(Header.of(DeadLetterHeaders.EXCEPTION_MESSAGE, abbreviate(message)));
        headers.add(Header.of(DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts)));
        headers.add(Header.of(DeadLetterHeaders.FAILED_AT, now.toString()));
        String topic = properties.deadLetterTopic();
        RecordMetadata published = producer.send(topic,
                List.of(new ProducerRecord(topic, null, record.key(), record.value(), headers))).get(0);
        deadLetters.save(new DeadLetter(record.topic(), record.partition(), record.offset(), record.keyAsString(),
                record.value(), headersJson(withoutDeadLetterHeaders(record.headers())), cause.getClass().getName(),
                abbreviate(message), attempts, now, published.partition(), published.offset()));
        meters.counter("tributary.deadletters.published", "topic", record.topic()).increment();
        log.warn("Dead-lettered {} after {} attempt(s) to {}/{}@{}: {}", record, attempts, topic, published.partition(),
                published.offset(), cause.toString());
    }

    /** Dead letters, oldest first; {@code redriven} null for all. */
    @Transactional(readOnly = true)
    public List<DeadLetter> list(@Nullable Boolean redriven) {
        if (redriven == null) {
            return deadLetters.findAllByOrderByIdAsc();
        }
        return redriven ? deadLetters.findByRedrivenAtIsNotNullOrderByIdAsc() : deadLetters.findByRedrivenAtIsNullOrderByIdAsc();
    }

    /**
     * Republishes the dead letters not redriven yet (all of them, or those of {@code ids}) to their original topic and
     * partition with their original key, value and headers, and marks them redriven.
     */
    @Transactional
    public List<DeadLetter> redrive(@Nullable Collection<Long> ids) {
        List<DeadLetter> redriven = new ArrayList<>();
        for (DeadLetter letter : deadLetters.findPendingForUpdate()) {
            if (ids != null && !ids.contains(letter.id())) {
                continue;
            }
            ProducerRecord record = new ProducerRecord(letter.sourceTopic(), letter.sourcePartition(),
                    letter.recordKey() == null ? null : letter.recordKey().getBytes(StandardCharsets.UTF_8),
                    letter.recordValue(), headers(letter.headersJson()));
            RecordMetadata published = producer.send(letter.sourceTopic(), List.of(record)).get(0);
            letter.redriven(clock.instant());
            redriven.add(letter);
            meters.counter("tributary.deadletters.redriven", "topic", letter.sourceTopic()).increment();
            log.info("Redrove dead letter {} to {}/{}@{}", letter.id(), published.topic(), published.partition(),
                    published.offset());
        }
        return redriven;
    }

    /** The headers of a dead letter as name/value pairs, in order. */
    public List<Map.Entry<String, String>> originalHeaders(DeadLetter letter) {
        return headers(letter.headersJson()).stream().map(h -> Map.entry(h.name(), h.valueAsString())).toList();
    }

    private static List<Header> withoutDeadLetterHeaders(List<Header> headers) {
        return headers.stream().filter(h -> !DeadLetterHeaders.ALL.contains(h.name())).toList();
    }

    private String headersJson(List<Header> headers) {
        List<Map<String, String>> list = new ArrayList<>();
        for (Header header : headers) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("name", header.name());
            entry.put("value", header.valueAsString());
            list.add(entry);
        }
        return json.writeValueAsString(list);
    }

    private List<Header> headers(String headersJson) {
        return json.readValue(headersJson, HEADER_LIST).stream()
                .map(h -> Header.of(h.get("name"), h.get("value")))
                .toList();
    }

    private static String abbreviate(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000) + "...";
    }
}
