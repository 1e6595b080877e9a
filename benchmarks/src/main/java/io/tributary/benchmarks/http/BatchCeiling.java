package io.tributary.benchmarks.http;

import io.tributary.benchmarks.Report;
import io.tributary.benchmarks.Samples;
import java.util.List;
import java.util.Locale;

/**
 * The ceiling of the HTTP batch rows: the storage engine's batch append of the same 100 B records into one growing
 * log, measured beside the batch loads in every repetition. The engine section measures it too, minutes earlier; on
 * this VM the host's page cache moves it by up to 3× in that time, so those figures are only named in the detail.
 */
public final class BatchCeiling {

    /** Value size of the batch rows' records, and of the ceiling's. */
    public static final int RECORD_BYTES = 100;

    /** One measurement of the engine's batch append into a growing log: records/s per measured iteration. */
    @FunctionalInterface
    public interface Measurement {
        List<Double> run() throws Exception;
    }

    private final Measurement beside;
    private final Samples engineSectionGrowingLog;
    private final Samples engineSectionFreshFiles;
    private final Samples besideRate = new Samples();

    /**
     * @param beside                  runs one measurement (a JMH fork) of the engine's batch append into a growing log
     * @param engineSectionGrowingLog the engine section's figure for the same, empty when that section did not run
     * @param engineSectionFreshFiles the engine section's batch append on fresh files, empty when it did not run
     */
    public BatchCeiling(Measurement beside, Samples engineSectionGrowingLog, Samples engineSectionFreshFiles) {
        this.beside = beside;
        this.engineSectionGrowingLog = engineSectionGrowingLog;
        this.engineSectionFreshFiles = engineSectionFreshFiles;
    }

    /** Measures the ceiling once, right before a repetition's batch loads, while the platform waits idle. */
    void measureBeside(int repetition) throws Exception {
        List<Double> rates = beside.run();
        rates.forEach(besideRate::add);
        System.out.printf(Locale.ROOT, "  rep %d %-18s %s records/s%n", repetition, "engine beside", rates);
    }

    Samples rate() {
        return besideRate;
    }

    /**
     * The batch rate against the engine section's figures: into a growing log (the ceiling's regime, at another
     * moment) and on fresh files (a regime the platform's growing log does not have; see the engine note).
     */
    String engineSectionRatios(Samples records) {
        StringBuilder ratios = new StringBuilder();
        appendRatio(ratios, records, engineSectionGrowingLog, "into a growing log");
        appendRatio(ratios, records, engineSectionFreshFiles, "on fresh files");
        return ratios.length() == 0 ? "" : "; of the engine section's batch append, minutes earlier:" + ratios;
    }

    private static void appendRatio(StringBuilder ratios, Samples records, Samples engine, String regime) {
        if (!engine.isEmpty()) {
            ratios.append(ratios.length() == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%.0f %% %s (%s records/s)",
                    100 * records.median() / engine.median(), regime, Report.number(engine.median())));
        }
    }
}
