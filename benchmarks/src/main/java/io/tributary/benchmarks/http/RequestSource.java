package io.tributary.benchmarks.http;

/** The request a connection sends next. */
@FunctionalInterface
public interface RequestSource {

    /**
     * @param connection    which connection asks (0-based)
     * @param intendedNanos when the request was meant to be sent ({@link System#nanoTime()}); in closed loop, now
     */
    byte[] next(int connection, long intendedNanos);

    static RequestSource constant(byte[] request) {
        return (connection, intended) -> request;
    }
}
