package dev.eventbus.testkit;

import dev.eventbus.Event;
import dev.eventbus.spi.BrokerMessage;
import java.time.Duration;

/**
 * An event the bus sent to the broker, recorded once the broker accepted or refused it.
 *
 * @param event the event, or null if the message could not be decoded
 * @param topic the topic
 * @param group the group for a message sent to one group only (a redriven dead letter), else null
 * @param message the message as sent
 * @param exception why the broker refused it, or null if it was accepted
 * @param elapsed from the send to the broker's answer
 */
public record Published(
    Event<?> event,
    String topic,
    String group,
    BrokerMessage message,
    Throwable exception,
    Duration elapsed)
    implements Recorded {}
