package io.tributary.platform.consume;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * JSON text that renders itself as UTF-8 straight into the output buffer of Jackson's UTF-8 generator, through
 * {@link JsonGenerator#writeRawValue(SerializableString)}: the generator asks {@link #appendUnquotedUTF8} to write
 * at its buffer's tail ("unquoted" is Jackson's word for "as it is"), and only when the text does not fit there
 * flushes and writes {@link #asUnquotedUTF8()}. A fetch answer goes through the UTF-8 generator; the other forms
 * (a {@code String} generator, quoting) answer through a decoded copy and are there for completeness.
 */
abstract class RawJson implements SerializableString {

    /** At least the number of bytes {@link #render} writes. */
    abstract int maxLength();

    /** Writes the text at {@code buffer[at]}, which has room for {@link #maxLength()} bytes; returns the position after it. */
    abstract int render(byte[] buffer, int at);

    @Override
    public final int appendUnquotedUTF8(byte[] buffer, int offset) {
        if (offset + maxLength() > buffer.length) {
            return -1; // the generator then flushes and writes asUnquotedUTF8()
        }
        return render(buffer, offset) - offset;
    }

    @Override
    public byte[] asUnquotedUTF8() {
        byte[] text = new byte[maxLength()];
        int length = render(text, 0);
        return length == text.length ? text : Arrays.copyOf(text, length);
    }

    @Override
    public final int writeUnquotedUTF8(OutputStream out) throws IOException {
        byte[] text = asUnquotedUTF8();
        out.write(text);
        return text.length;
    }

    @Override
    public final int putUnquotedUTF8(ByteBuffer buffer) {
        byte[] text = asUnquotedUTF8();
        if (text.length > buffer.remaining()) {
            return -1;
        }
        buffer.put(text);
        return text.length;
    }

    @Override
    public final String getValue() {
        return new String(asUnquotedUTF8(), StandardCharsets.UTF_8);
    }

    @Override
    public final int charLength() {
        return getValue().length();
    }

    @Override
    public final char[] asQuotedChars() {
        return new SerializedString(getValue()).asQuotedChars();
    }

    @Override
    public final byte[] asQuotedUTF8() {
        return new SerializedString(getValue()).asQuotedUTF8();
    }

    @Override
    public final int appendQuotedUTF8(byte[] buffer, int offset) {
        return new SerializedString(getValue()).appendQuotedUTF8(buffer, offset);
    }

    @Override
    public final int appendQuoted(char[] buffer, int offset) {
        return new SerializedString(getValue()).appendQuoted(buffer, offset);
    }

    @Override
    public final int appendUnquoted(char[] buffer, int offset) {
        return new SerializedString(getValue()).appendUnquoted(buffer, offset);
    }

    @Override
    public final int writeQuotedUTF8(OutputStream out) throws IOException {
        return new SerializedString(getValue()).writeQuotedUTF8(out);
    }

    @Override
    public final int putQuotedUTF8(ByteBuffer buffer) throws IOException {
        return new SerializedString(getValue()).putQuotedUTF8(buffer);
    }

    @Override
    public String toString() {
        return getValue();
    }
}
