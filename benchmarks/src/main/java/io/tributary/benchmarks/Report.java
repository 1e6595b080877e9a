package io.tributary.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one suite run, grouped in sections, written as {@code docs/benchmarks.md}. Every row is
 * printed to stdout as soon as it is measured, so a long run shows progress and a broken one still tells.
 */
public final class Report {

    private final Map<String, List<Row>> sections = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private final List<String> appendices = new ArrayList<>();

    /** Starts a row: call the setters, then nothing else — it is already part of the report. */
    public synchronized Row row(String section, String path) {
        Row row = new Row(path);
        sections.computeIfAbsent(section, s -> new ArrayList<>()).add(row);
        return row;
    }

    /** Fixes the order of sections in the report (sections not declared come after, in the order measured). */
    public synchronized void declare(String... sectionNames) {
        for (String name : sectionNames) {
            sections.computeIfAbsent(name, s -> new ArrayList<>());
        }
    }

    /** A row that could not be measured, with the reason. */
    public synchronized void notMeasured(String section, String path, String why) {
        row(section, path).notMeasured(why);
        System.out.printf("[%s] %s: not measured (%s)%n", section, path, why);
    }

    /** A paragraph printed under a section's table. */
    public synchronized void note(String section, String text) {
        sections.computeIfAbsent(section, s -> new ArrayList<>());
        notes.computeIfAbsent(section, s -> new ArrayList<>()).add(text);
    }

    /** Free Markdown appended after the tables (profiles). */
    public synchronized void appendix(String markdown) {
        appendices.add(markdown);
    }

    public synchronized List<Row> rows() {
        return sections.values().stream().flatMap(List::stream).toList();
    }

    public synchronized void write(Path file, String header) {
        StringBuilder md = new StringBuilder(header);
        for (Map.Entry<String, List<Row>> section : sections.entrySet()) {
            if (section.getValue().isEmpty() && !notes.containsKey(section.getKey())) {
                continue;
            }
            md.append("\n## ").append(section.getKey()).append("\n\n");
            if (!section.getValue().isEmpty()) {
                md.append("| what | median | spread (min–max, n) | ceiling, same run | ratio | target | met | peer figure (issue 8) | detail |\n");
                md.append("|---|---:|---|---|---:|---|---|---|---|\n");
                for (Row row : section.getValue()) {
                    md.append(row.markdown()).append('\n');
                }
            }
            for (String note : notes.getOrDefault(section.getKey(), List.of())) {
                md.append('\n').append(note).append('\n');
            }
        }
        for (String appendix : appendices) {
            md.append('\n').append(appendix).append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One figure: its repetitions, the ceiling it is compared with, the target and the peer figure. */
    public static final class Row {

        private final String path;
        private @Nullable Samples value;
        private String unit = "";
        private @Nullable String detail;
        private @Nullable String ceilingName;
        private @Nullable Samples ceiling;
        private String ceilingUnit = "";
        private @Nullable String target;
        private @Nullable DoublePredicate onRatio;
        private @Nullable DoublePredicate onValue;
        private double peer = Double.NaN;
        private String peerText = "";
        private @Nullable String notMeasured;

        private Row(String path) {
            this.path = path;
        }

        public Row value(Samples samples, String unit) {
            this.value = samples;
            this.unit = unit;
            return this;
        }

        public Row detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Row ceiling(String name, Samples samples, String unit) {
            this.ceilingName = name;
            this.ceiling = samples;
            this.ceilingUnit = unit;
            return this;
        }

        /** A target on value / ceiling. */
        public Row targetRatio(String text, DoublePredicate met) {
            this.target = text;
            this.onRatio = met;
            return this;
        }

        /** A target on the value itself. */
        public Row targetValue(String text, DoublePredicate met) {
            this.target = text;
            this.onValue = met;
            return this;
        }

        /** The peer figure (Kafka + an HTTP bridge on the same kind of machine). */
        public Row peer(double figure, String text) {
            this.peer = figure;
            this.peerText = text;
            return this;
        }

        /** Prints the finished row to stdout. */
        public Row done() {
            System.out.println("  = " + plain());
            return this;
        }

        void notMeasured(String why) {
            this.notMeasured = why;
        }

        public String path() {
            return path;
        }

        public @Nullable Samples value() {
            return value;
        }

        public double ratio() {
            if (value == null || ceiling == null || ceiling.isEmpty() || ceiling.median() == 0) {
                return Double.NaN;
            }
            return value.median() / ceiling.median();
        }

        public @Nullable Boolean met() {
            if (value == null || value.isEmpty()) {
                return null;
            }
            if (onRatio != null) {
                double ratio = ratio();
                return Double.isNaN(ratio) ? null : onRatio.test(ratio);
            }
            if (onValue != null) {
                return onValue.test(value.median());
            }
            return null;
        }

        String plain() {
            if (notMeasured != null) {
                return path + ": not measured — " + notMeasured;
            }
            StringBuilder s = new StringBuilder(path).append(": ").append(format(value, unit));
            if (ceiling != null) {
                s.append(" vs ").append(ceilingName).append(' ').append(format(ceiling, ceilingUnit))
                        .append(String.format(Locale.ROOT, " = %.0f %%", 100 * ratio()));
            }
            if (detail != null) {
                s.append(" (").append(detail).append(')');
            }
            return s.toString();
        }

        String markdown() {
            if (notMeasured != null) {
                return "| " + path + " | — | — | — | — | " + (target == null ? "" : target) + " | — | " + peerText + " | not measured: "
                        + notMeasured + " |";
            }
            Samples v = value == null ? new Samples() : value;
            String spread = v.isEmpty() ? "—" : number(v.min()) + "–" + number(v.max()) + " " + unit + " (n=" + v.count()
                    + String.format(Locale.ROOT, ", ±%.0f %%", 50 * v.relativeSpread()) + ")";
            String ceilingCell = ceiling == null ? "—" : ceilingName + ": " + format(ceiling, ceilingUnit);
            double ratio = ratio();
            String ratioCell = Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.0f %%", 100 * ratio);
            Boolean met = met();
            String metCell = met == null ? "—" : met ? "yes" : "**no**";
            String peerCell = peerText;
            if (!Double.isNaN(peer) && !v.isEmpty()) {
                peerCell = peerText + String.format(Locale.ROOT, " → **%.2f×**", v.median() / peer);
            }
            return "| " + path + " | " + format(v, unit) + " | " + spread + " | " + ceilingCell + " | " + ratioCell + " | "
                    + (target == null ? "" : target) + " | " + metCell + " | " + peerCell + " | " + (detail == null ? "" : detail) + " |";
        }

        private static String format(@Nullable Samples samples, String unit) {
            if (samples == null || samples.isEmpty()) {
                return "—";
            }
            return number(samples.median()) + (unit.isEmpty() ? "" : " " + unit);
        }
    }

    /** 1234567 as 1,234,567; small values with two decimals. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
