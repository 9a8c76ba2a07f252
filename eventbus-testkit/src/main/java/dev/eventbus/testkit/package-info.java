/**
 * Testing eventbus applications and brokers.
 *
 * <ul>
 *   <li>{@link dev.eventbus.testkit.EventBusHarness} and {@link
 *       dev.eventbus.testkit.EventBusExtension}: a bus for unit tests on the in-memory broker, with
 *       recordings of what was published, consumed and dead-lettered whose assertions wait for a
 *       match instead of sleeping, fault injection ({@link dev.eventbus.testkit.Faults}) and a
 *       {@link dev.eventbus.testkit.VirtualClock} that makes retries with backoff take
 *       milliseconds.
 *   <li>{@link dev.eventbus.testkit.BrokerContractTest}: the contract suite every broker adapter's
 *       tests extend, with {@link dev.eventbus.testkit.DeliveryChecker} counting lost and
 *       duplicated events.
 * </ul>
 *
 * <p>Classes in {@code dev.eventbus.testkit.internal} (the contract groups and their helpers) are
 * not API.
 */
package dev.eventbus.testkit;
