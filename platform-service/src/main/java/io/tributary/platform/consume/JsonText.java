package io.tributary.platform.consume;

import io.tributary.platform.json.JsonSyntax;
import java.nio.ByteBuffer;
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

    /** The text is {@code bytes[offset, offset + length)}: a stored value is a slice of its record's document copy. */
    private final byte[] bytes;
    private final int offset;
    private final int byteLength;
    /** Whether the text is those bytes between double quotes (a base64 string), written around them when embedded. */
    private final boolean quoted;

    private JsonText(byte[] bytes, int offset, int byteLength, boolean quoted) {
        this.bytes = bytes;
        this.offset = offset;
        this.byteLength = byteLength;
        this.quoted = quoted;
    }

    /**
     * The bytes as a JSON string of their base64 (RFC 4648, no line feeds), as the binary format embeds them.
     * The JDK's encoder is vectorised (~5x Jackson's per-byte base64 on a 100-byte value here), and what it
     * writes never needs escaping, so it is embedded as it is, between the quotes (not copied into a quoted array).
     */
    static JsonText base64(byte[] bytes) {
        return base64(bytes, 0, bytes.length);
    }

    /** {@link #base64(byte[])} of {@code bytes[offset, offset + length)}, encoded from where they are. */
    static JsonText base64(byte[] bytes, int offset, int length) {
        // The ByteBuffer form encodes a slice with the same vectorised loop; its result wraps an exactly sized array.
        byte[] encoded = Base64.getEncoder().encode(ByteBuffer.wrap(bytes, offset, length)).array();
        return new JsonText(encoded, 0, encoded.length, true);
    }

    /**
     * The bytes as JSON text.
     *
     * @throws IllegalArgumentException if they are empty, not JSON, or more than one value
     */
    static JsonText of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /**
     * {@code bytes[offset, offset + length)} as JSON text, embedded from where they are (not copied): the bytes must not
     * change while the text is in use.
     *
     * @throws IllegalArgumentException if they are empty, not JSON, or more than one value
     */
    static JsonText of(byte[] bytes, int offset, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("empty, not JSON");
        }
        JsonSyntax.check(bytes, offset, length);
        return new JsonText(bytes, offset, length, false);
    }

    /** The number of bytes {@link #copyInto} writes. */
    int length() {
        return quoted ? byteLength + 2 : byteLength;
    }

    /** Writes the text at {@code buffer[at]}, which must have room for {@link #length()} bytes; returns the position after it. */
    int copyInto(byte[] buffer, int at) {
        if (quoted) {
            buffer[at++] = '"';
        }
        System.arraycopy(bytes, offset, buffer, at, byteLength);
        at += byteLength;
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
        String text = new String(bytes, offset, byteLength, StandardCharsets.UTF_8);
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
            // The stored bytes, not a copy, when they are a whole array.
            return text.quoted || text.offset != 0 || text.byteLength != text.bytes.length ? super.asUnquotedUTF8() : text.bytes;
        }
    }
}
