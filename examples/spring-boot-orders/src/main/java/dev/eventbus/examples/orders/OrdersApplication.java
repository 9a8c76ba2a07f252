package dev.eventbus.examples.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot order service: {@code POST /orders} publishes {@link OrderPlaced}; {@link
 * Billing} and {@link Shipping} consume it; {@code GET /orders/{id}} says how far an order got. The
 * in-memory broker by default; {@code --spring.profiles.active=rabbitmq} or {@code kafka} moves it
 * to a real broker with configuration only.
 */
@SpringBootApplication
public class OrdersApplication {
  /**
   * Runs the service.
   *
   * @param args Spring Boot's arguments ({@code --spring.profiles.active=rabbitmq})
   */
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }
}
