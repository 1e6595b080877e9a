package io.tributary.platform.consume;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a fetched record field by field, in the order of {@link ConsumerRecordResponse}'s components (the wire
 * shape the REST Proxy v2 answers, unchanged).
 *
 * <p>Why by hand: a fetch answers up to 10,000 records, and Jackson's bean serializer spent more of the
 * platform's CPU on a consume load than reading the log did (a property writer and a getter call per field,
 * a serializer lookup for each {@code Object}-typed key and value). Keys and values come from
 * {@link RecordFormat#embed} as {@link JsonText} (JSON or base64, written as they are) or text; anything else
 * is left to Jackson. A record of the common shape (nothing to escape) is rendered in one piece by {@link RecordJson}.
 */
final class ConsumerRecordWriter extends ValueSerializer<ConsumerRecordResponse> {

    private static final SerializableString TOPIC = new SerializedString("topic");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString PARTITION = new SerializedString("partition");
    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString HEADERS = new SerializedString("headers");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");

    @Override
    public void serialize(ConsumerRecordResponse record, JsonGenerator generator, SerializationContext context) {
        RecordJson whole = RecordJson.of(record);
        if (whole != null) {
            generator.writeRawValue(whole);
            return;
        }
        generator.writeStartObject(record);
        generator.writeName(TOPIC);
        generator.writeString(record.topic());
        generator.writeName(KEY);
        writeEmbedded(record.key(), generator, context);
        generator.writeName(VALUE);
        writeEmbedded(record.value(), generator, context);
        generator.writeName(PARTITION);
        generator.writeNumber(record.partition());
        generator.writeName(OFFSET);
        generator.writeNumber(record.offset());
        generator.writeName(HEADERS);
        writeHeaders(record.headers(), generator);
        generator.writeName(TIMESTAMP);
        generator.writeNumber(record.timestamp());
        generator.writeEndObject();
    }

    private static void writeEmbedded(@Nullable Object embedded, JsonGenerator generator, SerializationContext context) {
        if (embedded == null) {
            generator.writeNull();
        } else if (embedded instanceof String text) {
            generator.writeString(text);
        } else if (embedded instanceof JsonText json) {
            json.writeTo(generator);
        } else {
            context.writeValue(generator, embedded);
        }
    }

    private static void writeHeaders(List<ConsumerRecordResponse.Header> headers, JsonGenerator generator) {
        generator.writeStartArray(headers, headers.size());
        for (ConsumerRecordResponse.Header header : headers) {
            generator.writeStartObject(header);
            generator.writeName(KEY);
            generator.writeString(header.key());
            generator.writeName(VALUE);
            generator.writeString(header.value());
            generator.writeEndObject();
        }
        generator.writeEndArray();
    }
}
