package dev.eventbus.benchmarks.memory;

import dev.eventbus.benchmarks.report.LibraryVersions;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Version;

/**
 * The {@code memory} section of the results page, in the order of design.md: the bus against its
 * peer, Guava's {@code AsyncEventBus} (at least {@value #PEER_MIN_RATIO}× as fast, at most {@value
 * #PEER_MAX_BYTES} B allocated per event); against the hand-off doing the same serializing work (at
 * least {@value #SAME_WORK_MIN_RATIO}×, at most {@value #SAME_WORK_MAX_BYTES} B per event); then
 * every benchmark beside the plain {@code ArrayBlockingQueue} hand-off, the ceiling. Events per
 * second are JMH's scores; bytes per event are {@code gc.alloc.rate.norm}.
 */
final class MemoryReport {
  /** The bus over Guava's {@code AsyncEventBus}. */
  static final double PEER_MIN_RATIO = 1.0;

  /** Allocation per event of the by-reference mode, at most. */
  static final int PEER_MAX_BYTES = 300;

  /** The bus over the JSON-serializing hand-off. */
  static final double SAME_WORK_MIN_RATIO = 0.8;

  /** Allocation per event of the encoded mode, at most (1.5 KB). */
  static final int SAME_WORK_MAX_BYTES = 1_500;

  private static final String[][] BUS = {
    {"eventBus@1", "by reference, concurrency 1"},
    {"eventBus@4", "by reference, concurrency 4 (default)"}
  };

  private static final String[][] ENCODED = {
    {"eventBusEncoded@1", "encoded, concurrency 1"},
    {"eventBusEncoded@4", "encoded, concurrency 4 (default)"}
  };

  private MemoryReport() {}

  static String render(RunInfo info, String prefix, Collection<RunResult> results) {
    Map<String, RunResult> byName = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().substring(prefix.length());
      String concurrency = r.getParams().getParam("concurrency");
      byName.put(concurrency == null ? name : name + "@" + concurrency, r);
    }
    RunResult ceiling = byName.get("arrayBlockingQueue");
    RunResult any = results.iterator().next();
    List<String> misses = new ArrayList<>();
    StringBuilder out = new StringBuilder(info.toMarkdown());
    out.append(
            String.format(
                Locale.ROOT,
                "- JMH %s: %d fork, %d × %s warmup, %d × %s measurement, `-prof gc`, %,d events per"
                    + " operation, forked JVM options %s; Guava %s, Jackson %s%n",
                Version.getPlainVersion(),
                any.getParams().getForks(),
                any.getParams().getWarmup().getCount(),
                any.getParams().getWarmup().getTime(),
                any.getParams().getMeasurement().getCount(),
                any.getParams().getMeasurement().getTime(),
                HandOffBenchmark.EVENTS_PER_OP,
                String.join(" ", forkOptions()),
                LibraryVersions.of("guava"),
                LibraryVersions.of("jackson")))
        .append(
            "- `eventBus` measures what `EventBus.builder()` builds by default, the in-memory"
                + " broker by reference, against the Guava target; `eventBusEncoded` the same bus on"
                + " `InMemoryBroker.Mode.ENCODED` (the testkit's default), against the serializing"
                + " hand-off.\n");
    out.append(
            String.format(
                Locale.ROOT,
                "%n**eventbus vs peer** (Guava `AsyncEventBus`, one-thread executor). Target: ≥ %s"
                    + " events/s, ≤ %d B allocated per event.%n%n",
                Table.ratio(PEER_MIN_RATIO),
                PEER_MAX_BYTES))
        .append(
            against(
                    byName,
                    BUS,
                    byName.get("guavaAsyncEventBus"),
                    PEER_MIN_RATIO,
                    PEER_MAX_BYTES,
                    "Guava AsyncEventBus",
                    misses)
                .toMarkdown());
    out.append(
            String.format(
                Locale.ROOT,
                "%n**eventbus vs the JSON-serializing hand-off** (`ArrayBlockingQueue`, the payload"
                    + " encoded by the producer and decoded by the consumer with Jackson: the"
                    + " codec's work, nothing else). Target: ≥ %s events/s, ≤ %,d B allocated per"
                    + " event.%n%n",
                Table.ratio(SAME_WORK_MIN_RATIO),
                SAME_WORK_MAX_BYTES))
        .append(
            against(
                    byName,
                    ENCODED,
                    byName.get("arrayBlockingQueueJson"),
                    SAME_WORK_MIN_RATIO,
                    SAME_WORK_MAX_BYTES,
                    "JSON hand-off",
                    misses)
                .toMarkdown());
    out.append(
            "\n**Every benchmark beside the ceiling** (the plain `ArrayBlockingQueue` hand-off of"
                + " references; no target).\n\n")
        .append(everything(byName, ceiling).toMarkdown());
    out.append("\n**Reading against design.md.** ");
    if (misses.isEmpty()) {
      out.append("Every targeted figure of this run meets its target.\n");
    } else {
      out.append("Below target in this run:\n\n");
      misses.forEach(m -> out.append("- ").append(m).append('\n'));
    }
    return out.toString();
  }

  /** The bus, at each concurrency, against one other side: rate ratio and bytes per event. */
  private static Table against(
      Map<String, RunResult> byName,
      String[][] cases,
      RunResult other,
      double minRatio,
      int maxBytes,
      String otherName,
      List<String> misses) {
    Table t =
        new Table(
            "case",
            "measure",
            "eventbus",
            otherName,
            "eventbus / " + otherName,
            "target",
            "verdict");
    if (other == null) {
      misses.add(otherName + ": no result in this run.");
      return t;
    }
    for (String[] bus : cases) {
      RunResult r = byName.get(bus[0]);
      if (r == null) {
        continue;
      }
      double ratio = score(r) / score(other);
      boolean fast = ratio >= minRatio;
      boolean small = allocation(r) <= maxBytes;
      t.row(
          bus[1],
          "events/s",
          Table.count(score(r)),
          Table.count(score(other)),
          Table.ratio(ratio),
          "≥ " + Table.ratio(minRatio),
          verdict(fast));
      t.row(
          bus[1],
          "B allocated / event",
          Table.decimal(allocation(r)),
          Table.decimal(allocation(other)),
          Table.ratio(allocation(r) / allocation(other)),
          String.format(Locale.ROOT, "≤ %,d B", maxBytes),
          verdict(small));
      if (!fast) {
        misses.add(
            String.format(
                Locale.ROOT,
                "%s, against %s: %s (%s vs %s events/s; target ≥ %s).",
                bus[1],
                otherName,
                Table.ratio(ratio),
                Table.count(score(r)),
                Table.count(score(other)),
                Table.ratio(minRatio)));
      }
      if (!small) {
        misses.add(
            String.format(
                Locale.ROOT,
                "%s: %s B allocated per event (target for this comparison ≤ %,d B).",
                bus[1],
                Table.decimal(allocation(r)),
                maxBytes));
      }
    }
    return t;
  }

  private static Table everything(Map<String, RunResult> byName, RunResult ceiling) {
    Table t =
        new Table(
            "benchmark", "path", "events/s", "± (99.9% CI)", "vs plain ABQ", "B allocated / event");
    row(t, ceiling, "`ArrayBlockingQueue` put → 1 consumer thread take (ceiling)", ceiling);
    row(
        t,
        byName.get("arrayBlockingQueueJson"),
        "same, payload JSON-encoded by the producer and decoded by the consumer",
        ceiling);
    row(
        t,
        byName.get("guavaAsyncEventBus"),
        "Guava `AsyncEventBus.post` → `@Subscribe` method on a one-thread executor (peer)",
        ceiling);
    row(t, byName.get("eventBus@1"), "publish → handler, concurrency 1", ceiling);
    row(t, byName.get("eventBus@4"), "publish → handler, concurrency 4 (default)", ceiling);
    row(t, byName.get("eventBusEncoded@1"), "same, encoded mode, concurrency 1", ceiling);
    row(t, byName.get("eventBusEncoded@4"), "same, encoded mode, concurrency 4", ceiling);
    row(t, byName.get("eventBusPublishOnly"), "publish only, no subscriber", ceiling);
    return t;
  }

  private static void row(Table t, RunResult r, String path, RunResult ceiling) {
    if (r == null) {
      return;
    }
    Result<?> primary = r.getPrimaryResult();
    String name = r.getParams().getBenchmark();
    t.row(
        "`" + name.substring(name.lastIndexOf('.') + 1) + "`",
        path,
        Table.count(primary.getScore()),
        Double.isNaN(primary.getScoreError()) ? "n/a" : Table.count(primary.getScoreError()),
        ceiling == null ? "n/a" : Table.ratio(primary.getScore() / score(ceiling)),
        Table.decimal(allocation(r)));
  }

  private static String verdict(boolean ok) {
    return ok ? "meets" : "**below**";
  }

  private static double score(RunResult r) {
    return r.getPrimaryResult().getScore();
  }

  private static double allocation(RunResult r) {
    Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
    return norm == null ? Double.NaN : norm.getScore();
  }

  private static List<String> forkOptions() {
    return Arrays.stream(HandOffBenchmark.class.getAnnotation(Fork.class).jvmArgsAppend())
        .filter(a -> a.startsWith("-X"))
        .toList();
  }
}
