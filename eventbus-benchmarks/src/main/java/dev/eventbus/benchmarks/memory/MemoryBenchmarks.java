package dev.eventbus.benchmarks.memory;

import dev.eventbus.benchmarks.report.ResultsDocument;
import dev.eventbus.benchmarks.report.RunInfo;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link HandOffBenchmark} with the GC profiler and writes the {@code memory} section of the
 * results page ({@link MemoryReport}).
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
        .replaceSection(
            SECTION, "In-memory broker (JMH)", MemoryReport.render(info, PREFIX, results));
    System.out.println("Wrote section '" + SECTION + "' of " + args[0]);
  }
}
