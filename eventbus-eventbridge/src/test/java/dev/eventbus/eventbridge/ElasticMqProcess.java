package dev.eventbus.eventbridge;

import dev.eventbus.testkit.Await;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.http.scaladsl.Http;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;
import scala.util.Left;

/**
 * ElasticMQ in a child JVM of its own, on a free loopback port, keeping its queues and messages in
 * an H2 database in a temporary directory (ElasticMQ's {@code messages-storage}): every send,
 * receive and delete is written before ElasticMQ answers it, so the process can be killed with
 * SIGKILL and started again on the same port and data with nothing it acknowledged lost. Its {@link
 * #main(String[])} is the child's entry point.
 *
 * <p>The child stops when the test JVM exits, however that happens: a shutdown hook kills it, and
 * the child halts by itself when its parent process is gone.
 *
 * <p>Thread-safe.
 */
final class ElasticMqProcess {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dir;
  private final int port;
  private Process process;

  private ElasticMqProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /**
   * Starts ElasticMQ in a new child JVM with an empty database, on a free port.
   *
   * @return the running server
   * @throws IllegalStateException if it does not start
   */
  static ElasticMqProcess start() {
    try {
      return start(freePort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port for the test ElasticMQ", e);
    }
  }

  /**
   * Starts ElasticMQ in a new child JVM with an empty database, on the given loopback port: for a
   * test whose broker was built, and started, before anything listened there.
   *
   * @param port the port
   * @return the running server; {@link #stop()} it when done
   * @throws IllegalStateException if it does not start
   */
  static ElasticMqProcess start(int port) {
    try {
      ElasticMqProcess server =
          new ElasticMqProcess(Files.createTempDirectory("eventbus-elasticmq-"), port);
      Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "elasticmq-stop"));
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the test ElasticMQ", e);
    }
  }

  /** Kills the JVM and deletes its data; idempotent, as is the shutdown hook that does the same. */
  void stop() {
    destroy();
  }

  /** The SQS endpoint ({@code http://127.0.0.1:<port>}). */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Kills the JVM with SIGKILL, starts it again on the same port and data, waits until ready. */
  synchronized void kill() {
    long start = System.nanoTime();
    process.destroyForcibly();
    awaitExit();
    long killed = System.nanoTime();
    launch();
    System.out.printf(
        "Test ElasticMQ killed in %d ms, ready %d ms later%n",
        (killed - start) / 1_000_000, (System.nanoTime() - killed) / 1_000_000);
  }

  /** Stops the JVM (SIGTERM, ElasticMQ shuts down), starts it again, waits until ready. */
  synchronized void restart() {
    long start = System.nanoTime();
    process.destroy();
    awaitExit();
    long stopped = System.nanoTime();
    launch();
    System.out.printf(
        "Test ElasticMQ restarted: stopped in %d ms, ready %d ms later%n",
        (stopped - start) / 1_000_000, (System.nanoTime() - stopped) / 1_000_000);
  }

  private void launch() {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-cp",
            System.getProperty("java.class.path"),
            ElasticMqProcess.class.getName(),
            Integer.toString(port),
            dir.resolve("elasticmq").toString(),
            Long.toString(ProcessHandle.current().pid()));
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for ElasticMQ", e);
    }
    awaitReady();
  }

  /** Ready means: the port accepts connections (the child listens only once it restored). */
  private void awaitReady() {
    boolean ready =
        Await.holdsWithin(
            READY_TIMEOUT,
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "the test ElasticMQ exited with " + process.exitValue() + "; " + logTail());
              }
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    if (!ready) {
      throw new IllegalStateException(
          "the test ElasticMQ was not ready within " + READY_TIMEOUT + "; " + logTail());
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test ElasticMQ", e);
    }
  }

  private synchronized void destroy() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort at JVM exit: a leftover temp directory is harmless
    }
  }

  private Path log() {
    return dir.resolve("elasticmq.log");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      return "last lines of "
          + log()
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "no log at " + log();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * The child JVM: ElasticMQ with message persistence, listening on loopback only once it restored
   * what the database holds, so that no client sees a queue missing while it comes back.
   *
   * @param args the port, the database file (without H2's suffix) and the parent's pid
   * @throws Exception if ElasticMQ cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String database = args[1];
    ProcessHandle.of(Long.parseLong(args[2]))
        .ifPresentOrElse(
            parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)),
            () -> Runtime.getRuntime().halt(1));

    // WRITE_DELAY=0: H2 writes each commit to the file at once, not up to 500 ms later.
    SqlQueuePersistenceConfig storage =
        new SqlQueuePersistenceConfig(
            true, "org.h2.Driver", "jdbc:h2:file:" + database + ";WRITE_DELAY=0", "", "", false);
    ActorSystem system = ActorSystem.create("elasticmq");
    ActorRef store =
        system.actorOf(
            Props.create(
                SqlQueuePersistenceActor.class,
                () ->
                    new SqlQueuePersistenceActor(
                        storage, scala.collection.immutable.List$.MODULE$.empty())));
    ActorRef queues =
        system.actorOf(
            Props.create(
                QueueManagerActor.class,
                () ->
                    new QueueManagerActor(
                        new NowProvider(), StrictSQSLimits$.MODULE$, Option.apply(store))));
    Object restored =
        Patterns.ask(store, new QueueEvent.Restore(queues), Duration.ofSeconds(60))
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    if (restored instanceof Left<?, ?> errors) {
      System.err.println("ElasticMQ could not restore its queues: " + errors.value());
      Runtime.getRuntime().halt(2);
    }
    SQSRestServer server =
        SQSRestServerBuilder.withActorSystem(system)
            .withQueueManagerActor(queues)
            .withQueueEventListener(store)
            .withInterface("127.0.0.1")
            .withPort(port)
            .start();
    Http.ServerBinding binding = server.waitUntilStarted();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Requests under way get two seconds, then the connections close.
                  FutureConverters.asJava(binding.terminate(FiniteDuration.create(2, "s")))
                      .toCompletableFuture()
                      .join();
                  FutureConverters.asJava(system.terminate()).toCompletableFuture().join();
                },
                "elasticmq-shutdown"));
    System.out.println("ElasticMQ listening on 127.0.0.1:" + port + ", data in " + database);
  }
}
