package io.tributary.platform.produce;

import io.tributary.platform.json.JsonSyntax;
import io.tributary.platform.log.NewRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a well-formed produce body of the usual shape straight from its bytes, or declines it: then
 * {@link ProduceRequestParser} reads it with Jackson, which answers exactly as it always did, errors included.
 *
 * <p>Why: with Jackson, a JSON value was tokenized and written again token by token to get its compact bytes,
 * and the body's envelope (field names, brackets) went through a general tokenizer too; this is one pass over
 * the bytes, and a plain value's stored bytes are a slice of the body ({@link CompactJson}).
 *
 * <p>Declined, so left to Jackson: anything malformed or of another shape (every error message comes from
 * one place), escapes in member names, binary or text strings with escapes, headers, partitions given as
 * strings or out of range, values nested deeper than {@value #MAX_VALUE_DEPTH} levels or with very long
 * numbers (near Jackson's read constraints), and bodies in other encodings or with a byte order mark.
 * Whatever it accepts, Jackson accepts and reads into the same records ({@code ProduceRequestParserTests}).
 *
 * <p>Not thread-safe: one instance per request.
 */
final class ProduceBodyScanner {

    /** Deeper values are left to Jackson, whose nesting limit also counts the three levels of the body around them. */
    static final int MAX_VALUE_DEPTH = 256;
    /** Longer member names are left to Jackson (its limit is 50,000). */
    private static final int MAX_NAME_BYTES = 1_000;

    private static final byte[] RECORDS = ascii("records");
    private static final byte[] KEY = ascii("key");
    private static final byte[] VALUE = ascii("value");
    private static final byte[] PARTITION = ascii("partition");
    private static final byte[] HEADERS = ascii("headers");

    private final byte[] body;
    private final EmbeddedFormat format;
    private final CompactJson json;
    private final JsonSyntax syntax;
    private int at;
    /** The current member name, between its quotes. */
    private int nameStart;
    private int nameEnd;

    ProduceBodyScanner(byte[] body, EmbeddedFormat format, CompactJson json) {
        this.body = body;
        this.format = format;
        this.json = json;
        this.syntax = JsonSyntax.over(body);
    }

    /** The body's records in order, or null when the body is left to Jackson. */
    @Nullable List<ProduceRequestParser.ParsedRecord> scan() {
        try {
            return body();
        } catch (Declined | IllegalArgumentException e) { // IllegalArgumentException: malformed JSON or base64
            return null;
        }
    }

    private List<ProduceRequestParser.ParsedRecord> body() {
        List<ProduceRequestParser.ParsedRecord> records = null;
        skipWhitespace();
        expect('{');
        if (!emptyUntil('}')) {
            do {
                name();
                if (nameIs(RECORDS)) {
                    records = records();
                } else {
                    skipValue();
                }
            } while (more('}'));
        }
        skipWhitespace();
        if (at != body.length || records == null || records.isEmpty()) {
            throw Declined.INSTANCE;
        }
        return records;
    }

    private @Nullable List<ProduceRequestParser.ParsedRecord> records() {
        if (isNull()) {
            return null;
        }
        expect('[');
        List<ProduceRequestParser.ParsedRecord> records = new ArrayList<>();
        if (!emptyUntil(']')) {
            do {
                expect('{');
                records.add(record());
            } while (more(']'));
        }
        return records;
    }

    /** A record object, its opening brace read. */
    private ProduceRequestParser.ParsedRecord record() {
        byte[] key = null;
        byte[] value = null;
        Integer partition = null;
        if (!emptyUntil('}')) {
            do {
                name();
                if (nameIs(VALUE)) {
                    value = embedded();
                } else if (nameIs(KEY)) {
                    key = embedded();
                } else if (nameIs(PARTITION)) {
                    partition = partition();
                } else if (nameIs(HEADERS)) {
                    noHeaders();
                } else {
                    skipValue();
                }
            } while (more('}'));
        }
        return new ProduceRequestParser.ParsedRecord(new NewRecord(key, value, List.of()), partition);
    }

    /** The bytes to store for an embedded key or value; null stays null. */
    private byte @Nullable [] embedded() {
        if (isNull()) {
            return null;
        }
        int start = at;
        if (format == EmbeddedFormat.JSON) {
            int end = syntax.scanValue(start, MAX_VALUE_DEPTH);
            int features = syntax.features();
            if ((features & JsonSyntax.LONG_TOKEN) != 0) {
                throw Declined.INSTANCE;
            }
            at = end;
            return json.of(body, start, end, features);
        }
        if (peek() != '"') {
            throw Declined.INSTANCE;
        }
        int end = syntax.scanString(start);
        if (syntax.features() != 0) {
            throw Declined.INSTANCE; // escapes: Jackson decodes them
        }
        at = end;
        if (format == EmbeddedFormat.TEXT) {
            return Arrays.copyOfRange(body, start + 1, end - 1); // well-formed UTF-8 without escapes: the text's own bytes
        }
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(body, start + 1, end - 1 - (start + 1)));
        byte[] bytes = decoded.array(); // from index 0, as long as the decoder computed (padding may make it longer)
        return decoded.remaining() == bytes.length ? bytes : Arrays.copyOf(bytes, decoded.remaining());
    }

    /** A partition given as a JSON integer in int range (anything else is left to Jackson). */
    private @Nullable Integer partition() {
        if (isNull()) {
            return null;
        }
        int start = at;
        byte first = peek();
        if (first != '-' && (first < '0' || first > '9')) {
            throw Declined.INSTANCE;
        }
        int end = syntax.scanValue(start, 0);
        if ((syntax.features() & (JsonSyntax.FRACTION | JsonSyntax.LONG_TOKEN)) != 0 || end - start > 11) {
            throw Declined.INSTANCE;
        }
        long partition = 0;
        for (int i = first == '-' ? start + 1 : start; i < end; i++) {
            partition = partition * 10 + (body[i] - '0');
        }
        if (first == '-') {
            partition = -partition;
        }
        if (partition != (int) partition) {
            throw Declined.INSTANCE;
        }
        at = end;
        return (int) partition;
    }

    /** Headers: null or an empty array here; records with headers are left to Jackson. */
    private void noHeaders() {
        if (!isNull()) {
            expect('[');
            if (!emptyUntil(']')) {
                throw Declined.INSTANCE;
            }
        }
    }

    /** A member name, its colon and the whitespace up to its value; {@link #nameIs} then compares it. */
    private void name() {
        int end = syntax.scanString(at);
        if (syntax.features() != 0 || end - at > MAX_NAME_BYTES) {
            throw Declined.INSTANCE; // escapes: Jackson decodes them; long names: near its limit
        }
        nameStart = at + 1;
        nameEnd = end - 1;
        at = end;
        skipWhitespace();
        expect(':');
        skipWhitespace();
    }

    private boolean nameIs(byte[] name) {
        return Arrays.equals(body, nameStart, nameEnd, name, 0, name.length);
    }

    private void skipValue() {
        at = syntax.scanValue(at, MAX_VALUE_DEPTH);
        if ((syntax.features() & JsonSyntax.LONG_TOKEN) != 0) {
            throw Declined.INSTANCE;
        }
    }

    /** Whether the value here is the literal null, read if so. */
    private boolean isNull() {
        if (at + 4 <= body.length && body[at] == 'n' && body[at + 1] == 'u' && body[at + 2] == 'l' && body[at + 3] == 'l') {
            at += 4;
            return true;
        }
        return false;
    }

    /** Just after a container's opening bracket: whether it is empty, its closing bracket read if so. */
    private boolean emptyUntil(char close) {
        skipWhitespace();
        if (at < body.length && body[at] == close) {
            at++;
            return true;
        }
        return false;
    }

    /** After a member of a container: whether another follows (its comma read), or else the closing bracket (read). */
    private boolean more(char close) {
        skipWhitespace();
        if (at < body.length && body[at] == ',') {
            at++;
            skipWhitespace();
            return true;
        }
        expect(close);
        return false;
    }

    /** The byte at the cursor; a body that ends here is not for this reader. */
    private byte peek() {
        if (at >= body.length) {
            throw Declined.INSTANCE;
        }
        return body[at];
    }

    private void expect(char c) {
        if (at >= body.length || body[at] != c) {
            throw Declined.INSTANCE;
        }
        at++;
    }

    private void skipWhitespace() {
        while (at < body.length && isWhitespace(body[at])) {
            at++;
        }
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The body is not read here; thrown without a stack trace, as a way out of the nested reading. */
    private static final class Declined extends RuntimeException {
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super(null, null, false, false);
        }
    }
}
