package io.tributary.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.client.Header;
import io.tributary.client.ProducerRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How an outbox row becomes the record the relay produces. */
final class OutboxRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboxRecords() {
    }

    /**
     * The record of a row: key = aggregateid, value = payload (jsonb text), headers {@code id}, {@code type},
     * then the row's headers. Deterministic, so a re-sent batch carries identical records.
     */
    static ProducerRecord record(OutboxRow row, String topic) {
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of("id", row.id().toString()));
        headers.add(Header.of("type", row.type()));
        if (row.headers() != null) {
            try {
                JsonNode node = JSON.readTree(row.headers());
                if (node != null && node.isObject()) {
                    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        JsonNode value = field.getValue();
                        headers.add(Header.of(field.getKey(), value.isTextual() ? value.asText() : value.toString()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Unparsable headers of outbox row " + row.id(), e);
            }
        }
        return new ProducerRecord(topic, null, row.aggregateId().getBytes(StandardCharsets.UTF_8),
                row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8), headers);
    }
}
