/**
 * Implementation of the testkit: the behaviour groups of the broker contract suite (one abstract
 * class each, run as {@code @Nested} classes of {@link dev.eventbus.testkit.BrokerContractTest}),
 * their helpers, and the broker decorator behind the harness's recordings and fault injection. Not
 * API: names and signatures may change in any release.
 */
package dev.eventbus.testkit.internal;
