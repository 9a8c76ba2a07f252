package dev.eventbus.testkit.internal;

import dev.eventbus.EventType;

/**
 * The payload of every event the contract suite publishes. Public so that any codec can bind it.
 *
 * @param key the partition key it was published with, or null
 * @param seq its position among the events of its key (or of its test), from 0
 * @param note free text a test uses to steer its handler
 */
@EventType("dev.eventbus.testkit.ContractEvent")
public record ContractEvent(String key, int seq, String note) {
  /** The CloudEvents type the suite's events are published under. */
  public static final String TYPE = "dev.eventbus.testkit.ContractEvent";

  /**
   * An event without a note.
   *
   * @param key the key, or null
   * @param seq the sequence number
   * @return the payload
   */
  public static ContractEvent of(String key, int seq) {
    return new ContractEvent(key, seq, "");
  }
}
