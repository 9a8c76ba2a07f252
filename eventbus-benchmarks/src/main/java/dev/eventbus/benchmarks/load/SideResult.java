package dev.eventbus.benchmarks.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one side of a comparison measured. Immutable.
 *
 * @param name the client's name, for example {@code Spring Kafka (KafkaTemplate)}
 * @param role what the side stands for
 * @param publish publish rate of every round, in round order
 * @param consume consume rate of every round, in round order
 * @param atFixedRate latency at the comparison's fixed rate
 * @param atHalfEventBusMax latency at half the eventbus side's own maximum; measured on the
 *     eventbus side and the same-work baseline only, else null
 */
public record SideResult(
    String name,
    Role role,
    List<Throughput> publish,
    List<Throughput> consume,
    Latency atFixedRate,
    Latency atHalfEventBusMax) {

  /** Copies the lists. */
  public SideResult {
    publish = List.copyOf(publish);
    consume = List.copyOf(consume);
  }

  /**
   * The median publish rate.
   *
   * @return events per second
   */
  public double publishRate() {
    return median(publish);
  }

  /**
   * The median consume rate.
   *
   * @return events per second
   */
  public double consumeRate() {
    return median(consume);
  }

  /**
   * The side's maximum: the lower of its median publish and consume rates.
   *
   * @return events per second
   */
  public double max() {
    return Math.min(publishRate(), consumeRate());
  }

  /**
   * Whether every publish round completed.
   *
   * @return false if a round has a note
   */
  public boolean publishComplete() {
    return publish.stream().allMatch(t -> t.note().isBlank());
  }

  /**
   * Whether every consume round completed.
   *
   * @return false if a round has a note
   */
  public boolean consumeComplete() {
    return consume.stream().allMatch(t -> t.note().isBlank());
  }

  /**
   * The median rate of some rounds.
   *
   * @param rounds the rounds
   * @return events per second of the median round (the upper one of an even count), 0 for none
   */
  public static double median(List<Throughput> rounds) {
    List<Throughput> sorted = new ArrayList<>(rounds);
    sorted.sort(Comparator.comparingDouble(Throughput::perSecond));
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2).perSecond();
  }
}
