package dev.eventbus.benchmarks.memory;

import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import dev.eventbus.benchmarks.report.Table;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link HandOffBenchmark} with the GC profiler and writes the {@code memory} section of the
 * results page.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.eventbus.benchmarks.memory.MemoryBenchmarks
 * <results.md> [JMH options]}; JMH options (for example {@code -wi 1 -i 2}) override the
 * benchmark's annotations.
 */
public final class MemoryBenchmarks {
  static final String SECTION = "memory";
  private static final String PREFIX = HandOffBenchmark.class.getName() + ".";

  private MemoryBenchmarks() {}

  /**
   * Runs the benchmarks and rewrites the section.
   *
   * @param args the results file, then JMH options
   * @throws Exception if JMH fails or a benchmark errors
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: MemoryBenchmarks <results.md> [JMH options]");
      System.exit(2);
    }
    String[] jmhArgs = java.util.Arrays.copyOfRange(args, 1, args.length);
    RunInfo info = RunInfo.start();
    Options options =
        new OptionsBuilder()
            .parent(new CommandLineOptions(jmhArgs))
            .include(java.util.regex.Pattern.quote(PREFIX))
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result("target/jmh-memory.json")
            .build();
    Collection<RunResult> results = new Runner(options).run();
    new ResultsDocument(Path.of(args[0]))
        .replaceSection(SECTION, "In-memory broker (JMH)", render(info, results));
    System.out.println("Wrote section '" + SECTION + "' of " + args[0]);
  }

  static String render(RunInfo info, Collection<RunResult> results) {
    Map<String, RunResult> byName = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().substring(PREFIX.length());
      String concurrency = r.getParams().getParam("concurrency");
      byName.put(concurrency == null ? name : name + "@" + concurrency, r);
    }
    RunResult baseline = require(byName, "arrayBlockingQueue");
    double base = baseline.getPrimaryResult().getScore();
    RunResult first = baseline;
    Table table =
        new Table(
            "benchmark",
            "path",
            "events/s",
            "± (99.9% CI)",
            "vs ABQ baseline",
            "B allocated / event");
    row(table, baseline, "`ArrayBlockingQueue` put → 1 consumer thread take (baseline)", base);
    row(
        table,
        byName.get("arrayBlockingQueueJson"),
        "same, payload JSON-encoded by the producer and decoded by the consumer",
        base);
    row(table, byName.get("eventBus@1"), "publish → handler, concurrency 1", base);
    row(table, byName.get("eventBus@4"), "publish → handler, concurrency 4 (default)", base);
    row(table, byName.get("eventBusPublishOnly"), "publish only, no subscriber", base);
    return info.toMarkdown()
        + "- JMH "
        + org.openjdk.jmh.util.Version.getPlainVersion()
        + ": "
        + first.getParams().getForks()
        + " fork, "
        + first.getParams().getWarmup().getCount()
        + " × "
        + first.getParams().getWarmup().getTime()
        + " warmup, "
        + first.getParams().getMeasurement().getCount()
        + " × "
        + first.getParams().getMeasurement().getTime()
        + " measurement, `-prof gc`, "
        + String.format(Locale.ROOT, "%,d", HandOffBenchmark.EVENTS_PER_OP)
        + " events per operation, forked JVM options "
        + String.join(" ", forkOptions())
        + "\n\n"
        + table.toMarkdown()
        + "\n"
        + reading(byName, base);
  }

  private static void row(Table table, RunResult r, String path, double base) {
    if (r == null) {
      return;
    }
    Result<?> primary = r.getPrimaryResult();
    table.row(
        "`" + r.getParams().getBenchmark().substring(PREFIX.length()) + "`",
        path,
        Table.count(primary.getScore()),
        Table.count(primary.getScoreError()),
        Table.ratio(primary.getScore() / base),
        Table.decimal(allocation(r)));
  }

  private static String reading(Map<String, RunResult> byName, double base) {
    double baseAlloc = allocation(byName.get("arrayBlockingQueue"));
    StringBuilder out = new StringBuilder("**Reading against design.md.**\n\n");
    RunResult best = null;
    for (String key : new String[] {"eventBus@1", "eventBus@4"}) {
      RunResult r = byName.get(key);
      if (r != null
          && (best == null
              || r.getPrimaryResult().getScore() > best.getPrimaryResult().getScore())) {
        best = r;
      }
    }
    if (best == null) {
      return out.append("- No end-to-end bus result in this run.\n").toString();
    }
    double ratio = best.getPrimaryResult().getScore() / base;
    out.append(
        String.format(
            Locale.ROOT,
            "- Throughput target: publish → handler in another thread at least as fast as the"
                + " `ArrayBlockingQueue` hand-off (≥ 1.00×). Best bus figure: %s events/s ="
                + " %s of the baseline's %s events/s: **%s**.%n",
            Table.count(best.getPrimaryResult().getScore()),
            Table.ratio(ratio),
            Table.count(base),
            ratio >= 1.0 ? "meets the target" : "below the target"));
    RunResult json = byName.get("arrayBlockingQueueJson");
    if (json != null) {
      double jsonRate = json.getPrimaryResult().getScore();
      out.append(
          String.format(
              Locale.ROOT,
              "- With JSON encoding and decoding on both ends the hand-off runs at %s events/s"
                  + " (%s B/event), %s of the plain hand-off: that much is the cost of serializing."
                  + " The bus reaches %s of the serializing hand-off; the rest is the envelope,"
                  + " broker, dispatch and metrics.%n",
              Table.count(jsonRate),
              Table.decimal(allocation(json)),
              Table.ratio(jsonRate / base),
              Table.ratio(best.getPrimaryResult().getScore() / jsonRate)));
    }
    double endToEnd = allocation(best);
    RunResult publishOnly = byName.get("eventBusPublishOnly");
    out.append(
        String.format(
            Locale.ROOT,
            "- Allocation target: nothing per event on the dispatch path beyond the event itself."
                + " The baseline allocates %s B/event; the bus %s B/event end to end",
            Table.decimal(baseAlloc),
            Table.decimal(endToEnd)));
    if (publishOnly != null) {
      double pub = allocation(publishOnly);
      out.append(
          String.format(
              Locale.ROOT,
              ", of which the publish side (envelope, encoding, future, metrics) is %s B/event"
                  + " and the consuming side (decoding, delivery, dispatch, ack) about %s"
                  + " B/event",
              Table.decimal(pub),
              Table.decimal(endToEnd - pub)));
    }
    out.append(
        endToEnd - baseAlloc > 512
            ? ": **well above the target** (a decoded event and its payload take a few hundred"
                + " bytes at most).\n"
            : ": within a few hundred bytes of the baseline, about the event itself.\n");
    return out.toString();
  }

  private static java.util.List<String> forkOptions() {
    return java.util.Arrays.stream(HandOffBenchmark.class.getAnnotation(Fork.class).jvmArgsAppend())
        .filter(a -> a.startsWith("-X"))
        .toList();
  }

  private static double allocation(RunResult r) {
    Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
    return norm == null ? Double.NaN : norm.getScore();
  }

  private static RunResult require(Map<String, RunResult> byName, String name) {
    RunResult r = byName.get(name);
    if (r == null) {
      throw new IllegalStateException(
          "benchmark " + name + " has no result; the ratios need the baseline in the same run");
    }
    return r;
  }
}
