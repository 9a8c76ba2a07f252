package dev.eventbus.benchmarks.load;

import dev.eventbus.benchmarks.report.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three tables of a broker comparison, each against one kind of side: the peers (targets), the
 * raw client doing the same work (targets), the bare raw client (ceiling, no target). Collects, as
 * it builds them, one line for every figure below its target. Not thread-safe.
 */
final class ComparisonTables {
  private static final String INCOMPLETE = "incomplete, see notes";

  private final List<String> misses = new ArrayList<>();

  /**
   * The figures below target seen so far.
   *
   * @return one line each
   */
  List<String> misses() {
    return List.copyOf(misses);
  }

  /** eventbus against every peer of every case: publish, consume, p99 at the fixed rate. */
  Table peers(List<Comparison> cases) {
    Table t =
        new Table(
            "case",
            "peer",
            "measure",
            "eventbus",
            "peer's figure",
            "eventbus / peer",
            "target",
            "verdict");
    for (Comparison c : cases) {
      SideResult eb = c.eventBus();
      for (SideResult peer : c.only(Role.PEER)) {
        String what = c.label() + ", against " + peer.name();
        throughput(t, what, c.label(), peer.name(), "publish (events/s)", eb, peer, true);
        throughput(t, what, c.label(), peer.name(), "consume (events/s)", eb, peer, false);
        peerLatency(t, what, c, peer);
      }
    }
    return t;
  }

  private void throughput(
      Table t,
      String what,
      String label,
      String peerName,
      String measure,
      SideResult eb,
      SideResult other,
      boolean publish) {
    double ours = publish ? eb.publishRate() : eb.consumeRate();
    double theirs = publish ? other.publishRate() : other.consumeRate();
    boolean complete =
        publish
            ? eb.publishComplete() && other.publishComplete()
            : eb.consumeComplete() && other.consumeComplete();
    double min = other.role() == Role.PEER ? Targets.PEER_MIN_RATIO : Targets.SAME_WORK_MIN_RATIO;
    double ratio = ours / theirs;
    boolean meets = ratio >= min;
    if (!meets) {
      misses.add(
          String.format(
              Locale.ROOT,
              "%s, %s: %s (median %s vs %s events/s; target ≥ %s).",
              what,
              publish ? "publish" : "consume",
              Table.ratio(ratio),
              Table.count(ours),
              Table.count(theirs),
              Table.ratio(min)));
    }
    String verdict = complete ? verdict(meets) : INCOMPLETE;
    if (other.role() == Role.PEER) {
      t.row(
          label,
          peerName,
          measure,
          Table.count(ours),
          Table.count(theirs),
          Table.ratio(ratio),
          "≥ " + Table.ratio(min),
          verdict);
    } else {
      t.row(
          label,
          measure,
          Table.count(ours),
          Table.count(theirs),
          Table.ratio(ratio),
          "≥ " + Table.ratio(min),
          verdict);
    }
  }

  private void peerLatency(Table t, String what, Comparison c, SideResult peer) {
    Latency ours = c.eventBus().atFixedRate();
    Latency theirs = peer.atFixedRate();
    double limit = Targets.peerP99Limit(theirs.millis(99));
    boolean meets = ours.complete() && ours.millis(99) <= limit;
    String verdict =
        !theirs.complete()
            ? INCOMPLETE
            : ours.complete() ? verdict(meets) : "**below** (did not keep up)";
    if (!meets) {
      misses.add(p99Miss(what, ours, limit));
    }
    t.row(
        c.label(),
        peer.name(),
        String.format(Locale.ROOT, "p99 (ms) at %,.0f/s", c.fixedRate()),
        millis(ours.millis(99)),
        millis(theirs.millis(99)),
        delta(ours.millis(99) - theirs.millis(99)),
        "≤ " + millis(limit) + " ms",
        verdict);
  }

  /** eventbus against the raw client doing its work by hand, for the cases that measured it. */
  Table sameWork(List<Comparison> cases) {
    Table t =
        new Table(
            "case",
            "measure",
            "eventbus",
            "raw + envelope",
            "eventbus / (raw + envelope)",
            "target",
            "verdict");
    for (Comparison c : cases) {
      SideResult eb = c.eventBus();
      for (SideResult env : c.only(Role.SAME_WORK)) {
        String what = c.label() + ", against " + env.name();
        throughput(t, what, c.label(), "", "publish (events/s)", eb, env, true);
        throughput(t, what, c.label(), "", "consume (events/s)", eb, env, false);
        sameWorkLatency(t, what, c, env);
      }
    }
    return t;
  }

  private void sameWorkLatency(Table t, String what, Comparison c, SideResult env) {
    Latency ours = c.eventBus().atHalfEventBusMax();
    Latency theirs = env.atHalfEventBusMax();
    if (ours == null || theirs == null) {
      t.row(c.label(), "p99 (ms) at half the eventbus maximum", "n/a", "n/a", "", "", "n/a");
      return;
    }
    double limit = Targets.sameWorkP99Limit(theirs.millis(99));
    boolean meets = ours.complete() && ours.millis(99) <= limit;
    String verdict =
        !theirs.complete()
            ? INCOMPLETE
            : ours.complete() ? verdict(meets) : "**below** (did not keep up)";
    if (!meets) {
      misses.add(p99Miss(what + ", at half the eventbus maximum", ours, limit));
    }
    t.row(
        c.label(),
        String.format(
            Locale.ROOT, "p99 (ms) at %,.0f/s, half the eventbus maximum", ours.ratePerSecond()),
        millis(ours.millis(99)),
        millis(theirs.millis(99)),
        Table.ratio(ours.millis(99) / theirs.millis(99)),
        String.format(
            Locale.ROOT,
            "≤ %s (%s ms)",
            Table.ratio(Targets.SAME_WORK_MAX_P99_FACTOR),
            millis(limit)),
        verdict);
  }

  /** The bare raw client beside eventbus (and the envelope baseline): how far off the ceiling. */
  Table ceiling(List<Comparison> cases) {
    Table t =
        new Table("case", "measure", "raw", "eventbus", "eventbus / raw", "(raw + envelope) / raw");
    for (Comparison c : cases) {
      SideResult eb = c.eventBus();
      List<SideResult> envs = c.only(Role.SAME_WORK);
      SideResult env = envs.isEmpty() ? null : envs.get(0);
      for (SideResult raw : c.only(Role.CEILING)) {
        t.row(
            c.label(),
            "publish (events/s)",
            Table.count(raw.publishRate()),
            Table.count(eb.publishRate()),
            Table.ratio(eb.publishRate() / raw.publishRate()),
            env == null ? "" : Table.ratio(env.publishRate() / raw.publishRate()));
        t.row(
            c.label(),
            "consume (events/s)",
            Table.count(raw.consumeRate()),
            Table.count(eb.consumeRate()),
            Table.ratio(eb.consumeRate() / raw.consumeRate()),
            env == null ? "" : Table.ratio(env.consumeRate() / raw.consumeRate()));
        double rawP99 = raw.atFixedRate().millis(99);
        t.row(
            c.label(),
            String.format(Locale.ROOT, "p99 (ms) at %,.0f/s", c.fixedRate()),
            millis(rawP99),
            millis(eb.atFixedRate().millis(99)),
            delta(eb.atFixedRate().millis(99) - rawP99),
            env == null ? "" : delta(env.atFixedRate().millis(99) - rawP99));
      }
    }
    return t;
  }

  private static String p99Miss(String what, Latency ours, double limit) {
    return String.format(
        Locale.ROOT,
        "%s, p99 at %,.0f/s: %s ms against a limit of %s ms%s.",
        what,
        ours.ratePerSecond(),
        millis(ours.millis(99)),
        millis(limit),
        ours.complete() ? "" : " (incomplete: eventbus did not keep up with the rate)");
  }

  private static String verdict(boolean ok) {
    return ok ? "meets" : "**below**";
  }

  /**
   * A difference of latencies.
   *
   * @param millis the difference
   * @return for example {@code +0.35 ms}
   */
  static String delta(double millis) {
    return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%+,.2f ms", millis);
  }

  /**
   * A latency.
   *
   * @param value milliseconds
   * @return two decimals, or {@code n/a}
   */
  static String millis(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.2f", value);
  }
}
