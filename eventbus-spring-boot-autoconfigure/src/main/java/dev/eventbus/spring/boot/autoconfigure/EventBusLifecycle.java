package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.EventBus;
import dev.eventbus.spi.ConfigKeys;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Starts the bus when the context has been refreshed (every handler subscribed) and closes it when
 * the context stops: the bus stops fetching, waits for running handlers up to {@code
 * eventbus.close.timeout}, settles what finished and releases its connections. Close runs on a
 * thread of its own, so Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} bounds the
 * wait too; a close timeout longer than that phase timeout is reported at startup.
 *
 * <p>Its phase ({@link #PHASE}) is below the web server's: the bus starts before the server takes
 * requests and is closed after the server stopped taking them, so a request in progress can still
 * publish. Thread-safe.
 */
public final class EventBusLifecycle implements SmartLifecycle {
  /** The phase: below Spring Boot's web server (graceful shutdown) lifecycles. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(EventBusLifecycle.class);
  private static final String PHASE_TIMEOUT = "spring.lifecycle.timeout-per-shutdown-phase";
  private final EventBus bus;
  private final Environment environment;
  private volatile boolean running;

  /**
   * A lifecycle for a bus.
   *
   * @param bus the bus it starts and closes
   * @param environment where the shutdown phase's timeout is read
   */
  public EventBusLifecycle(EventBus bus, Environment environment) {
    this.bus = bus;
    this.environment = environment;
  }

  @Override
  public void start() {
    warnIfCloseOutlastsThePhase();
    bus.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    bus.close();
  }

  @Override
  public void stop(Runnable callback) {
    running = false;
    Thread closer =
        new Thread(
            () -> {
              try {
                bus.close();
              } finally {
                callback.run();
              }
            },
            "eventbus-close");
    closer.start();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void warnIfCloseOutlastsThePhase() {
    String phaseText = environment.getProperty(PHASE_TIMEOUT);
    Duration phase = phaseText == null ? Duration.ofSeconds(30) : springDuration(phaseText);
    String closeKey = "eventbus.close.timeout";
    String close = environment.getProperty(closeKey);
    Duration closeTimeout =
        close == null ? EventBus.Builder.DEFAULT_CLOSE_TIMEOUT : busDuration(close);
    if (phase != null && closeTimeout != null && closeTimeout.compareTo(phase) > 0) {
      log.warn(
          "{} ({}) is longer than {} ({}): on shutdown Spring stops waiting for the bus's"
              + " handlers first",
          closeKey,
          closeTimeout,
          PHASE_TIMEOUT,
          phase);
    }
  }

  private static Duration busDuration(String text) {
    try {
      return ConfigKeys.duration(text.trim());
    } catch (RuntimeException e) {
      return null; // the bus has already rejected it
    }
  }

  private static Duration springDuration(String text) {
    try {
      return DurationStyle.detectAndParse(text.trim());
    } catch (RuntimeException e) {
      return null; // Spring reports its own property
    }
  }
}
