package dev.eventbus.outbox;

import java.time.Instant;

/**
 * An outbox row the broker refused permanently, moved aside to {@code <table>_dead} with the
 * reason. Immutable.
 *
 * @param id the row's id in the outbox table, kept in the dead table
 * @param topic the topic it was written for
 * @param key its partition key, or null
 * @param eventId the event's id
 * @param type the event's type
 * @param createdAt when it was written
 * @param failedAt when it was moved aside
 * @param reason why: the failure's class and message, at most 2,000 characters
 */
public record DeadRow(
    long id,
    String topic,
    String key,
    String eventId,
    String type,
    Instant createdAt,
    Instant failedAt,
    String reason) {}
