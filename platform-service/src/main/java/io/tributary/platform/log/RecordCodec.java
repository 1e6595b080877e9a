package io.tributary.platform.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of one record, as stored in one Chronicle document (big-endian):
 *
 * <pre>
 * byte    format version (1)
 * long    offset
 * long    timestamp (epoch ms, log-append time)
 * byte    flags: bit 0 = producer stamp present
 * [long producerId, int epoch, long sequence]      only when bit 0 is set
 * int     key length (-1 = null), key bytes
 * int     value length (-1 = null), value bytes
 * int     header count, then per header: int name length, UTF-8 name, int value length, value bytes
 * int     CRC32C of every byte above
 * </pre>
 *
 * A document that is too short, has another version, inconsistent lengths or a wrong checksum decodes
 * to {@code null}: it is never served.
 *
 * <p><b>When the checksum is checked.</b> Always when a document was not written by the reading process
 * since its partition opened: everything found in the files at open (a torn tail after {@code kill -9}, a
 * byte flipped on disk while the broker was down) is verified on every read, as is everything during
 * recovery. A document the same {@link ChroniclePartitionLog} appended since it opened is only parsed
 * (lengths still checked): its bytes went from the checksummed stage into the page cache through a
 * complete Chronicle document (a failed encode is rolled back, never published) and nothing else writes
 * the partition's files while it is open, so the checksum could only catch memory that changed under a
 * running process, which it would not reliably catch anyway. This is Kafka's rule: the broker checks
 * CRCs on append and in recovery after an unclean shutdown, and serves fetches without re-checking. It
 * saves about a fifth of the CPU of reading a 100-byte record (the CRC32C of 134 bytes is a chain of
 * dependent instructions, ~10 ns here, against ~45 ns for the whole read).
 *
 * <p>Both directions talk to Chronicle's document bytes in as few calls as possible, because each read or
 * write call into a mapped {@code Bytes} (bounds, chunk and thread checks, then a copy loop) costs more
 * than copying a kilobyte on the heap. {@link #write} lays the fields out big-endian (Chronicle's own
 * order is little-endian) in a staging array together with every array of up to 1 KiB, checksums it and
 * writes it in one call; a larger array goes straight from the caller's array into the file, checksummed
 * from there. {@link #read} copies the whole document out in one call into an array of its own, checks the
 * checksum over that copy (when it is checked) and only then parses it, so a corrupt document never gets as far as
 * a record. The record keeps that array: its key and value are slices of it, never copied again.
 *
 * <p>An instance is not thread-safe: it owns the staging array and the checksum. A partition writes
 * through one instance under its append lock; each {@link RecordCursor} reads through its own.
 */
final class RecordCodec {

    static final byte VERSION = 1;
    private static final int FLAG_PRODUCER = 1;
    /** version + offset + timestamp + flags + key length + value length + header count + crc. */
    static final int FIXED_SIZE = 1 + 8 + 8 + 1 + 4 + 4 + 4 + 4;
    private static final int PRODUCER_SIZE = 8 + 4 + 8;
    /** version + offset + timestamp + flags: the flags tell whether a producer stamp follows. */
    private static final int FLAGS_END = 1 + 8 + 8 + 1;
    /**
     * Arrays up to this size are copied into the stage and reach the file in one write with the fields
     * around them: a write into Chronicle's bytes costs more than copying a kilobyte on the heap. Larger
     * arrays are written straight from where they are.
     */
    private static final int STAGED_ARRAY_MAX = 1024;
    /** What the stage of a writer grows to at most. */
    private static final int MAX_STAGE_SIZE = 4096;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final CRC32C crc = new CRC32C();
    private byte[] stage = new byte[256];
    private int staged;
    private long written;

    /** The encoded size of a record (exact, or a little more for malformed UTF-16 names), without encoding it. */
    static long encodedSize(NewRecord record, @Nullable ProducerStamp producer) {
        long size = FIXED_SIZE + (producer == null ? 0 : PRODUCER_SIZE);
        size += record.key() == null ? 0 : record.key().length;
        size += record.value() == null ? 0 : record.value().length;
        for (RecordHeader header : record.headers()) {
            size += 8 + utf8Length(header.name()) + header.value().length;
        }
        return size;
    }

    // ---------------------------------------------------------------------------------------------
    // Encode

    /**
     * Writes the record at {@code out}'s write position (a Chronicle document being written).
     *
     * @return the number of bytes written
     */
    long write(Bytes<?> out, long offset, long timestamp, NewRecord record, @Nullable ProducerStamp producer) {
        crc.reset();
        staged = 0;
        written = 0;
        stage[0] = VERSION;
        LONG.set(stage, 1, offset);
        LONG.set(stage, 9, timestamp);
        if (producer == null) {
            stage[17] = 0;
            staged = FLAGS_END;
        } else {
            stage[17] = FLAG_PRODUCER;
            LONG.set(stage, 18, producer.producerId());
            INT.set(stage, 26, producer.epoch());
            LONG.set(stage, 30, producer.sequence());
            staged = FLAGS_END + PRODUCER_SIZE;
        }
        putArray(out, record.key());
        putArray(out, record.value());
        List<RecordHeader> headers = record.headers();
        putInt(out, headers.size());
        for (int i = 0; i < headers.size(); i++) {
            RecordHeader header = headers.get(i);
            putArray(out, header.name().getBytes(StandardCharsets.UTF_8));
            putArray(out, header.value());
        }
        crc.update(stage, 0, staged);
        // No makeRoom: every put left room for these 4 bytes, and a flush now would checksum the stage twice.
        INT.set(stage, staged, (int) crc.getValue());
        staged += 4;
        out.write(stage, 0, staged);
        return written + staged;
    }

    private void putInt(Bytes<?> out, int value) {
        makeRoom(out, 4);
        INT.set(stage, staged, value);
        staged += 4;
    }

    private void putArray(Bytes<?> out, byte @Nullable [] array) {
        if (array == null) {
            putInt(out, -1);
            return;
        }
        putInt(out, array.length);
        if (array.length <= STAGED_ARRAY_MAX) {
            makeRoom(out, array.length);
            System.arraycopy(array, 0, stage, staged, array.length);
            staged += array.length;
        } else {
            flushStage(out);
            crc.update(array, 0, array.length);
            out.write(array, 0, array.length);
            written += array.length;
        }
    }

    /** Leaves room for {@code bytes} more in the stage and the CRC after them: grows it, or writes it out. */
    private void makeRoom(Bytes<?> out, int bytes) {
        int needed = staged + bytes + 4;
        if (needed <= stage.length) {
            return;
        }
        if (needed <= MAX_STAGE_SIZE) {
            stage = Arrays.copyOf(stage, Math.min(MAX_STAGE_SIZE, Math.max(needed, stage.length * 2)));
        } else {
            flushStage(out);
        }
    }

    private void flushStage(Bytes<?> out) {
        crc.update(stage, 0, staged);
        out.write(stage, 0, staged);
        written += staged;
        staged = 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Decode

    /**
     * The record in {@code in}'s readable bytes (a Chronicle document being read), or null if it is
     * corrupt or cannot be parsed. Leaves the read position alone: closing the document moves past it.
     *
     * @param verify whether to check the checksum (see the class comment for when it may be skipped)
     */
    @Nullable StoredRecord read(Bytes<?> in, boolean verify) {
        long remaining = in.readRemaining();
        if (remaining < FIXED_SIZE || remaining > Integer.MAX_VALUE - 8) {
            return null;
        }
        int length = (int) remaining;
        // The record's key and value stay in this copy as slices: one allocation and one copy per document, as a
        // raw reader's. (Packing a run of documents into one shared page was slower: ~57 against ~47 ns per 100-byte
        // record, the copy into a large, unaligned, not recently zeroed page costing more than a fresh small array.)
        byte[] document = new byte[length];
        in.read(in.readPosition(), document, 0, length);
        return verify ? decode(document, length, crc) : parse(document, length);
    }

    /**
     * The record in {@code bytes[0, length)}, or null if it is corrupt or cannot be parsed.
     *
     * @param crc a checksum the caller owns (reset here), so concurrent readers share nothing
     */
    static @Nullable StoredRecord decode(byte[] bytes, int length, CRC32C crc) {
        if (length < FIXED_SIZE || bytes[0] != VERSION) {
            return null;
        }
        int end = length - 4;
        crc.reset();
        crc.update(bytes, 0, end);
        if ((int) INT.get(bytes, end) != (int) crc.getValue()) {
            return null;
        }
        return parse(bytes, length);
    }

    /**
     * The record in {@code bytes[0, length)} without checking its checksum, or null if its version or lengths do not
     * fit the document. The record's key and value are slices of {@code bytes}, not copies: the caller hands the
     * array over.
     */
    static @Nullable StoredRecord parse(byte[] bytes, int length) {
        if (length < FIXED_SIZE || bytes[0] != VERSION) {
            return null;
        }
        int end = length - 4;
        long offset = (long) LONG.get(bytes, 1);
        long timestamp = (long) LONG.get(bytes, 9);
        int at = FLAGS_END;
        ProducerStamp producer = null;
        if ((bytes[FLAGS_END - 1] & FLAG_PRODUCER) != 0) {
            if (end - at < PRODUCER_SIZE + 12) {
                return null;
            }
            producer = new ProducerStamp((long) LONG.get(bytes, at), (int) INT.get(bytes, at + 8), (long) LONG.get(bytes, at + 12));
            at += PRODUCER_SIZE;
        }
        // Each length must leave room for the fields after it (value length, header count).
        int keyLength = (int) INT.get(bytes, at);
        at += 4;
        int keyAt = at;
        if (!fits(keyLength, end - at - 8)) {
            return null;
        }
        at += Math.max(keyLength, 0);
        int valueLength = (int) INT.get(bytes, at);
        at += 4;
        int valueAt = at;
        if (!fits(valueLength, end - at - 4)) {
            return null;
        }
        at += Math.max(valueLength, 0);
        List<RecordHeader> headers = headers(bytes, at, end);
        return headers == null ? null
                : new StoredRecord(offset, timestamp, bytes, keyAt, keyLength, valueAt, valueLength, headers, producer);
    }

    /** Whether a key or value length is {@link StoredRecord#ABSENT} or at most {@code atMost}, what the document has left. */
    private static boolean fits(int length, int atMost) {
        return length == StoredRecord.ABSENT || (length >= 0 && length <= atMost);
    }

    /** Parses the header count and headers in {@code bytes[at, end)}; null if they do not fill it exactly. */
    private static @Nullable List<RecordHeader> headers(byte[] bytes, int at, int end) {
        int count = (int) INT.get(bytes, at);
        at += 4;
        if (count == 0) {
            return at == end ? List.of() : null;
        }
        if (count < 0 || count > (end - at) / 8) {
            return null;
        }
        List<RecordHeader> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int nameLength = (int) INT.get(bytes, at);
            at += 4;
            if (nameLength < 0 || nameLength > end - at - 4) {
                return null;
            }
            String name = new String(bytes, at, nameLength, StandardCharsets.UTF_8);
            at += nameLength;
            int valueLength = (int) INT.get(bytes, at);
            at += 4;
            if (valueLength < 0 || valueLength > end - at) {
                return null;
            }
            headers.add(new RecordHeader(name, Arrays.copyOfRange(bytes, at, at + valueLength)));
            at += valueLength;
        }
        return at == end ? List.copyOf(headers) : null;
    }

    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
