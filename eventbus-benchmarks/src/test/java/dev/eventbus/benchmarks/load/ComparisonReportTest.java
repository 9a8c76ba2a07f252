package dev.eventbus.benchmarks.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.benchmarks.report.RunInfo;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's reading of the targets, on made-up figures (these are not measurements). */
class ComparisonReportTest {
  private static final Measurements M =
      new Measurements(Duration.ofSeconds(1), Duration.ofSeconds(1), 1);

  @Test
  void peerP99LimitIsOneMillisecondOrTenPercentWhicheverIsMore() {
    assertEquals(6.0, Targets.peerP99Limit(5.0), 1e-9);
    assertEquals(22.0, Targets.peerP99Limit(20.0), 1e-9);
    assertEquals(20.0, Targets.sameWorkP99Limit(10.0), 1e-9);
  }

  @Test
  void eventBusFasterThanItsPeerWithinTheP99LimitMeetsEveryPeerTarget() {
    String md = render(side(Role.PEER, "peer", 1_000, 1_000, 10.0, null), 1_100, 1_000, 10.9);
    String peers = md.substring(md.indexOf("**eventbus vs peers"), md.indexOf("**eventbus vs raw"));
    assertFalse(peers.contains("**below**"), peers);
    assertTrue(peers.contains("| 1.10× | ≥ 1.00× | meets |"), peers);
    assertTrue(peers.contains("≤ 11.00 ms | meets"), peers);
  }

  @Test
  void eventBusSlowerThanItsPeerOrPastTheP99LimitIsBelow() {
    String md = render(side(Role.PEER, "peer", 1_000, 1_000, 10.0, null), 990, 1_000, 11.2);
    assertTrue(md.contains("| 0.99× | ≥ 1.00× | **below** |"), md);
    assertTrue(md.contains("against peer, publish: 0.99×"), md);
    assertTrue(md.contains("against peer, p99 at 2,000/s: 11.20 ms against a limit of 11.00"), md);
  }

  @Test
  void sameWorkTargetsAreNinetyPercentAndTwiceTheP99AtHalfTheEventBusMaximum() {
    String md = render(side(Role.PEER, "peer", 100, 100, 10.0, null), 900, 900, 5.0);
    String same = md.substring(md.indexOf("**eventbus vs raw"), md.indexOf("**Ceiling"));
    assertTrue(same.contains("| 0.90× | ≥ 0.90× | meets |"), same);
    assertTrue(same.contains("≤ 2.00× (8.00 ms) | meets"), same);
  }

  @Test
  void aComparisonNeedsExactlyOneEventBusSide() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Comparison("x", 1, List.of(side(Role.PEER, "p", 1, 1, 1.0, null))));
  }

  /** eventbus at the given figures, a peer, raw + envelope at 1,000/s with p99 4 ms, raw. */
  private static String render(SideResult peer, double ebPublish, double ebConsume, double ebP99) {
    SideResult eb = side(Role.EVENTBUS, "eventbus", ebPublish, ebConsume, ebP99, 8.0);
    SideResult env = side(Role.SAME_WORK, "envelope", 1_000, 1_000, 3.0, 4.0);
    SideResult raw = side(Role.CEILING, "raw", 10_000, 10_000, 1.0, null);
    Cases cases = new Cases(line -> {});
    cases.run(
        "100 B",
        "t",
        names -> new Comparison("100 B", 2_000, List.of(eb, peer, env, raw)),
        names -> {});
    return ComparisonReport.render(RunInfo.start(), List.of("settings"), M, cases);
  }

  private static SideResult side(
      Role role, String name, double publish, double consume, double p99, Double halfP99) {
    return new SideResult(
        name,
        role,
        List.of(new Throughput((long) publish, 1.0, 0, "")),
        List.of(new Throughput((long) consume, 1.0, 0, "")),
        latency(2_000, p99),
        halfP99 == null ? null : latency(500, halfP99));
  }

  /** Every recorded value the same, so that every percentile is {@code p99}. */
  private static Latency latency(double rate, double p99Millis) {
    Histogram h = new Histogram(5); // exact below 131 ms: the figures stay round
    h.recordValueWithCount(Math.round(p99Millis * 1000), 100);
    return new Latency(rate, 100, 100, h, "");
  }
}
