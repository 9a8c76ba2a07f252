package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.Broker;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameCheckTest {
  private final List<String> asked = new ArrayList<>();

  /** A broker that only answers the name check: refuses topics with 'x', records every call. */
  private final Broker broker =
      (Broker)
          Proxy.newProxyInstance(
              Broker.class.getClassLoader(),
              new Class<?>[] {Broker.class},
              (proxy, method, args) -> {
                if (method.getName().equals("validateNames")) {
                  asked.add(args[0] + "/" + args[1]);
                  if (((String) args[0]).contains("x")) {
                    throw new ConfigurationException("topic", args[0], "no x");
                  }
                }
                return null;
              });

  @Test
  void aPublishedTopicIsCheckedOnceThenKnown() {
    NameCheck names = new NameCheck(broker);
    for (int i = 0; i < 1000; i++) {
      names.topic("orders");
    }
    assertThat(asked).containsExactly("orders/null");
  }

  @Test
  void aRefusedTopicIsRefusedEveryTimeAndNeverRemembered() {
    NameCheck names = new NameCheck(broker);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> names.topic("x y"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("'x y'");
    }
    assertThat(asked).hasSize(3);
  }

  @Test
  void aSubscriptionChecksTheTopicAndThePairEveryTime() {
    NameCheck names = new NameCheck(broker);
    names.subscription("orders", "billing");
    names.subscription("orders", "billing");
    names.topic("orders");
    assertThat(asked)
        .containsExactly("orders/null", "orders/billing", "orders/null", "orders/billing");
  }

  @Test
  void blankNamesAreRefusedBeforeTheBrokerIsAsked() {
    NameCheck names = new NameCheck(broker);
    assertThatThrownBy(() -> names.topic(null)).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> names.topic(" ")).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> names.subscription("orders", ""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("subscribe.group");
    assertThat(asked).isEmpty();
  }
}
