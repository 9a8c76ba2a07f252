package dev.eventbus.benchmarks.load;

import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders broker comparisons as a markdown section: run information, one table, notes on incomplete
 * measurements, and a reading against the targets of the design: adapter throughput at least
 * {@value #MIN_RATIO} of the raw client's, and adapter p99 at half the raw maximum at most raw p99
 * + max(1 ms, 20%).
 *
 * <p>When a case measured a {@link Baseline} (the raw client with the adapter's envelope), the
 * table gains a column for it and two ratios: adapter over that baseline (what the adapter costs
 * beyond the envelope) and that baseline over the raw client (what the envelope alone costs). The
 * verdict stays adapter over the raw client. Without one, the section is as it always was.
 */
public final class ComparisonReport {
  /** The throughput target, adapter over raw. */
  public static final double MIN_RATIO = 0.9;

  private ComparisonReport() {}

  /**
   * The section's markdown.
   *
   * @param info when, where and with which command
   * @param settings one line saying how the clients were configured
   * @param m the measurements' warmup, window and rounds
   * @param cases the results and failures
   * @return markdown
   */
  public static String render(RunInfo info, String settings, Measurements m, Cases all) {
    List<Comparison> cases = all.results();
    boolean envelope = cases.stream().anyMatch(c -> c.envelope() != null);
    Rows table = new Rows(envelope);
    List<String> notes = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    List<String> roundLines = new ArrayList<>();
    for (Comparison c : cases) {
      Baseline env = c.envelope();
      throughputRow(
          table,
          c,
          "publish (confirmed events/s)",
          c.rawPublish(),
          c.adapterPublish(),
          env == null ? null : env.publish());
      throughputRow(
          table,
          c,
          "consume (events/s)",
          c.rawConsume(),
          c.adapterConsume(),
          env == null ? null : env.consume());
      roundLines.add(rounds(c));
      latencyRows(table, c);
      notes.addAll(c.notes());
      misses.addAll(misses(c));
    }
    StringBuilder out = new StringBuilder(info.toMarkdown());
    out.append(
            envelope
                ? "- Per case, raw client, raw + envelope and adapter in one JVM: "
                : "- Per case, raw client and adapter in one JVM: ")
        .append(m.warmup().toSeconds())
        .append(" s warmup each (publish and consume); then ")
        .append(m.rounds())
        .append(
            envelope
                ? " rounds, each of the three going first in turn, of a "
                : " rounds, raw and adapter alternating first, of a ")
        .append(m.window().toSeconds())
        .append(" s publish window (confirmed events / time to the last confirm) and the drain of")
        .append(" what it published (first to last event); the table shows the median round. Then")
        .append(" latency at a fixed rate: a probe until the consumer receives, 1 s at the rate, ")
        .append(m.window().toSeconds())
        .append(" s measured, HdrHistogram of receive time − intended send time\n- ")
        .append(settings)
        .append("\n\n")
        .append(table.table.toMarkdown());
    if (envelope) {
      out.append('\n')
          .append(
              "\"raw + envelope\": the raw client doing by hand the per-record work the adapter"
                  + " must do, and nothing more; the verdict compares the adapter with the bare raw"
                  + " client. \"adapter / (raw + envelope)\" is what the adapter costs beyond that"
                  + " work, \"(raw + envelope) / raw\" what the work alone costs; on latency rows"
                  + " they are differences in p99.\n");
    }
    out.append("\nEvery round (events/s):\n\n");
    roundLines.forEach(line -> out.append("- ").append(line).append('\n'));
    if (!all.failures().isEmpty()) {
      out.append("\nFailed cases (not in the table):\n\n");
      all.failures().forEach(f -> out.append("- ").append(f).append('\n'));
    }
    if (!notes.isEmpty()) {
      out.append("\nIncomplete measurements:\n\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    out.append("\n**Reading against design.md.** ");
    if (misses.isEmpty() && !cases.isEmpty()) {
      out.append("Every figure of this run meets its target.\n");
    } else {
      out.append("Below target in this run:\n\n");
      misses.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  private static void throughputRow(
      Rows table,
      Comparison c,
      String measure,
      List<Throughput> raw,
      List<Throughput> adapter,
      List<Throughput> envelope) {
    double rawRate = Comparison.median(raw);
    double adapterRate = Comparison.median(adapter);
    double ratio = adapterRate / rawRate;
    boolean complete =
        raw.stream().allMatch(t -> t.note().isBlank())
            && adapter.stream().allMatch(t -> t.note().isBlank());
    double envRate = envelope == null ? Double.NaN : Comparison.median(envelope);
    table.row(
        c.label(),
        measure,
        Table.count(rawRate),
        envelope == null ? "" : Table.count(envRate),
        Table.count(adapterRate),
        Table.ratio(ratio),
        "≥ " + Table.ratio(MIN_RATIO),
        complete ? verdict(ratio >= MIN_RATIO) : "incomplete, see notes",
        envelope == null ? "" : Table.ratio(adapterRate / envRate),
        envelope == null ? "" : Table.ratio(envRate / rawRate));
  }

  private static String rounds(Comparison c) {
    Baseline env = c.envelope();
    String publish = c.rawName() + " " + list(c.rawPublish());
    String consume = c.rawName() + " " + list(c.rawConsume());
    if (env != null) {
      publish += ", " + env.name() + " " + list(env.publish());
      consume += ", " + env.name() + " " + list(env.consume());
    }
    return c.label()
        + ": publish "
        + publish
        + ", "
        + c.adapterName()
        + " "
        + list(c.adapterPublish())
        + "; consume "
        + consume
        + ", "
        + c.adapterName()
        + " "
        + list(c.adapterConsume());
  }

  private static String list(List<Throughput> rounds) {
    StringBuilder out = new StringBuilder();
    for (Throughput t : rounds) {
      out.append(out.length() == 0 ? "" : " / ").append(Table.count(t.perSecond()));
    }
    return out.toString();
  }

  private static void latencyRows(Rows table, Comparison c) {
    Latency raw = c.rawLatency();
    Latency ad = c.adapterLatency();
    Latency env = c.envelope() == null ? null : c.envelope().latency();
    String at = String.format(Locale.ROOT, " at %,.0f/s", raw.ratePerSecond());
    table.row(
        c.label(),
        "latency p50 (ms)" + at,
        millis(raw.millis(50)),
        env == null ? "" : millis(env.millis(50)),
        millis(ad.millis(50)),
        "",
        "",
        "",
        "",
        "");
    double limit = p99Limit(raw);
    table.row(
        c.label(),
        "latency p99 (ms)" + at,
        millis(raw.millis(99)),
        env == null ? "" : millis(env.millis(99)),
        millis(ad.millis(99)),
        delta(ad.millis(99) - raw.millis(99)),
        "≤ " + millis(limit) + " ms",
        !raw.complete()
            ? "incomplete, see notes"
            : ad.complete() ? verdict(ad.millis(99) <= limit) : "**below** (did not keep up)",
        env == null ? "" : delta(ad.millis(99) - env.millis(99)),
        env == null ? "" : delta(env.millis(99) - raw.millis(99)));
    Latency own = c.adapterOwnLatency();
    if (own != null) {
      Latency envOwn = c.envelope() == null ? null : c.envelope().latencyAtAdapterRate();
      table.row(
          c.label(),
          String.format(
              Locale.ROOT,
              envOwn == null
                  ? "adapter p50 / p99 (ms) at %,.0f/s, half its own max"
                  : "p50 / p99 (ms) at %,.0f/s, half the adapter's max",
              own.ratePerSecond()),
          "",
          envOwn == null ? "" : millis(envOwn.millis(50)) + " / " + millis(envOwn.millis(99)),
          millis(own.millis(50)) + " / " + millis(own.millis(99)),
          "",
          "",
          "",
          envOwn == null ? "" : delta(own.millis(99) - envOwn.millis(99)),
          "");
    }
  }

  private static double p99Limit(Latency raw) {
    double p99 = raw.millis(99);
    return p99 + Math.max(1.0, 0.2 * p99);
  }

  private static List<String> misses(Comparison c) {
    List<String> misses = new ArrayList<>();
    ratioMiss(misses, c, "publish", c.rawPublish(), c.adapterPublish());
    ratioMiss(misses, c, "consume", c.rawConsume(), c.adapterConsume());
    double limit = p99Limit(c.rawLatency());
    Latency ad = c.adapterLatency();
    if (!ad.complete() || ad.millis(99) > limit) {
      misses.add(
          String.format(
              Locale.ROOT,
              "%s, p99 at %,.0f/s: %s ms against a limit of %s ms%s.",
              c.label(),
              ad.ratePerSecond(),
              millis(ad.millis(99)),
              millis(limit),
              ad.complete() ? "" : " (incomplete: the adapter did not keep up with the rate)"));
    }
    return misses;
  }

  private static void ratioMiss(
      List<String> misses,
      Comparison c,
      String what,
      List<Throughput> raw,
      List<Throughput> adapter) {
    double rawRate = Comparison.median(raw);
    double adapterRate = Comparison.median(adapter);
    double ratio = adapterRate / rawRate;
    if (ratio < MIN_RATIO) {
      misses.add(
          String.format(
              Locale.ROOT,
              "%s, %s: %s of the raw client (median %s vs %s events/s).",
              c.label(),
              what,
              Table.ratio(ratio),
              Table.count(adapterRate),
              Table.count(rawRate)));
    }
  }

  private static String verdict(boolean ok) {
    return ok ? "meets" : "**below**";
  }

  private static String delta(double millis) {
    return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%+,.2f ms", millis);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.2f", value);
  }

  /**
   * The results table, with the second baseline's columns only when some case has one: the cells of
   * {@link #row} are always given for every column, those of a table without them are dropped.
   */
  private static final class Rows {
    private static final int[] ENVELOPE_COLUMNS = {3, 8, 9};

    final Table table;
    private final boolean envelope;

    Rows(boolean envelope) {
      this.envelope = envelope;
      this.table =
          envelope
              ? new Table(
                  "case",
                  "measure",
                  "raw client",
                  "raw + envelope",
                  "adapter",
                  "adapter / raw",
                  "target",
                  "verdict",
                  "adapter / (raw + envelope)",
                  "(raw + envelope) / raw")
              : new Table(
                  "case", "measure", "raw client", "adapter", "adapter / raw", "target", "verdict");
    }

    /**
     * Adds a row given as case, measure, raw, envelope, adapter, ratio, target, verdict, two
     * ratios.
     */
    void row(Object... cells) {
      if (envelope) {
        table.row(cells);
        return;
      }
      List<Object> kept = new ArrayList<>(Arrays.asList(cells));
      for (int i = ENVELOPE_COLUMNS.length - 1; i >= 0; i--) {
        kept.remove(ENVELOPE_COLUMNS[i]);
      }
      table.row(kept.toArray());
    }
  }
}
