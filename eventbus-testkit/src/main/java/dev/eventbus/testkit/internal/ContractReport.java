package dev.eventbus.testkit.internal;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts the outcomes of a contract test class and prints, when the class finishes, a summary that
 * names every test not run and why (a capability the broker lacks, a feature the fixture lacks).
 * Registered on {@code BrokerContractTest}; JUnit creates it and calls it from the test threads.
 */
public final class ContractReport implements TestWatcher, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ContractReport.class);

  /** Created by JUnit. */
  public ContractReport() {}

  @Override
  public void testSuccessful(ExtensionContext context) {
    tally(context).passed.incrementAndGet();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    tally(context).failed.incrementAndGet();
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    tally(context).notRun(name(context) + ": " + cause.getMessage());
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    tally(context).notRun(name(context) + ": disabled " + reason.orElse(""));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!isSuiteClass(context)) {
      return;
    }
    Tally tally = context.getStore(NAMESPACE).get(Tally.class, Tally.class);
    if (tally != null) {
      System.out.println(tally.summary(context.getRequiredTestClass().getSimpleName()));
    }
  }

  private static Tally tally(ExtensionContext context) {
    ExtensionContext suite = context;
    while (!isSuiteClass(suite) && suite.getParent().isPresent()) {
      suite = suite.getParent().get();
    }
    return suite
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Tally.class, k -> new Tally(), Tally.class);
  }

  private static boolean isSuiteClass(ExtensionContext context) {
    if (context.getTestMethod().isPresent()) {
      return false;
    }
    return context
        .getTestClass()
        .map(c -> c.getEnclosingClass() == null || Modifier.isStatic(c.getModifiers()))
        .orElse(false);
  }

  private static String name(ExtensionContext context) {
    String group = context.getTestClass().map(Class::getSimpleName).orElse("?");
    return group + " > " + context.getDisplayName();
  }

  private static final class Tally {
    final AtomicInteger passed = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final List<String> notRun = new ArrayList<>();

    synchronized void notRun(String line) {
      notRun.add(line);
    }

    synchronized String summary(String suite) {
      StringBuilder s = new StringBuilder();
      s.append("Broker contract ")
          .append(suite)
          .append(": ")
          .append(passed.get())
          .append(" passed, ")
          .append(failed.get())
          .append(" failed, ")
          .append(notRun.size())
          .append(" not run");
      for (String line : notRun) {
        s.append(System.lineSeparator()).append("  not run: ").append(line);
      }
      return s.toString();
    }
  }
}
