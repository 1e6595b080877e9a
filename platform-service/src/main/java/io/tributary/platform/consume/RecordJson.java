package io.tributary.platform.consume;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.NumberOutput;

/**
 * A fetched record rendered in one piece, field by field in {@link ConsumerRecordResponse}'s order, straight into
 * the generator's buffer: one generator call per record instead of fifteen (each checks the writing context and
 * the room left). Only for the common shape, where nothing needs escaping: key and value are absent or
 * {@link JsonText} (checked JSON, or base64), and the header names are printable ASCII without quotes or
 * backslashes (topic names always are, by {@code TopicNames}; header values are base64). {@link #of} answers null
 * for anything else, which {@link ConsumerRecordWriter} writes field by field through Jackson.
 */
final class RecordJson extends RawJson {

    private static final byte[] TOPIC = ascii("{\"topic\":\"");
    private static final byte[] KEY = ascii("\",\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] PARTITION = ascii(",\"partition\":");
    private static final byte[] OFFSET = ascii(",\"offset\":");
    private static final byte[] HEADERS = ascii(",\"headers\":[");
    private static final byte[] HEADER_KEY = ascii("{\"key\":\"");
    private static final byte[] HEADER_VALUE = ascii("\",\"value\":\"");
    private static final byte[] TIMESTAMP = ascii("],\"timestamp\":");
    private static final byte[] NULL = ascii("null");
    /** Digits of an int and a long at most, with their sign. */
    private static final int INT_DIGITS = 11;
    private static final int LONG_DIGITS = 20;
    /** Every fixed part of a record with no headers, and the widest numbers. */
    private static final int FIXED = TOPIC.length + KEY.length + VALUE.length + PARTITION.length + INT_DIGITS + OFFSET.length
            + LONG_DIGITS + HEADERS.length + TIMESTAMP.length + LONG_DIGITS + 1;

    private final ConsumerRecordResponse record;
    private final @Nullable JsonText key;
    private final @Nullable JsonText value;
    private final int maxLength;

    private RecordJson(ConsumerRecordResponse record, @Nullable JsonText key, @Nullable JsonText value, int maxLength) {
        this.record = record;
        this.key = key;
        this.value = value;
        this.maxLength = maxLength;
    }

    /** The record in one piece, or null when some part of it needs Jackson (a text value, a name to escape). */
    static @Nullable RecordJson of(ConsumerRecordResponse record) {
        // The topic needs no check: TopicNames allows only [a-zA-Z0-9._-] in a name.
        if (!(record.key() == null || record.key() instanceof JsonText) || !(record.value() == null || record.value() instanceof JsonText)) {
            return null;
        }
        JsonText key = (JsonText) record.key();
        JsonText value = (JsonText) record.value();
        int length = FIXED + record.topic().length() + (key == null ? NULL.length : key.length())
                + (value == null ? NULL.length : value.length());
        List<ConsumerRecordResponse.Header> headers = record.headers();
        for (int i = 0; i < headers.size(); i++) {
            ConsumerRecordResponse.Header header = headers.get(i);
            if (!isPlain(header.key()) || !isPlain(header.value())) {
                return null;
            }
            length += HEADER_KEY.length + header.key().length() + HEADER_VALUE.length + header.value().length() + 3; // "},
        }
        return new RecordJson(record, key, value, length);
    }

    @Override
    int maxLength() {
        return maxLength;
    }

    @Override
    int render(byte[] buffer, int at) {
        at = put(TOPIC, buffer, at);
        at = putAscii(record.topic(), buffer, at);
        at = put(KEY, buffer, at);
        at = key == null ? put(NULL, buffer, at) : key.copyInto(buffer, at);
        at = put(VALUE, buffer, at);
        at = value == null ? put(NULL, buffer, at) : value.copyInto(buffer, at);
        at = put(PARTITION, buffer, at);
        at = NumberOutput.outputInt(record.partition(), buffer, at);
        at = put(OFFSET, buffer, at);
        at = NumberOutput.outputLong(record.offset(), buffer, at);
        at = put(HEADERS, buffer, at);
        List<ConsumerRecordResponse.Header> headers = record.headers();
        for (int i = 0; i < headers.size(); i++) {
            ConsumerRecordResponse.Header header = headers.get(i);
            if (i > 0) {
                buffer[at++] = ',';
            }
            at = put(HEADER_KEY, buffer, at);
            at = putAscii(header.key(), buffer, at);
            at = put(HEADER_VALUE, buffer, at);
            at = putAscii(header.value(), buffer, at);
            buffer[at++] = '"';
            buffer[at++] = '}';
        }
        at = put(TIMESTAMP, buffer, at);
        at = NumberOutput.outputLong(record.timestamp(), buffer, at);
        buffer[at++] = '}';
        return at;
    }

    /** Whether the text can be written between quotes as it is: printable ASCII, no quote, no backslash. */
    private static boolean isPlain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int put(byte[] bytes, byte[] buffer, int at) {
        System.arraycopy(bytes, 0, buffer, at, bytes.length);
        return at + bytes.length;
    }

    /** A plain text (see {@link #isPlain}): one byte per char. */
    private static int putAscii(String text, byte[] buffer, int at) {
        for (int i = 0; i < text.length(); i++) {
            buffer[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
