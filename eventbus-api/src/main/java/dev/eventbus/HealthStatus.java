package dev.eventbus;

/** Whether a component can do its work. */
public enum HealthStatus {
  /** Working. */
  UP,
  /** Not working: not started, closed, disconnected, or failing. */
  DOWN
}
