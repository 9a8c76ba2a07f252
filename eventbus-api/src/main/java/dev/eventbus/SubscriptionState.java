package dev.eventbus;

/** The state of one subscription (one consumer of a topic for a group) in this process. */
public enum SubscriptionState {
  /** Registered, connecting or waiting for partitions/queues to be assigned. */
  STARTING,
  /** Fetching and handling events. */
  RUNNING,
  /** Connected, but not fetching because as many events as allowed are in flight. */
  PAUSED,
  /** The broker connection is down or failing; the subscription keeps trying to recover. */
  FAILING,
  /** Closed: fetches nothing and handles nothing. Final. */
  STOPPED
}
