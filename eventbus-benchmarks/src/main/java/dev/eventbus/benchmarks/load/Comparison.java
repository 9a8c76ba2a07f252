package dev.eventbus.benchmarks.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One case of a broker comparison (a payload size, a queue type) measured on the raw client and on
 * the adapter in the same run. Both are warmed up first; then, in each of {@link
 * Measurements#rounds()} rounds, both publish to a topic of their own and then drain it, the order
 * of raw and adapter alternating from round to round so that both see the same machine; the median
 * round is reported. Last, latency at half the raw client's maximum (and, when the adapter cannot
 * reach that rate, also at half the adapter's own maximum).
 *
 * @param label the case, for example {@code 100 B} or {@code quorum, 1 KiB}
 * @param rawName the raw client's name
 * @param adapterName the adapter's name
 * @param rawPublish raw publish rate of every round
 * @param adapterPublish adapter publish rate of every round
 * @param rawConsume raw consume rate of every round
 * @param adapterConsume adapter consume rate of every round
 * @param rawLatency raw latency at half the raw maximum
 * @param adapterLatency adapter latency at the same rate
 * @param adapterOwnLatency adapter latency at half its own maximum, or null when not measured
 */
public record Comparison(
    String label,
    String rawName,
    String adapterName,
    List<Throughput> rawPublish,
    List<Throughput> adapterPublish,
    List<Throughput> rawConsume,
    List<Throughput> adapterConsume,
    Latency rawLatency,
    Latency adapterLatency,
    Latency adapterOwnLatency) {

  /**
   * Runs a case.
   *
   * @param label the case's label
   * @param m the measurements (warmup, window, rounds)
   * @param raw the raw client
   * @param adapter the adapter client
   * @param names a unique prefix for topics and groups of this case
   * @param log where progress lines go
   * @return the results
   */
  public static Comparison run(
      String label,
      Measurements m,
      LoadClient raw,
      LoadClient adapter,
      String names,
      Consumer<String> log) {
    String group = group(names);
    for (String topic : topics(names, m.rounds())) {
      (topic.contains("-raw") ? raw : adapter).prepare(topic, group);
    }
    log.accept(label + ": warming up " + raw.name());
    m.warmUp(raw, names + "-warm-raw", group);
    log.accept(label + ": warming up " + adapter.name());
    m.warmUp(adapter, names + "-warm-adapter", group);
    Rounds rounds = new Rounds();
    for (int r = 1; r <= m.rounds(); r++) {
      log.accept(label + ": round " + r + " of " + m.rounds() + ", publish and consume");
      boolean rawFirst = r % 2 == 1;
      round(m, rawFirst ? raw : adapter, names, r, group, rounds, rawFirst);
      round(m, rawFirst ? adapter : raw, names, r, group, rounds, !rawFirst);
    }
    double rawMax = Math.min(median(rounds.rawPub), median(rounds.rawCons));
    if (rawMax <= 0) {
      throw new IllegalStateException(
          label + ": the raw client measured no throughput; cannot choose a latency rate");
    }
    double rate = rawMax / 2;
    log.accept(label + String.format(": latency at %,.0f/s, ", rate) + raw.name());
    Latency rawLat = m.latency(raw, names + "-lat-raw", group, rate);
    log.accept(label + String.format(": latency at %,.0f/s, ", rate) + adapter.name());
    Latency adLat = m.latency(adapter, names + "-lat-adapter", group, rate);
    double adMax = Math.min(median(rounds.adPub), median(rounds.adCons));
    Latency own = null;
    if (adMax > 0 && adMax < 0.9 * rawMax) {
      log.accept(
          label
              + String.format(": latency at %,.0f/s (half its own max), ", adMax / 2)
              + adapter.name());
      own = m.latency(adapter, names + "-lat-own", group, adMax / 2);
    }
    return new Comparison(
        label,
        raw.name(),
        adapter.name(),
        rounds.rawPub,
        rounds.adPub,
        rounds.rawCons,
        rounds.adCons,
        rawLat,
        adLat,
        own);
  }

  private static void round(
      Measurements m,
      LoadClient client,
      String names,
      int round,
      String group,
      Rounds rounds,
      boolean isRaw) {
    String topic = names + (isRaw ? "-raw-" : "-adapter-") + round;
    Throughput published = m.publishRate(client, topic);
    Throughput consumed = m.consumeRate(client, topic, group, published.events());
    (isRaw ? rounds.rawPub : rounds.adPub).add(published);
    (isRaw ? rounds.rawCons : rounds.adCons).add(consumed);
  }

  /** The measurements of every round, in order. */
  private static final class Rounds {
    final List<Throughput> rawPub = new ArrayList<>();
    final List<Throughput> adPub = new ArrayList<>();
    final List<Throughput> rawCons = new ArrayList<>();
    final List<Throughput> adCons = new ArrayList<>();
  }

  /**
   * The median rate of some rounds.
   *
   * @param rounds the rounds
   * @return events per second of the median round (the upper one of an even count)
   */
  public static double median(List<Throughput> rounds) {
    List<Throughput> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(Throughput::perSecond));
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2).perSecond();
  }

  /**
   * The topics a case with this prefix uses, for preparing and cleaning up. Raw clients' topics
   * contain {@code -raw}, the adapter's do not.
   *
   * @param names the prefix passed to {@link #run}
   * @param rounds the number of rounds
   * @return the topic names
   */
  public static List<String> topics(String names, int rounds) {
    List<String> topics = new ArrayList<>();
    for (String side : List.of("-raw", "-adapter")) {
      topics.add(names + "-warm" + side);
      topics.add(names + "-lat" + side);
      for (int r = 1; r <= rounds; r++) {
        topics.add(names + side + "-" + r);
      }
    }
    topics.add(names + "-lat-own");
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
   * Whether any measurement of this case is incomplete.
   *
   * @return true if a note says why a figure is partial
   */
  public boolean incomplete() {
    return !notes().isEmpty();
  }

  /**
   * Notes on incomplete measurements of this case.
   *
   * @return one line each
   */
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    for (int r = 0; r < rawPublish.size(); r++) {
      String round = "round " + (r + 1) + ", ";
      note(notes, round + "publish, " + rawName, rawPublish.get(r).note());
      note(notes, round + "publish, " + adapterName, adapterPublish.get(r).note());
      note(notes, round + "consume, " + rawName, rawConsume.get(r).note());
      note(notes, round + "consume, " + adapterName, adapterConsume.get(r).note());
    }
    note(notes, "latency, " + rawName, rawLatency.note());
    note(notes, "latency, " + adapterName, adapterLatency.note());
    if (adapterOwnLatency != null) {
      note(notes, "latency at its own half maximum, " + adapterName, adapterOwnLatency.note());
    }
    return notes;
  }

  private void note(List<String> notes, String what, String note) {
    if (!note.isBlank()) {
      notes.add(label + ", " + what + ": " + note.strip());
    }
  }
}
