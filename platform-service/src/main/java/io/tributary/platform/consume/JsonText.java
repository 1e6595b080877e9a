package io.tributary.platform.consume;

import io.tributary.platform.json.JsonSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * Stored bytes known to hold exactly one well-formed JSON value, embedded in a fetch response as they are.
 *
 * <p>Why not a tree: a JSON consumer fetches thousands of records per request, and parsing each value
 * into a {@code JsonNode} only to write it back was the largest per-record cost of a fetch. {@link JsonSyntax}
 * still reads every byte (syntax, string escapes, UTF-8), so malformed values are refused; nothing is built.
 */
final class JsonText implements JacksonSerializable {

    private final byte[] bytes;
    /** Whether the text is {@code bytes} between double quotes (a base64 string), written around them when embedded. */
    private final boolean quoted;

    private JsonText(byte[] bytes, boolean quoted) {
        this.bytes = bytes;
        this.quoted = quoted;
    }

    /**
     * The bytes as a JSON string of their base64 (RFC 4648, no line feeds), as the binary format embeds them.
     * The JDK's encoder is vectorised (~5x Jackson's per-byte base64 on a 100-byte value here), and what it
     * writes never needs escaping, so it is embedded as it is, between the quotes (not copied into a quoted array).
     */
    static JsonText base64(byte[] bytes) {
        return new JsonText(Base64.getEncoder().encode(bytes), true);
    }

    /**
     * The bytes as JSON text.
     *
     * @throws IllegalArgumentException if they are empty, not JSON, or more than one value
     */
    static JsonText of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty, not JSON");
        }
        JsonSyntax.check(bytes);
        return new JsonText(bytes, false);
    }

    /** The number of bytes {@link #copyInto} writes. */
    int length() {
        return quoted ? bytes.length + 2 : bytes.length;
    }

    /** Writes the text at {@code buffer[at]}, which must have room for {@link #length()} bytes; returns the position after it. */
    int copyInto(byte[] buffer, int at) {
        if (quoted) {
            buffer[at++] = '"';
        }
        System.arraycopy(bytes, 0, buffer, at, bytes.length);
        at += bytes.length;
        if (quoted) {
            buffer[at++] = '"';
        }
        return at;
    }

    @Override
    public void serialize(JsonGenerator generator, SerializationContext context) {
        writeTo(generator);
    }

    /** Writes the value as it is stored: its UTF-8 bytes are copied into the generator's buffer, never decoded. */
    void writeTo(JsonGenerator generator) {
        generator.writeRawValue(new Utf8Bytes(this));
    }

    @Override
    public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer typeSerializer) {
        serialize(generator, context);
    }

    @Override
    public String toString() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return quoted ? '"' + text + '"' : text;
    }

    /** The bytes as they are stored, for the generator to copy (never decode); a quoted text without a quoted copy. */
    private static final class Utf8Bytes extends RawJson {

        private final JsonText text;

        Utf8Bytes(JsonText text) {
            this.text = text;
        }

        @Override
        int maxLength() {
            return text.length();
        }

        @Override
        int render(byte[] buffer, int at) {
            return text.copyInto(buffer, at);
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return text.quoted ? super.asUnquotedUTF8() : text.bytes; // the stored bytes, not a copy
        }
    }
}
