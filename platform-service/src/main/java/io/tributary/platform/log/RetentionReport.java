package io.tributary.platform.log;

/** What one retention run deleted. */
public record RetentionReport(int filesDeleted, long bytesDeleted) {

    public static final RetentionReport NOTHING = new RetentionReport(0, 0);

    public RetentionReport plus(RetentionReport other) {
        return new RetentionReport(filesDeleted + other.filesDeleted, bytesDeleted + other.bytesDeleted);
    }
}
