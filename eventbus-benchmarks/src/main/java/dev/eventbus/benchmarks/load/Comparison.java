package dev.eventbus.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One case of a broker comparison (a payload size, a queue type) measured on the raw client and on
 * the adapter in the same run. Both are warmed up first; then, in each of {@link
 * Measurements#rounds()} rounds, both publish to a topic of their own and then drain it, the order
 * of raw and adapter alternating from round to round so that both see the same machine; the median
 * round is reported. Last, latency at half the raw client's maximum (and, when the adapter cannot
 * reach that rate, also at half the adapter's own maximum).
 *
 * <p>A case may measure a second baseline, a {@link Baseline} such as the raw client with the
 * adapter's envelope, the same way: in every round and at the same latency rate, and also at half
 * the adapter's own maximum when the adapter is measured there. The raw client alone chooses the
 * first rate and stays the reference of the targets.
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
 * @param envelope the second baseline, or null when the case has none
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
    Latency adapterOwnLatency,
    Baseline envelope) {

  /**
   * A case without a second baseline.
   *
   * @param label the case
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
  public Comparison(
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
    this(
        label,
        rawName,
        adapterName,
        rawPublish,
        adapterPublish,
        rawConsume,
        adapterConsume,
        rawLatency,
        adapterLatency,
        adapterOwnLatency,
        null);
  }

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
    return run(label, m, raw, adapter, null, names, log);
  }

  /**
   * Runs a case with a second baseline, measured like the raw client; its topics contain {@code
   * -envelope}.
   *
   * @param label the case's label
   * @param m the measurements (warmup, window, rounds)
   * @param raw the raw client
   * @param adapter the adapter client
   * @param envelope the second baseline, or null for none
   * @param names a unique prefix for topics and groups of this case
   * @param log where progress lines go
   * @return the results
   */
  public static Comparison run(
      String label,
      Measurements m,
      LoadClient raw,
      LoadClient adapter,
      LoadClient envelope,
      String names,
      Consumer<String> log) {
    Map<Side, LoadClient> clients = new EnumMap<>(Side.class);
    clients.put(Side.RAW, raw);
    if (envelope != null) {
      clients.put(Side.ENVELOPE, envelope);
    }
    clients.put(Side.ADAPTER, adapter);
    Run run = new Run(label, m, clients, names, log);
    run.prepareAndWarmUp();
    run.rounds();
    double rawMax = run.max(Side.RAW);
    if (rawMax <= 0) {
      throw new IllegalStateException(
          label + ": the raw client measured no throughput; cannot choose a latency rate");
    }
    Map<Side, Latency> latency = new EnumMap<>(Side.class);
    for (Side side : clients.keySet()) {
      latency.put(side, run.latency(side, "-lat" + side.infix, rawMax / 2, ""));
    }
    double adMax = run.max(Side.ADAPTER);
    Latency own = null;
    Latency envelopeOwn = null;
    if (adMax > 0 && adMax < 0.9 * rawMax) {
      own = run.latency(Side.ADAPTER, "-lat-own", adMax / 2, " (half its own max)");
      if (envelope != null) {
        envelopeOwn =
            run.latency(Side.ENVELOPE, "-lat-envelope-own", adMax / 2, " (half the adapter's max)");
      }
    }
    return new Comparison(
        label,
        raw.name(),
        adapter.name(),
        run.publish.get(Side.RAW),
        run.publish.get(Side.ADAPTER),
        run.consume.get(Side.RAW),
        run.consume.get(Side.ADAPTER),
        latency.get(Side.RAW),
        latency.get(Side.ADAPTER),
        own,
        envelope == null
            ? null
            : new Baseline(
                envelope.name(),
                run.publish.get(Side.ENVELOPE),
                run.consume.get(Side.ENVELOPE),
                latency.get(Side.ENVELOPE),
                envelopeOwn));
  }

  /** One case's clients and the rates measured so far. */
  private static final class Run {
    final Map<Side, List<Throughput>> publish = new EnumMap<>(Side.class);
    final Map<Side, List<Throughput>> consume = new EnumMap<>(Side.class);
    private final String label;
    private final Measurements m;
    private final Map<Side, LoadClient> clients;
    private final String names;
    private final String group;
    private final Consumer<String> log;

    Run(
        String label,
        Measurements m,
        Map<Side, LoadClient> clients,
        String names,
        Consumer<String> log) {
      this.label = label;
      this.m = m;
      this.clients = clients;
      this.names = names;
      this.group = group(names);
      this.log = log;
      for (Side side : clients.keySet()) {
        publish.put(side, new ArrayList<>());
        consume.put(side, new ArrayList<>());
      }
    }

    void prepareAndWarmUp() {
      for (String topic : topics(names, m.rounds(), clients.containsKey(Side.ENVELOPE))) {
        clients.get(Side.of(topic)).prepare(topic, group);
      }
      clients.forEach(
          (side, client) -> {
            log.accept(label + ": warming up " + client.name());
            m.warmUp(client, names + "-warm" + side.infix, group);
          });
    }

    /** Every side publishes and drains a topic of its own per round, each going first in turn. */
    void rounds() {
      List<Side> order = new ArrayList<>(clients.keySet());
      for (int r = 1; r <= m.rounds(); r++) {
        log.accept(label + ": round " + r + " of " + m.rounds() + ", publish and consume");
        for (Side side : order) {
          String topic = names + side.infix + "-" + r;
          Throughput published = m.publishRate(clients.get(side), topic);
          publish.get(side).add(published);
          consume.get(side).add(m.consumeRate(clients.get(side), topic, group, published.events()));
        }
        Collections.rotate(order, -1);
      }
    }

    /** A side's maximum: the lower of its median publish and consume rates. */
    double max(Side side) {
      return Math.min(median(publish.get(side)), median(consume.get(side)));
    }

    Latency latency(Side side, String topicSuffix, double rate, String why) {
      LoadClient client = clients.get(side);
      log.accept(label + String.format(": latency at %,.0f/s%s, ", rate, why) + client.name());
      return m.latency(client, names + topicSuffix, group, rate);
    }
  }

  /** The clients of a case, in the order of the first round; each names its topics. */
  private enum Side {
    RAW("-raw"),
    ENVELOPE("-envelope"),
    ADAPTER("-adapter");

    final String infix;

    Side(String infix) {
      this.infix = infix;
    }

    /** Whose topic this is: {@code -lat-own} and the adapter's topics are the adapter's. */
    static Side of(String topic) {
      if (topic.contains(RAW.infix)) {
        return RAW;
      }
      return topic.contains(ENVELOPE.infix) ? ENVELOPE : ADAPTER;
    }
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
    return topics(names, rounds, false);
  }

  /**
   * The topics a case with this prefix uses, with or without a second baseline. The second
   * baseline's topics contain {@code -envelope}.
   *
   * @param names the prefix passed to {@link #run}
   * @param rounds the number of rounds
   * @param envelope whether the case has a second baseline
   * @return the topic names
   */
  public static List<String> topics(String names, int rounds, boolean envelope) {
    List<String> topics = new ArrayList<>();
    for (String side :
        envelope ? List.of("-raw", "-envelope", "-adapter") : List.of("-raw", "-adapter")) {
      topics.add(names + "-warm" + side);
      topics.add(names + "-lat" + side);
      for (int r = 1; r <= rounds; r++) {
        topics.add(names + side + "-" + r);
      }
    }
    topics.add(names + "-lat-own");
    if (envelope) {
      topics.add(names + "-lat-envelope-own");
    }
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
    if (envelope != null) {
      for (int r = 0; r < envelope.publish().size(); r++) {
        String round = "round " + (r + 1) + ", ";
        note(notes, round + "publish, " + envelope.name(), envelope.publish().get(r).note());
        note(notes, round + "consume, " + envelope.name(), envelope.consume().get(r).note());
      }
      note(notes, "latency, " + envelope.name(), envelope.latency().note());
      if (envelope.latencyAtAdapterRate() != null) {
        note(
            notes,
            "latency at the adapter's half maximum, " + envelope.name(),
            envelope.latencyAtAdapterRate().note());
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
