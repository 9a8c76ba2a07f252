package dev.eventbus.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.EventHandler;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.Subscribe;
import dev.eventbus.spring.boot.autoconfigure.EventBusBuilderCustomizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;

/**
 * The snippets of docs/spring-boot.md: each names the file it comes from ({@code // compiled in
 * <path>}, {@code # from <path>}), and its lines are that file's, in order (lines the snippet
 * leaves out aside). The ones that are not the example's own code are compiled here.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of("..", "..");
  private static final Pattern BLOCK =
      Pattern.compile(
          "```[a-z]*\\n(?://|#) (?:compiled in|from) (\\S+)\\n(.*?)```", Pattern.DOTALL);

  /** The beans of the snippets "Handlers" shows; not a configuration, so no context picks them. */
  static class Snippets {
    private static final Logger log = LoggerFactory.getLogger(Snippets.class);

    @Bean
    @Subscribe(topic = "${orders.topic}", group = "audit")
    EventHandler<OrderPlaced> audit() {
      return (order, context) -> log.info("order {} placed", order.orderId());
    }

    @Bean
    EventBusBuilderCustomizer billingRetries() {
      return builder ->
          builder.group(
              "billing",
              GroupOptions.custom()
                  .retry(
                      RetryPolicy.custom()
                          .maxAttempts(5)
                          .noRetryOn(IllegalArgumentException.class)
                          .build())
                  .build());
    }
  }

  @Test
  void everySnippetIsInTheFileItNames() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/spring-boot.md"));
    Matcher block = BLOCK.matcher(doc);
    int checked = 0;
    while (block.find()) {
      List<String> file = trimmed(Files.readString(ROOT.resolve(block.group(1))));
      int at = 0;
      for (String line : trimmed(block.group(2))) {
        int found = file.subList(at, file.size()).indexOf(line);
        assertThat(found).as("'%s' in %s, after line %d", line, block.group(1), at).isNotNegative();
        at += found + 1;
      }
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(5);
  }

  @Test
  void theCustomizerSnippetConfiguresABus() {
    EventBus.Builder builder = EventBus.builder();
    new Snippets().billingRetries().customize(builder);
    try (EventBus bus = builder.build()) {
      bus.subscribe("orders", "audit", OrderPlaced.class, new Snippets().audit());
      assertThat(bus.subscriptions()).hasSize(1);
    }
  }

  private static List<String> trimmed(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    return lines;
  }
}
