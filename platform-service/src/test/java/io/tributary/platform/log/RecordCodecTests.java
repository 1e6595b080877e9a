package io.tributary.platform.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RecordCodecTests {

    private static final long TIMESTAMP = 1_795_000_000_000L;
    private static final int[] SIZES = {-1, 0, 1, 3, 31, 32, 33, 100, 255, 256, 300, 4096};

    private final RecordCodec writer = new RecordCodec();
    private final RecordCodec reader = new RecordCodec();

    /** Bytes written by the engine before it encoded straight into Chronicle's memory (its ByteBuffer encoder). */
    @Test
    void writesTheSameBytesAsEarlierBuildsAndReadsTheirs() {
        NewRecord full = new NewRecord(utf8("order-1"), utf8("{\"status\":\"CREATED\"}"), List.of(
                new RecordHeader("trace-id", utf8("abc123")), new RecordHeader("ünï", new byte[] {0, -1, 127}),
                new RecordHeader("empty", new byte[0])));
        ProducerStamp stamp = new ProducerStamp(42L, 7, 1_000_000_000_123L);
        String fullHex = "010000011f71fb04cb000001a1ee565e0001000000000000002a00000007000000e8d4a5107b000000076f726465722d3100"
                + "0000147b22737461747573223a2243524541544544227d000000030000000874726163652d69640000000661626331323300"
                + "000005c3bc6ec3af0000000300ff7f00000005656d707479000000000958d767";
        String tombstoneHex = "010000000000000000000001a1ee565e0000ffffffffffffffff000000007e24b3d5";
        String emptyHex = "010000000000000005000001a1ee565e0100000000000000000000000000a4c5c3d1";

        assertThat(hex(write(1234567890123L, TIMESTAMP, full, stamp))).isEqualTo(fullHex);
        assertThat(hex(write(0, TIMESTAMP, new NewRecord(null, null, List.of()), null))).isEqualTo(tombstoneHex);
        assertThat(hex(write(5, TIMESTAMP + 1, new NewRecord(new byte[0], new byte[0], List.of()), null))).isEqualTo(emptyHex);

        assertRecord(read(HexFormat.of().parseHex(fullHex)), 1234567890123L, TIMESTAMP, full, stamp);
        assertRecord(read(HexFormat.of().parseHex(tombstoneHex)), 0, TIMESTAMP, new NewRecord(null, null, List.of()), null);
        assertRecord(read(HexFormat.of().parseHex(emptyHex)), 5, TIMESTAMP + 1, new NewRecord(new byte[0], new byte[0], List.of()), null);
    }

    @Test
    void everyShapeOfRecordIsWrittenAsFormatVersion1AndReadBackBothWays() {
        Random random = new Random(8);
        for (int i = 0; i < 2_000; i++) {
            NewRecord record = randomRecord(random);
            ProducerStamp stamp = random.nextBoolean() ? new ProducerStamp(random.nextLong(), random.nextInt(), random.nextLong()) : null;
            long offset = random.nextLong() & Long.MAX_VALUE;
            byte[] ours = write(offset, TIMESTAMP + i, record, stamp);
            byte[] v1 = RecordFormatV1.encode(offset, TIMESTAMP + i, record, stamp);

            assertThat(ours).as("record %d", i).isEqualTo(v1);
            assertThat(ours.length).isEqualTo(RecordCodec.encodedSize(record, stamp));
            assertRecord(RecordFormatV1.decode(ours), offset, TIMESTAMP + i, record, stamp);
            assertRecord(read(v1), offset, TIMESTAMP + i, record, stamp);
        }
    }

    @Test
    void anyFlippedByteTruncationOrTrailingByteIsRejected() {
        Random random = new Random(26);
        List<byte[]> encoded = new ArrayList<>();
        encoded.add(write(7, TIMESTAMP, Records.value("a value of some length"), null));
        encoded.add(write(8, TIMESTAMP, new NewRecord(utf8("key"), new byte[300], List.of(new RecordHeader("h", utf8("v")))),
                new ProducerStamp(1, 2, 3)));
        for (int i = 0; i < 10; i++) {
            encoded.add(write(i, TIMESTAMP, randomRecord(random), random.nextBoolean() ? new ProducerStamp(i, i, i) : null));
        }
        CRC32C crc = new CRC32C();
        for (byte[] document : encoded) {
            assertThat(read(document)).isNotNull();
            for (int at = 0; at < document.length; at++) {
                for (int flip : new int[] {0x01, 0x80, 0xff}) {
                    byte[] corrupt = document.clone();
                    corrupt[at] ^= (byte) flip;
                    assertThat(read(corrupt)).as("byte %d ^ %x", at, flip).isNull();
                    assertThat(RecordCodec.decode(corrupt, corrupt.length, crc)).isNull();
                }
            }
            for (int length = 0; length < document.length; length++) {
                assertThat(read(Arrays.copyOf(document, length))).as("first %d bytes", length).isNull();
            }
            assertThat(read(Arrays.copyOf(document, document.length + 1))).isNull();
        }
    }

    @Test
    void withoutTheChecksumADocumentStillParsesToTheSameRecordAndOneThatDoesNotFitIsRejected() {
        Random random = new Random(27);
        for (int i = 0; i < 200; i++) {
            NewRecord record = randomRecord(random);
            ProducerStamp stamp = random.nextBoolean() ? new ProducerStamp(i, i, i) : null;
            byte[] document = write(i, TIMESTAMP + i, record, stamp);
            assertRecord(readUnchecked(document), i, TIMESTAMP + i, record, stamp);
            for (int length = 0; length < document.length; length++) {
                assertThat(readUnchecked(Arrays.copyOf(document, length))).as("first %d bytes", length).isNull();
            }
            assertThat(readUnchecked(Arrays.copyOf(document, document.length + 1))).isNull();
            byte[] otherVersion = document.clone();
            otherVersion[0] = 2;
            assertThat(readUnchecked(otherVersion)).isNull();
        }
    }

    @Test
    void aReaderKeepsWorkingAfterACorruptRecord() {
        byte[] good = write(1, TIMESTAMP, Records.value("good"), null);
        byte[] corrupt = good.clone();
        corrupt[20] ^= 1;
        byte[] large = write(2, TIMESTAMP, new NewRecord(null, new byte[10_000], List.of(new RecordHeader("h".repeat(600), new byte[900]))), null);

        assertThat(read(corrupt)).isNull();
        assertThat(Records.text(read(good))).isEqualTo("good");
        assertThat(read(large).value()).hasSize(10_000);
        assertThat(Records.text(read(good))).isEqualTo("good");
    }

    private byte[] write(long offset, long timestamp, NewRecord record, @Nullable ProducerStamp producer) {
        Bytes<?> out = Bytes.allocateElasticOnHeap(64);
        long written = writer.write(out, offset, timestamp, record, producer);
        assertThat(written).isEqualTo(out.writePosition());
        return out.toByteArray();
    }

    private @Nullable StoredRecord read(byte[] document) {
        return reader.read(Bytes.wrapForRead(document), true);
    }

    private @Nullable StoredRecord readUnchecked(byte[] document) {
        return reader.read(Bytes.wrapForRead(document), false);
    }

    private static void assertRecord(@Nullable StoredRecord actual, long offset, long timestamp, NewRecord expected,
            @Nullable ProducerStamp producer) {
        assertThat(actual).isNotNull();
        assertThat(actual.offset()).isEqualTo(offset);
        assertThat(actual.timestamp()).isEqualTo(timestamp);
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(actual.value()).isEqualTo(expected.value());
        assertThat(actual.headers()).containsExactlyElementsOf(expected.headers());
        assertThat(actual.producer()).isEqualTo(producer);
    }

    private static NewRecord randomRecord(Random random) {
        List<RecordHeader> headers = new ArrayList<>();
        int headerCount = random.nextInt(4) == 0 ? random.nextInt(12) : 0;
        for (int h = 0; h < headerCount; h++) {
            String name = random.nextBoolean() ? "h" + h : "ñämé-" + "x".repeat(random.nextInt(40)) + "\uD83D\uDE00";
            headers.add(new RecordHeader(name, Arrays.copyOf(randomBytes(random, 1 + random.nextInt(300)), random.nextInt(300))));
        }
        return new NewRecord(randomBytes(random, SIZES[random.nextInt(SIZES.length)]),
                randomBytes(random, SIZES[random.nextInt(SIZES.length)]), headers);
    }

    private static byte @Nullable [] randomBytes(Random random, int size) {
        if (size < 0) {
            return null;
        }
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
