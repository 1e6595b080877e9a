package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import io.tributary.benchmarks.SuiteOptions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fetch side of the scaling section: how the rate of fetch-and-commit changes with a topic's partition count (1, 6,
 * 24; 100 B records) and with the record size (100 B, 1 KiB, 10 KiB; one partition), as the section's produce rows show
 * for appends. Each backlog is read by one consumer instance, which is assigned every partition, and, over 6 and 24
 * partitions, by a group of {@value #GROUP_MEMBERS} members sharing them (the consume section's group). All cases run
 * one after the other in every repetition, so each ratio compares passes measured seconds apart.
 */
final class FetchScaling {

    private static final int GROUP_MEMBERS = 4;
    private static final String FORMAT = "binary";

    /** One topic read over and over: its backlog is a multiple of 100 × partitions (produced 100 records per request). */
    private record Case(String name, int partitions, int valueBytes, int backlog) {

        String topic() {
            return "fetch-" + name;
        }

        List<Integer> memberCounts() {
            return partitions == 1 ? List.of(1) : List.of(1, GROUP_MEMBERS);
        }
    }

    private final SuiteOptions options;
    private final Report report;
    private final PlatformServer server;

    FetchScaling(SuiteOptions options, Report report, PlatformServer server) {
        this.options = options;
        this.report = report;
        this.server = server;
    }

    void run() throws IOException {
        int small = options.count(600_000, 2_400);
        List<Case> cases = List.of(
                new Case("p1-100", 1, 100, small),
                new Case("p6-100", 6, 100, small),
                new Case("p24-100", 24, 100, small),
                // Fewer large records, so that a pass takes about as long as the 100 B pass (200 and 300 MB of values).
                new Case("p1-1k", 1, 1024, options.count(200_000, 200)),
                new Case("p1-10k", 1, 10 * 1024, options.count(30_000, 100)));
        for (Case c : cases) {
            ConsumeLoad.fill(server, c.topic(), FORMAT, c.backlog(), c.partitions(), c.valueBytes());
        }
        Map<String, Samples> rates = new LinkedHashMap<>();
        Map<String, Samples> perFetch = new LinkedHashMap<>();
        try {
            for (Case c : cases) {
                // Unmeasured: the consume section ran the fetch path compiled already, but not over many partitions or large records.
                ConsumeLoad.run(server, c.topic(), FORMAT, c.backlog(), "fetch-warm-up-" + c.name(), c.memberCounts().get(c.memberCounts().size() - 1));
            }
            for (int rep = 0; rep < options.repetitions(); rep++) {
                for (Case c : cases) {
                    for (int members : c.memberCounts()) {
                        String key = c.name() + "/" + members;
                        System.out.printf(Locale.ROOT, "  rep %d fetch scaling %s:%n", rep + 1, key);
                        ConsumeLoad.Result result = ConsumeLoad.run(server, c.topic(), FORMAT, c.backlog(),
                                "fetch-scale-" + c.name() + "-" + members + "-" + rep, members);
                        rates.computeIfAbsent(key, k -> new Samples()).add(result.recordsPerSecond());
                        perFetch.computeIfAbsent(key, k -> new Samples()).add(result.recordsPerFetch());
                    }
                }
            }
        } finally {
            // Half a gigabyte of records: the footprint and later sections need the disk.
            cases.forEach(c -> server.api().deleteTopic(c.topic()));
        }
        report(cases, rates, perFetch);
    }

    private void report(List<Case> cases, Map<String, Samples> rates, Map<String, Samples> perFetch) {
        String baseKey = cases.get(0).name() + "/1";
        Samples base = rates.get(baseKey);
        for (Case c : cases) {
            for (int members : c.memberCounts()) {
                String key = c.name() + "/" + members;
                String who = members == 1 ? "1 consumer" : "group of " + members + " consumers";
                String size = c.valueBytes() < 1024 ? c.valueBytes() + " B" : c.valueBytes() / 1024 + " KiB";
                String partitions = c.partitions() + (c.partitions() == 1 ? " partition" : " partitions");
                Samples rate = rates.get(key);
                Report.Row row = report.row(HttpSection.SCALING, "fetch + commit, " + who + ", " + partitions + ", " + size + " records")
                        .value(rate, "records/s")
                        .detail(String.format(Locale.ROOT, "%s MB/s of values; %s records per fetch",
                                Report.number(rate.median() * c.valueBytes() / 1e6), Report.number(perFetch.get(key).median())));
                if (!key.equals(baseKey)) {
                    row.ceiling("1 consumer, 1 partition, 100 B", base, "records/s");
                }
                row.done();
            }
        }
        report.note(HttpSection.SCALING, "Fetch rows: a fresh group reads a backlog (" + Report.number(cases.get(0).backlog())
                + " records of 100 B spread evenly over the partitions; " + Report.number(cases.get(3).backlog()) + " of 1 KiB; "
                + Report.number(cases.get(4).backlog()) + " of 10 KiB) from the earliest offset, binary format, long-poll fetches "
                + "(max_bytes 8 MiB) each followed by a commit, as in the consume section; one consumer instance is assigned every "
                + "partition, a group of " + GROUP_MEMBERS + " shares them. One unmeasured pass over every backlog first. Ratios are "
                + "against the 1-consumer, 1-partition, 100 B row of the same run.");
    }
}
