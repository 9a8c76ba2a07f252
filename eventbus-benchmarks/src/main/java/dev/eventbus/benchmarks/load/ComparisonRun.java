package dev.eventbus.benchmarks.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The measurements of one {@link Comparison}, in the order its documentation gives. Called from one
 * thread; not reusable.
 */
final class ComparisonRun {
  private final String label;
  private final Measurements m;
  private final List<Side> sides;
  private final String names;
  private final String group;
  private final Consumer<String> log;
  private final Map<Side, List<Throughput>> publish = new LinkedHashMap<>();
  private final Map<Side, List<Throughput>> consume = new LinkedHashMap<>();

  ComparisonRun(
      String label, Measurements m, List<Side> sides, String names, Consumer<String> log) {
    Set<String> keys = new HashSet<>();
    for (Side s : sides) {
      if (!keys.add(s.key())) {
        throw new IllegalArgumentException(label + ": two sides have the key " + s.key());
      }
    }
    this.label = label;
    this.m = m;
    this.sides = List.copyOf(sides);
    this.names = names;
    this.group = Comparison.group(names);
    this.log = log;
    for (Side s : sides) {
      publish.put(s, new ArrayList<>());
      consume.put(s, new ArrayList<>());
    }
  }

  Comparison run(double fixedRate) {
    prepareAndWarmUp();
    rounds();
    Map<Side, Latency> fixed = new LinkedHashMap<>();
    for (Side s : sides) {
      fixed.put(s, latency(s, "-lat", fixedRate, " (the fixed rate)"));
    }
    Side eventBus = sides.stream().filter(s -> s.role() == Role.EVENTBUS).findFirst().orElseThrow();
    double eventBusMax =
        Math.min(
            SideResult.median(publish.get(eventBus)), SideResult.median(consume.get(eventBus)));
    Map<Side, Latency> half = new LinkedHashMap<>();
    if (eventBusMax > 0) {
      for (Side s : sides) {
        if (s.role() == Role.EVENTBUS || s.role() == Role.SAME_WORK) {
          half.put(s, latency(s, "-lat-half", eventBusMax / 2, " (half the eventbus maximum)"));
        }
      }
    } else {
      log.accept(label + ": the eventbus side measured no throughput; no latency at its half max");
    }
    List<SideResult> results = new ArrayList<>();
    for (Side s : sides) {
      results.add(
          new SideResult(
              s.client().name(),
              s.role(),
              publish.get(s),
              consume.get(s),
              fixed.get(s),
              half.get(s)));
    }
    return new Comparison(label, fixedRate, results);
  }

  /** Creates every topic before anything is measured, then warms every side up. */
  private void prepareAndWarmUp() {
    for (Side s : sides) {
      for (String topic : Comparison.phases(names, s.key(), m.rounds())) {
        s.client().prepare(topic, group);
      }
    }
    for (Side s : sides) {
      log.accept(label + ": warming up " + s.client().name());
      m.warmUp(s.client(), Comparison.topic(names, s.key(), "-warm"), group);
    }
  }

  /** Every side publishes and drains a topic of its own per round, each going first in turn. */
  private void rounds() {
    List<Side> order = new ArrayList<>(sides);
    for (int r = 1; r <= m.rounds(); r++) {
      log.accept(label + ": round " + r + " of " + m.rounds() + ", publish and consume");
      for (Side s : order) {
        String topic = Comparison.topic(names, s.key(), "-" + r);
        Throughput published = m.publishRate(s.client(), topic);
        publish.get(s).add(published);
        consume.get(s).add(m.drainRate(s.client(), topic, group, published.events()));
      }
      Collections.rotate(order, -1);
    }
  }

  private Latency latency(Side s, String phase, double rate, String why) {
    log.accept(label + String.format(": latency at %,.0f/s%s, ", rate, why) + s.client().name());
    return m.latency(s.client(), Comparison.topic(names, s.key(), phase), group, rate);
  }
}
