package dev.eventbus.testkit;

/**
 * Thrown in place of a handler call by {@link Faults#failNext}: a transient failure, retried like
 * any other under the group's retry policy.
 */
public class InjectedFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which injected failure this is
   */
  public InjectedFailureException(String message) {
    super(message);
  }
}
