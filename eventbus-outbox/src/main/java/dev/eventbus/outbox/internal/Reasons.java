package dev.eventbus.outbox.internal;

/** Why a row was moved aside, as stored: the exception's class and message, bounded. */
final class Reasons {
  /** The longest reason stored. */
  static final int MAX_LENGTH = 2000;

  private Reasons() {}

  static String of(Throwable failure) {
    String text = failure.getClass().getName() + ": " + failure.getMessage();
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH);
  }
}
