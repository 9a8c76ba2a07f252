package dev.eventbus.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One case of a broker comparison (a payload size, a queue type): every {@link Side} measured in
 * the same run. All sides are warmed up first; then, in each of {@link Measurements#rounds()}
 * rounds, every side publishes to a topic of its own and drains it, the order of the sides rotating
 * from round to round so that each sees the same machine; the median round is reported. Last,
 * latency: every side at the case's fixed rate, then the eventbus side and the same-work baseline
 * at half the eventbus side's own maximum. Immutable.
 *
 * @param label the case, for example {@code 100 B} or {@code quorum, 1 KiB}
 * @param fixedRate the rate every side's latency was measured at, events per second
 * @param sides what each side measured, in the order the sides were given
 */
public record Comparison(String label, double fixedRate, List<SideResult> sides) {
  /** Copies the list and checks that there is exactly one eventbus side. */
  public Comparison {
    sides = List.copyOf(sides);
    if (sides.stream().filter(s -> s.role() == Role.EVENTBUS).count() != 1) {
      throw new IllegalArgumentException(label + ": a comparison needs exactly one eventbus side");
    }
  }

  /**
   * Runs a case.
   *
   * @param label the case's label
   * @param m the measurements (warmup, window, rounds)
   * @param fixedRate the rate of every side's latency measurement, events per second
   * @param sides the sides, exactly one of them {@link Role#EVENTBUS}; the first round runs them in
   *     this order
   * @param names a unique prefix for topics and groups of this case
   * @param log where progress lines go
   * @return the results
   */
  public static Comparison run(
      String label,
      Measurements m,
      double fixedRate,
      List<Side> sides,
      String names,
      Consumer<String> log) {
    return new ComparisonRun(label, m, sides, names, log).run(fixedRate);
  }

  /**
   * The eventbus side.
   *
   * @return its results
   */
  public SideResult eventBus() {
    return only(Role.EVENTBUS).get(0);
  }

  /**
   * The sides of a role.
   *
   * @param role the role
   * @return in the order the sides were given; empty if none
   */
  public List<SideResult> only(Role role) {
    return sides.stream().filter(s -> s.role() == role).toList();
  }

  /**
   * The topic of one side's phase: {@code <names>-<key><phase>}.
   *
   * @param names the case's prefix
   * @param key the side's key
   * @param phase {@code -warm}, {@code -lat}, {@code -lat-half} or {@code -<round>}
   * @return the topic name
   */
  public static String topic(String names, String key, String phase) {
    return names + "-" + key + phase;
  }

  /**
   * Every topic a case with this prefix may use, for preparing and cleaning up.
   *
   * @param names the prefix passed to {@link #run}
   * @param keys the sides' keys
   * @param rounds the number of rounds
   * @return the topic names
   */
  public static List<String> topics(String names, List<String> keys, int rounds) {
    List<String> topics = new ArrayList<>();
    for (String key : keys) {
      topics.addAll(phases(names, key, rounds));
    }
    return topics;
  }

  /** A side's topics: warmup, one per round, fixed-rate latency, latency at half eventbus's max. */
  static List<String> phases(String names, String key, int rounds) {
    List<String> topics = new ArrayList<>();
    topics.add(topic(names, key, "-warm"));
    for (int r = 1; r <= rounds; r++) {
      topics.add(topic(names, key, "-" + r));
    }
    topics.add(topic(names, key, "-lat"));
    topics.add(topic(names, key, "-lat-half"));
    return topics;
  }

  /**
   * The group every phase of a case with this prefix uses.
   *
   * @param names the prefix passed to {@link #run}
   * @return the group name
   */
  public static String group(String names) {
    return names + "-g";
  }

  /**
   * Notes on incomplete measurements of this case.
   *
   * @return one line each, empty when every figure is complete
   */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    for (SideResult s : sides) {
      for (int r = 0; r < s.publish().size(); r++) {
        note(notes, "round " + (r + 1) + ", publish, " + s.name(), s.publish().get(r).note());
      }
      for (int r = 0; r < s.consume().size(); r++) {
        note(notes, "round " + (r + 1) + ", consume, " + s.name(), s.consume().get(r).note());
      }
      if (s.atFixedRate() != null) {
        note(notes, "latency at the fixed rate, " + s.name(), s.atFixedRate().note());
      }
      if (s.atHalfEventBusMax() != null) {
        note(
            notes,
            "latency at half the eventbus maximum, " + s.name(),
            s.atHalfEventBusMax().note());
      }
    }
    return notes;
  }

  private void note(List<String> notes, String what, String note) {
    if (!note.isBlank()) {
      notes.add(label + ", " + what + ": " + note.strip());
    }
  }
}
