package io.tributary.benchmarks.http;

import io.tributary.benchmarks.SuiteOptions;
import java.util.Locale;

/**
 * One figure of a section that compares two servers with loads alternating between them (JDK, baseline, durability):
 * the same request over and over on 16 connections, closed loop, warmed up as the repetition asks, printed as it lands.
 */
final class SideBySideLoad {

    private static final int CONNECTIONS = 16;

    private SideBySideLoad() {
    }

    /**
     * @param label what the printed line and a failure name (the server, the load)
     */
    static LoadResult run(SuiteOptions options, PlatformServer server, String label, byte[] request, int recordsPerRequest, int rep) {
        LoadResult result = ClosedLoop.run(server.port(), CONNECTIONS, options.warmup(rep), options.measure(), recordsPerRequest,
                RequestSource.constant(request)).requireMostlyOk(label);
        System.out.printf(Locale.ROOT, "  rep %d port %d %s %s%n", rep + 1, server.port(), label, result);
        return result;
    }
}
