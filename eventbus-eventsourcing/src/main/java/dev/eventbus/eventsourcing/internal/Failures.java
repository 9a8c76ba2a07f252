package dev.eventbus.eventsourcing.internal;

import dev.eventbus.EventDecodingException;
import dev.eventbus.RetryableEventBusException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

/** Tells transient failures (worth a retry) from final ones. */
public final class Failures {
  private Failures() {}

  /**
   * Whether a failure, or one of its causes, is transient; an undecodable event never is.
   *
   * @param e the failure
   * @return true if retrying may help
   */
  public static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EventDecodingException) {
        return false;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetryableEventBusException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof TimeoutException
          || (t instanceof SQLException && isTransientState(((SQLException) t).getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an SQLSTATE names a transient condition: connection exceptions (08), transaction
   * rollbacks such as serialization failures and deadlocks (40), insufficient resources (53) and
   * operator intervention such as a server shutdown (57P).
   *
   * @param sqlState the state, may be null
   * @return true if transient
   */
  public static boolean isTransientState(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.startsWith("40")
            || sqlState.startsWith("53")
            || sqlState.startsWith("57P"));
  }
}
