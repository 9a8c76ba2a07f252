package dev.eventbus.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the cases of a harness, each at most twice: the brokers on this machine are shared with
 * other engineers' test suites, which restart them and close connections, so a case that fails is
 * tried once more with new clients, and a case that fails twice is reported as failed while the
 * others go on. Not thread-safe.
 */
public final class Cases {
  private final Consumer<String> log;
  private final List<Comparison> results = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  /**
   * Cases that log progress somewhere.
   *
   * @param log where progress and failures are written
   */
  public Cases(Consumer<String> log) {
    this.log = log;
  }

  /** One attempt at a case, with clients of its own. */
  @FunctionalInterface
  public interface Attempt {
    /**
     * Runs the case.
     *
     * @param names a unique prefix for this attempt's topics and groups
     * @return the results
     * @throws Exception if the case fails
     */
    Comparison run(String names) throws Exception;
  }

  /**
   * Runs a case, trying once more if it fails.
   *
   * @param label the case's label
   * @param names a unique prefix; the second attempt appends {@code -retry}
   * @param attempt the case
   * @param cleanUp removes what an attempt left behind, given its prefix
   */
  public void run(String label, String names, Attempt attempt, Consumer<String> cleanUp) {
    for (String prefix : List.of(names, names + "-retry")) {
      try {
        results.add(attempt.run(prefix));
        return;
      } catch (Exception | Error e) {
        log.accept(label + ": attempt failed: " + e);
        if (prefix.endsWith("-retry")) {
          failures.add(label + ": failed twice; last error: " + e);
        }
      } finally {
        cleanUp.accept(prefix);
      }
    }
  }

  /**
   * The cases that completed.
   *
   * @return in run order
   */
  public List<Comparison> results() {
    return List.copyOf(results);
  }

  /**
   * The cases that failed twice, with their last error.
   *
   * @return one line each
   */
  public List<String> failures() {
    return List.copyOf(failures);
  }
}
