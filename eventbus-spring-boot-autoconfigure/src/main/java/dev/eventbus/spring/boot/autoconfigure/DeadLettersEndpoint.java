package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.DeadLetter;
import dev.eventbus.DeadLetters;
import dev.eventbus.EventBus;
import dev.eventbus.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * The actuator endpoint {@code eventbusdeadletters}: the bus's {@link DeadLetters} per topic and
 * group. Reads are open by default; redrive and purge are off until the application grants the
 * endpoint full access ({@code management.endpoint.eventbusdeadletters.access=unrestricted}), and
 * over HTTP it is exposed and secured like any actuator endpoint ({@code
 * management.endpoints.web.exposure.include}, Spring Security).
 *
 * <ul>
 *   <li>{@code GET /actuator/eventbusdeadletters}: each subscribed (topic, group) with its count;
 *   <li>{@code GET .../{topic}/{group}?max=}: the oldest dead letters, at most {@code max} (20);
 *   <li>{@code GET .../{topic}/{group}/{id}}: one dead letter with its headers and body;
 *   <li>{@code POST .../{topic}/{group}} with {@code {"max":..,"perSecond":..}}: redrive;
 *   <li>{@code POST .../{topic}/{group}/{id}}: redrive one;
 *   <li>{@code DELETE .../{topic}/{group}}: purge; {@code DELETE .../{topic}/{group}/{id}}: delete
 *       one.
 * </ul>
 *
 * <p>Thread-safe: each operation is one call of the bus's dead-letter API.
 */
@Endpoint(id = "eventbusdeadletters", defaultAccess = Access.READ_ONLY)
public class DeadLettersEndpoint {
  static final int DEFAULT_MAX = 20;
  static final double DEFAULT_RATE = 100.0;
  private static final Duration REDRIVE_ONE_TIMEOUT = Duration.ofSeconds(30);
  private final EventBus bus;

  /**
   * An endpoint over a bus's dead letters.
   *
   * @param bus the bus
   */
  public DeadLettersEndpoint(EventBus bus) {
    this.bus = bus;
  }

  /**
   * Every subscribed (topic, group) and how many dead letters it holds.
   *
   * @return one entry per (topic, group)
   */
  @ReadOperation
  public List<Map<String, Object>> groups() {
    Set<List<String>> seen = new LinkedHashSet<>();
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Subscription s : bus.subscriptions()) {
      if (seen.add(List.of(s.topic(), s.group()))) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("topic", s.topic());
        entry.put("group", s.group());
        entry.put("count", bus.deadLetters().count(s.topic(), s.group()));
        groups.add(entry);
      }
    }
    return groups;
  }

  /**
   * The oldest dead letters of a group.
   *
   * @param topic the topic
   * @param group the group
   * @param max at most this many, 20 if not given
   * @return the count and the dead letters, without bodies
   */
  @ReadOperation
  public Map<String, Object> list(
      @Selector String topic, @Selector String group, @Nullable Integer max) {
    DeadLetters deadLetters = bus.deadLetters();
    List<Map<String, Object>> letters = new ArrayList<>();
    for (DeadLetter d : deadLetters.list(topic, group, max == null ? DEFAULT_MAX : max)) {
      letters.add(summary(d));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("count", deadLetters.count(topic, group));
    result.put("deadLetters", letters);
    return result;
  }

  /**
   * One dead letter, with its headers and body.
   *
   * @param topic the topic
   * @param group the group
   * @param id the dead letter's id
   * @return the dead letter, or null (404) if there is none with that id
   */
  @ReadOperation
  public Map<String, Object> inspect(
      @Selector String topic, @Selector String group, @Selector String id) {
    return bus.deadLetters()
        .inspect(topic, group, id)
        .map(
            d -> {
              Map<String, Object> detail = summary(d);
              detail.put("headers", d.headers());
              detail.put("body", d.bodyAsString());
              return detail;
            })
        .orElse(null);
  }

  /**
   * Redrives a group's dead letters to it, oldest first, at a bounded rate.
   *
   * @param topic the topic
   * @param group the group
   * @param max at most this many, 20 if not given
   * @param perSecond at most this many per second, 100 if not given
   * @return how many were redriven
   */
  @WriteOperation
  public Map<String, Object> redrive(
      @Selector String topic,
      @Selector String group,
      @Nullable Integer max,
      @Nullable Double perSecond) {
    long redriven =
        bus.deadLetters()
            .redrive(
                topic,
                group,
                max == null ? DEFAULT_MAX : max,
                perSecond == null ? DEFAULT_RATE : perSecond);
    return Map.of("redriven", redriven);
  }

  /**
   * Redrives one dead letter.
   *
   * @param topic the topic
   * @param group the group
   * @param id the dead letter's id
   * @return whether it was redriven
   */
  @WriteOperation
  public Map<String, Object> redriveOne(
      @Selector String topic, @Selector String group, @Selector String id) {
    return Map.of("redriven", bus.deadLetters().redriveOne(topic, group, id, REDRIVE_ONE_TIMEOUT));
  }

  /**
   * Deletes every dead letter of a group.
   *
   * @param topic the topic
   * @param group the group
   * @return how many were deleted
   */
  @DeleteOperation
  public Map<String, Object> purge(@Selector String topic, @Selector String group) {
    return Map.of("purged", bus.deadLetters().purge(topic, group));
  }

  /**
   * Deletes one dead letter.
   *
   * @param topic the topic
   * @param group the group
   * @param id the dead letter's id
   * @return whether it was deleted
   */
  @DeleteOperation
  public Map<String, Object> delete(
      @Selector String topic, @Selector String group, @Selector String id) {
    return Map.of("deleted", bus.deadLetters().delete(topic, group, id));
  }

  private static Map<String, Object> summary(DeadLetter d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("eventId", d.eventId());
    m.put("type", d.type());
    m.put("attempts", d.attempts());
    m.put("firstFailure", String.valueOf(d.firstFailure()));
    m.put("lastFailure", String.valueOf(d.lastFailure()));
    m.put("reason", d.reason());
    m.put("exceptionClass", d.exceptionClass());
    m.put("exceptionMessage", d.exceptionMessage());
    return m;
  }
}
