package dev.eventbus.rabbitmq;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the tests' RabbitMQ nodes live: one directory per node in {@code
 * $TMPDIR/eventbus-rabbitmq-test/}, named after the node, holding the pid and start time of the
 * test JVM that owns it. A node whose owner is gone (killed, crashed) is a leftover: {@link
 * #stopLeftovers()} kills its Erlang VM, the process whose {@code -home} is that directory, and
 * deletes the directory. Nodes of test JVMs still running are left alone.
 */
final class TestNodeDirectories {
  private static final Path NODES =
      Path.of(System.getProperty("java.io.tmpdir"), "eventbus-rabbitmq-test");
  private static final String OWNER_FILE = "owner";

  private TestNodeDirectories() {}

  /**
   * Creates a node's directory, owned by this JVM.
   *
   * @param node the node's name without the host
   * @return the directory
   * @throws IOException if it cannot be written
   */
  static Path create(String node) throws IOException {
    Path dir = Files.createDirectories(NODES.resolve(node));
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " " + startMillis(self) + "\n");
    return dir;
  }

  /** Stops the nodes of test JVMs that are gone and deletes their directories. */
  static void stopLeftovers() {
    if (!Files.isDirectory(NODES)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(NODES)) {
      for (Path leftover : dirs.filter(TestNodeDirectories::ownerIsGone).toList()) {
        String home = leftover.toString();
        ProcessHandle.allProcesses()
            .filter(p -> erlangHome(p).filter(home::equals).isPresent())
            .forEach(TestNodeDirectories::killTree);
        delete(leftover);
        System.out.println("Stopped the leftover test RabbitMQ node in " + leftover);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for leftover test RabbitMQ nodes", e);
    }
  }

  /** Kills a process and every process under it with SIGKILL, and waits a little for them. */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : tree) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // best effort: the process is being killed
      }
    }
  }

  /** Deletes a node's directory, as far as it can: what stays is removed by the next run. */
  static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort
    }
  }

  private static boolean ownerIsGone(Path dir) {
    try {
      String[] owner = Files.readString(dir.resolve(OWNER_FILE)).trim().split(" ");
      return ProcessHandle.of(Long.parseLong(owner[0]))
          .filter(p -> startMillis(p) == Long.parseLong(owner[1]))
          .isEmpty();
    } catch (IOException | RuntimeException e) {
      return true; // no readable owner: not a node another JVM is starting or using
    }
  }

  /** The value of the VM's {@code -home} argument (the node's HOME), for Erlang VMs. */
  private static Optional<String> erlangHome(ProcessHandle p) {
    String[] args = p.info().arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-home")) {
        return Optional.of(args[i + 1]);
      }
    }
    return Optional.empty();
  }

  private static long startMillis(ProcessHandle p) {
    return p.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L);
  }
}
