package dev.eventbus.checks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries between the published modules, over their main classes as built: the core's
 * implementation ({@code dev.eventbus.internal}) is the core's alone. Adapters, the testkit, event
 * sourcing, the outbox and the Spring Boot auto-configuration use the public API and the SPI
 * ({@code dev.eventbus}, {@code dev.eventbus.spi}, ...), so that the core may change its internals
 * without breaking them, and a third-party adapter can do all that ours do.
 */
class ModuleBoundariesTest {
  private static final String CORE_INTERNAL = "dev.eventbus.internal..";
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.eventbus");
  }

  @Test
  void noOtherModuleReachesIntoTheCoresInternals() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.eventbus.kafka..",
                "dev.eventbus.rabbitmq..",
                "dev.eventbus.eventbridge..",
                "dev.eventbus.testkit..",
                "dev.eventbus.eventsourcing..",
                "dev.eventbus.outbox..",
                "dev.eventbus.spring..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(CORE_INTERNAL)
            .because("the core's internals are not an API; use dev.eventbus and dev.eventbus.spi");
    rule.check(classes);
  }

  @Test
  void everyPublishedModuleIsChecked() {
    for (String c :
        new String[] {
          "dev.eventbus.kafka.KafkaBroker",
          "dev.eventbus.rabbitmq.RabbitMqBroker",
          "dev.eventbus.eventbridge.EventBridgeBroker",
          "dev.eventbus.testkit.EventBusHarness",
          "dev.eventbus.eventsourcing.EventStore",
          "dev.eventbus.outbox.Outbox",
          "dev.eventbus.spring.boot.autoconfigure.EventBusAutoConfiguration",
          "dev.eventbus.internal.DefaultEventBus"
        }) {
      org.junit.jupiter.api.Assertions.assertTrue(classes.contain(c), c + " was imported");
    }
  }

  /**
   * {@code Codec.json()} and {@code Scheduler.system()} are exempt: factories of the core's default
   * codec and scheduler, as {@code EventBus.builder()} is of the bus.
   */
  @Test
  void theSpiDependsOnTheApiNotOnTheCoresImplementation() {
    noClasses()
        .that()
        .resideInAPackage("dev.eventbus.spi..")
        .and()
        .doNotHaveFullyQualifiedName("dev.eventbus.spi.Codec")
        .and()
        .doNotHaveFullyQualifiedName("dev.eventbus.spi.Scheduler")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CORE_INTERNAL)
        .because("an adapter written elsewhere sees the SPI, not the core behind it")
        .check(classes);
  }

  @Test
  void adaptersDoNotDependOnEachOther() {
    String[] adapters = {"kafka", "rabbitmq", "eventbridge"};
    for (String a : adapters) {
      for (String b : adapters) {
        if (!a.equals(b)) {
          noClasses()
              .that()
              .resideInAPackage("dev.eventbus." + a + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dev.eventbus." + b + "..")
              .check(classes);
        }
      }
    }
  }
}
