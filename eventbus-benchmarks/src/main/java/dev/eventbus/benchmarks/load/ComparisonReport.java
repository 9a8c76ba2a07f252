package dev.eventbus.benchmarks.load;

import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Renders broker comparisons as a markdown section: run information and method, then three tables
 * in the order of design.md: eventbus vs its peers (the targets a user cares about), eventbus vs
 * the raw client doing the same work by hand (a target), and the bare raw client (the ceiling, no
 * target); then every round and every latency figure, notes on incomplete measurements, and the
 * figures below their targets ({@link Targets}).
 */
public final class ComparisonReport {
  private ComparisonReport() {}

  /**
   * The section's markdown.
   *
   * @param info when, where and with which command
   * @param settings how the sides were configured, as markdown list items without the leading dash
   * @param m the measurements' warmup, window and rounds
   * @param all the results and failures
   * @return markdown
   */
  public static String render(RunInfo info, List<String> settings, Measurements m, Cases all) {
    List<Comparison> cases = all.results();
    ComparisonTables tables = new ComparisonTables();
    StringBuilder out = new StringBuilder(info.toMarkdown());
    out.append("- Method: ").append(method(m, cases)).append('\n');
    out.append("- Sides: ").append(sides(cases)).append('\n');
    settings.forEach(s -> out.append("- ").append(s).append('\n'));
    out.append(
            String.format(
                Locale.ROOT,
                "%n**eventbus vs peers.** Target: eventbus / peer ≥ %s on publish and on consume;"
                    + " p99 at the fixed rate ≤ the peer's p99 + max(%.0f ms, %.0f%%).%n%n",
                Table.ratio(Targets.PEER_MIN_RATIO),
                Targets.PEER_P99_MIN_SLACK_MILLIS,
                100 * Targets.PEER_P99_SLACK_SHARE))
        .append(tables.peers(cases).toMarkdown());
    if (cases.stream().anyMatch(c -> !c.only(Role.SAME_WORK).isEmpty())) {
      out.append(
              String.format(
                  Locale.ROOT,
                  "%n**eventbus vs raw + envelope** (the raw client doing by hand the per-event"
                      + " work eventbus must do, and nothing more). Target: ≥ %s on publish and on"
                      + " consume; at half eventbus's own maximum rate, p99 ≤ %s the raw +"
                      + " envelope p99 at that rate.%n%n",
                  Table.ratio(Targets.SAME_WORK_MIN_RATIO),
                  Table.ratio(Targets.SAME_WORK_MAX_P99_FACTOR)))
          .append(tables.sameWork(cases).toMarkdown());
    }
    if (cases.stream().anyMatch(c -> !c.only(Role.CEILING).isEmpty())) {
      out.append(
              "\n**Ceiling: the bare raw client** (fixed bytes, no envelope, nothing decoded; no"
                  + " target). On the p99 row the ratios are differences.\n\n")
          .append(tables.ceiling(cases).toMarkdown());
    }
    out.append("\nEvery round (events/s, in round order):\n\n");
    cases.forEach(c -> out.append("- ").append(rounds(c)).append('\n'));
    out.append("\nLatency of every side (ms, p50 / p99 / p99.9 / max):\n\n");
    cases.forEach(c -> latencies(c).forEach(l -> out.append("- ").append(l).append('\n')));
    if (!all.failures().isEmpty()) {
      out.append("\nFailed cases (not in the tables):\n\n");
      all.failures().forEach(f -> out.append("- ").append(f).append('\n'));
    }
    List<String> notes = new ArrayList<>();
    cases.forEach(c -> notes.addAll(c.notes()));
    if (!notes.isEmpty()) {
      out.append("\nIncomplete measurements:\n\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    out.append("\n**Reading against design.md.** ");
    List<String> misses = tables.misses();
    if (misses.isEmpty() && !cases.isEmpty()) {
      out.append("Every targeted figure of this run meets its target.\n");
    } else if (cases.isEmpty()) {
      out.append("No case completed.\n");
    } else {
      out.append("Below target in this run:\n\n");
      misses.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  private static String method(Measurements m, List<Comparison> cases) {
    double rate = cases.isEmpty() ? Double.NaN : cases.get(0).fixedRate();
    return String.format(
        Locale.ROOT,
        "per case, every side in one JVM: %d s warmup each (publish and consume); then %d rounds,"
            + " the sides taking turns to go first, of a %d s publish window (confirmed events /"
            + " time to the last confirm) and %s; the tables show the median round. Then latency,"
            + " a probe until the consumer"
            + " receives, 1 s at the rate, %d s measured, HdrHistogram of receive time − intended"
            + " send time (so a sender that falls behind is not hidden): every side at the fixed"
            + " rate of %,.0f/s, then eventbus and raw + envelope at half eventbus's own maximum.",
        m.warmup().toSeconds(),
        m.rounds(),
        m.window().toSeconds(),
        m.drained() == 0
            ? "the drain of what it published (first to last event)"
            : String.format(
                Locale.ROOT,
                "the drain of the same %,d events on every side (first to last event; a side"
                    + " whose window published fewer tops its topic up first, untimed, and one"
                    + " that published more leaves the rest)",
                m.drained()),
        m.window().toSeconds(),
        rate);
  }

  /** Which client plays which role, from the first case (every case has the same sides). */
  private static String sides(List<Comparison> cases) {
    if (cases.isEmpty()) {
      return "none measured";
    }
    Map<Role, StringJoiner> byRole = new LinkedHashMap<>();
    for (SideResult s : cases.get(0).sides()) {
      byRole.computeIfAbsent(s.role(), r -> new StringJoiner(", ")).add(s.name());
    }
    StringJoiner out = new StringJoiner("; ");
    byRole.forEach((role, names) -> out.add(role.label() + " = " + names));
    return out.toString();
  }

  private static String rounds(Comparison c) {
    StringJoiner publish = new StringJoiner(", ");
    StringJoiner consume = new StringJoiner(", ");
    for (SideResult s : c.sides()) {
      publish.add(s.name() + " " + list(s.publish()));
      consume.add(s.name() + " " + list(s.consume()));
    }
    return c.label() + ": publish " + publish + "; consume " + consume;
  }

  private static String list(List<Throughput> rounds) {
    StringJoiner out = new StringJoiner(" / ");
    rounds.forEach(t -> out.add(Table.count(t.perSecond())));
    return out.toString();
  }

  private static List<String> latencies(Comparison c) {
    StringJoiner fixed = new StringJoiner("; ");
    StringJoiner half = new StringJoiner("; ");
    double halfRate = Double.NaN;
    for (SideResult s : c.sides()) {
      fixed.add(s.name() + " " + percentiles(s.atFixedRate()));
      if (s.atHalfEventBusMax() != null) {
        half.add(s.name() + " " + percentiles(s.atHalfEventBusMax()));
        halfRate = s.atHalfEventBusMax().ratePerSecond();
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%s, at %,.0f/s: %s", c.label(), c.fixedRate(), fixed));
    if (half.length() > 0) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s, at %,.0f/s (half the eventbus maximum): %s",
              c.label(),
              halfRate,
              half));
    }
    return lines;
  }

  private static String percentiles(Latency l) {
    return ComparisonTables.millis(l.millis(50))
        + " / "
        + ComparisonTables.millis(l.millis(99))
        + " / "
        + ComparisonTables.millis(l.millis(99.9))
        + " / "
        + ComparisonTables.millis(l.millis(100));
  }
}
