package dev.eventbus.eventbridge;

/**
 * How a topic maps onto EventBridge. Either way the event's {@code type} becomes {@code
 * detail-type} and the payload becomes {@code detail.data}; what differs is where the topic lives.
 */
public enum TopicMapping {
  /**
   * One event bus for every topic ({@code eventBusName}, by default {@code default}); the topic is
   * the EventBridge {@code source} of each event, and a group's rule matches {@code
   * {"source":["<topic>"]}}. The event's own CloudEvents {@code source} travels in {@code
   * detail.eventbus.source}. A topic named after an AWS source ({@code aws.s3}) consumes that
   * service's events. This is the default: it needs no bus per topic and stays within the account's
   * bus quota.
   */
  SOURCE,

  /**
   * One event bus per topic, named {@code busPrefix + topic}; the event's CloudEvents {@code
   * source} is the EventBridge {@code source}, and a group's rule matches every event of its bus.
   * Other producers reach a topic by putting events on its bus.
   */
  BUS
}
