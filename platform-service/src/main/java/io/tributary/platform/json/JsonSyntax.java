package io.tributary.platform.json;

/**
 * Checks that bytes are exactly one JSON value (RFC 8259, UTF-8 per RFC 3629), building nothing; or scans
 * values one at a time inside a larger document ({@link #over}), telling what each contains ({@link #features()}).
 *
 * <p>Why not Jackson's tokenizer: a JSON consumer renders up to 10,000 stored values per fetch, and
 * creating a parser for each (encoding detection, a pooled buffer taken and given back, a symbol table)
 * cost more than reading the value. This is one pass over the bytes with an explicit stack, as strict as
 * Jackson's defaults: no comments, single quotes, unquoted names, NaN, leading zeros or trailing commas;
 * control characters must be escaped; nesting at most {@value #MAX_DEPTH} deep (Jackson's limit, so any
 * value a Jackson reader accepts is accepted here). It is stricter than Jackson in one respect: malformed,
 * overlong or surrogate UTF-8 sequences are refused anywhere, as RFC 3629 requires.
 *
 * <p>Consumers render stored values with {@link #check}; the produce request parser slices record values out of
 * a request body with {@link #scanValue} and stores them as they are when {@link #features()} says nothing in
 * them would be written differently by a JSON generator.
 */
public final class JsonSyntax {

    /** Containers open at once at most, as Jackson's {@code StreamReadConstraints.DEFAULT_MAX_DEPTH}. */
    public static final int MAX_DEPTH = 500;

    /** {@link #features()}: whitespace between the tokens of the value. */
    public static final int WHITESPACE = 1;
    /** {@link #features()}: a backslash escape in a string or member name. */
    public static final int ESCAPE = 1 << 1;
    /** {@link #features()}: a number with a fraction or an exponent. */
    public static final int FRACTION = 1 << 2;
    /** {@link #features()}: the integer {@code -0} (a generator writes {@code 0}). */
    public static final int MINUS_ZERO = 1 << 3;
    /**
     * {@link #features()}: a number longer than {@value #LONG_NUMBER} characters, towards the length Jackson's
     * {@code StreamReadConstraints} refuse. (Strings are not measured: that cost a consumer ~7 % of a value's check.)
     */
    public static final int LONG_TOKEN = 1 << 4;

    static final int LONG_NUMBER = 100;

    private final byte[] bytes;
    /** Where the text starts in {@code bytes}: positions in messages count from here. */
    private final int start;
    /** Where the text ends in {@code bytes} (exclusive). */
    private final int end;
    private int at;
    private int features;

    private JsonSyntax(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.start = start;
        this.end = end;
        this.at = start;
    }

    /** @throws IllegalArgumentException naming the first problem and where it is, when the bytes are not one JSON value */
    public static void check(byte[] bytes) {
        check(bytes, 0, bytes.length);
    }

    /**
     * Checks {@code bytes[offset, offset + length)}, a slice of a larger array (a stored record's value).
     *
     * @throws IllegalArgumentException naming the first problem and where it is (counted from {@code offset}),
     *                                  when the bytes are not one JSON value
     */
    public static void check(byte[] bytes, int offset, int length) {
        new JsonSyntax(bytes, offset, offset + length).document();
    }

    /** A scanner for the values of a document held in {@code bytes}, one {@link #scanValue} at a time. */
    public static JsonSyntax over(byte[] bytes) {
        return new JsonSyntax(bytes, 0, bytes.length);
    }

    /**
     * Scans the one value that starts at {@code from}, with containers nested at most {@code maxDepth} deep.
     *
     * @return the index just after the value (what follows it is not looked at)
     * @throws IllegalArgumentException naming the first problem, when no well-formed value starts there
     */
    public int scanValue(int from, int maxDepth) {
        at = from;
        features = 0;
        value(maxDepth);
        return at;
    }

    /**
     * Scans the string (or member name) whose opening quote is at {@code from}.
     *
     * @return the index just after its closing quote
     * @throws IllegalArgumentException when no well-formed string starts there
     */
    public int scanString(int from) {
        at = from;
        features = 0;
        if (next("a string") != '"') {
            throw fail("expected a string but found " + describe(bytes[at]));
        }
        string();
        return at;
    }

    /** What the last {@link #scanValue} or {@link #scanString} met: {@link #WHITESPACE}, {@link #ESCAPE}, ... or 0. */
    public int features() {
        return features;
    }

    private void document() {
        skipWhitespace();
        if (at == end) {
            throw fail("no value");
        }
        value(MAX_DEPTH);
        skipWhitespace();
        if (at < end) {
            throw fail("more than one value, or unexpected character " + describe(bytes[at]));
        }
    }

    /**
     * One value, containers walked with a stack of open ones instead of recursion: bit {@code d} of {@code shallow}
     * tells whether the container at depth {@code d} is an object, for the first 64 levels; deeper ones (rare) go to
     * an array allocated when first needed, so a record value costs no allocation here.
     */
    private void value(int maxDepth) {
        // More containers open than bytes left to close them cannot end well: fail as soon as that is certain.
        int capacity = Math.min(maxDepth, (end - at) / 2 + 1);
        long shallow = 0;
        boolean[] deep = null;
        int depth = 0;
        while (true) {
            // a value starts here
            skipWhitespace();
            byte c = next("a value");
            boolean opened = false;
            switch (c) {
                case '{', '[' -> {
                    if (depth == maxDepth) {
                        throw fail("nested deeper than " + maxDepth); // an empty container counts, as in Jackson
                    }
                    at++;
                    skipWhitespace();
                    if (at < end && bytes[at] == (c == '{' ? '}' : ']')) {
                        at++; // empty container: a complete value
                    } else {
                        if (depth == capacity) {
                            throw fail("unterminated " + (c == '{' ? "object" : "array")); // more open than bytes to close them
                        }
                        if (depth < Long.SIZE) {
                            shallow = c == '{' ? shallow | (1L << depth) : shallow & ~(1L << depth);
                        } else {
                            if (deep == null) {
                                deep = new boolean[capacity];
                            }
                            deep[depth] = c == '{';
                        }
                        depth++;
                        if (c == '{') {
                            name();
                        }
                        opened = true;
                    }
                }
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else {
                        throw fail("unexpected character " + describe(c));
                    }
                }
            }
            if (opened) {
                continue; // the container's first member value follows
            }
            // a value ended: close containers until one continues with a comma
            while (true) {
                if (depth == 0) {
                    return;
                }
                skipWhitespace();
                int top = depth - 1;
                boolean object = top < Long.SIZE ? (shallow & (1L << top)) != 0 : deep[top];
                byte after = next(object ? "',' or '}'" : "',' or ']'");
                if (after == ',') {
                    at++;
                    if (object) {
                        skipWhitespace();
                        name();
                    }
                    break;
                }
                if (after != (object ? '}' : ']')) {
                    throw fail("expected " + (object ? "',' or '}'" : "',' or ']'") + " but found " + describe(after));
                }
                at++;
                depth--;
            }
        }
    }

    /** An object member's name and its colon; the value follows. */
    private void name() {
        byte c = next("a member name");
        if (c != '"') {
            throw fail("expected a member name in double quotes but found " + describe(c));
        }
        string();
        skipWhitespace();
        if (next("':'") != ':') {
            throw fail("expected ':' but found " + describe(bytes[at]));
        }
        at++;
    }

    private void string() {
        at++; // the opening quote
        while (true) {
            if (at >= end) {
                throw fail("unterminated string");
            }
            int c = bytes[at] & 0xFF;
            if (c == '"') {
                at++;
                return;
            } else if (c == '\\') {
                features |= ESCAPE;
                escape();
            } else if (c < 0x20) {
                throw fail("unescaped control character " + describe(bytes[at]) + " in a string");
            } else if (c < 0x80) {
                at++;
            } else {
                utf8(c);
            }
        }
    }

    private void escape() {
        at++;
        byte c = next("an escape");
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> at++;
            case 'u' -> {
                at++;
                for (int i = 0; i < 4; i++) {
                    byte h = next("four hex digits after \\u");
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F'))) {
                        throw fail("expected four hex digits after \\u but found " + describe(h));
                    }
                    at++;
                }
            }
            default -> throw fail("invalid escape \\" + (char) (c & 0xFF));
        }
    }

    /** A multi-byte UTF-8 sequence starting with {@code lead}: well-formed, shortest form, no surrogates, at most U+10FFFF. */
    private void utf8(int lead) {
        int continuations;
        int min = 0x80;
        int max = 0xBF; // the range the second byte must be in
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuations = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuations = 2;
            if (lead == 0xE0) {
                min = 0xA0; // overlong below
            } else if (lead == 0xED) {
                max = 0x9F; // surrogates above
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuations = 3;
            if (lead == 0xF0) {
                min = 0x90;
            } else if (lead == 0xF4) {
                max = 0x8F; // beyond U+10FFFF above
            }
        } else {
            throw fail("malformed UTF-8 (byte 0x" + Integer.toHexString(lead) + ")");
        }
        for (int i = 1; i <= continuations; i++) {
            int b = at + i < end ? bytes[at + i] & 0xFF : -1;
            boolean valid = i == 1 ? b >= min && b <= max : b >= 0x80 && b <= 0xBF;
            if (!valid) {
                throw fail("malformed UTF-8 (byte 0x" + Integer.toHexString(lead) + " not followed by a valid sequence)");
            }
        }
        at += continuations + 1;
    }

    private void number() {
        int start = at;
        boolean negative = bytes[at] == '-';
        if (negative) {
            at++;
        }
        byte first = next("a digit");
        boolean zero = first == '0';
        if (zero) {
            at++;
            if (at < end && isDigit(bytes[at])) {
                throw fail("a number with a leading zero");
            }
        } else if (isDigit(first)) {
            digits();
        } else {
            throw fail("expected a digit but found " + describe(first));
        }
        boolean integer = true;
        if (at < end && bytes[at] == '.') {
            integer = false;
            at++;
            if (!isDigit(next("a digit after '.'"))) {
                throw fail("expected a digit after '.' but found " + describe(bytes[at]));
            }
            digits();
        }
        if (at < end && (bytes[at] == 'e' || bytes[at] == 'E')) {
            integer = false;
            at++;
            if (at < end && (bytes[at] == '+' || bytes[at] == '-')) {
                at++;
            }
            if (!isDigit(next("an exponent"))) {
                throw fail("expected an exponent but found " + describe(bytes[at]));
            }
            digits();
        }
        if (!integer) {
            features |= FRACTION;
        } else if (negative && zero) {
            features |= MINUS_ZERO;
        }
        if (at - start > LONG_NUMBER) {
            features |= LONG_TOKEN;
        }
    }

    private void digits() {
        while (at < end && isDigit(bytes[at])) {
            at++;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (at + i >= end || bytes[at + i] != word.charAt(i)) {
                throw fail("unrecognised token (expected " + word + ")");
            }
        }
        at += word.length();
    }

    private void skipWhitespace() {
        while (at < end) {
            byte b = bytes[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            features |= WHITESPACE;
            at++;
        }
    }

    /** The byte at the cursor, which must exist: the input may not end before {@code expected}. */
    private byte next(String expected) {
        if (at >= end) {
            throw fail("unexpected end, expected " + expected);
        }
        return bytes[at];
    }

    private static String describe(byte b) {
        int c = b & 0xFF;
        return c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : "0x" + Integer.toHexString(c);
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException("not valid JSON (" + problem + " at byte " + (at - start) + ")");
    }
}
