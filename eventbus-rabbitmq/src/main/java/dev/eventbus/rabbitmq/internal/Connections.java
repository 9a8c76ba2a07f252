package dev.eventbus.rabbitmq.internal;

import static dev.eventbus.rabbitmq.internal.ConfigTable.CONNECTION_NAME;
import static dev.eventbus.rabbitmq.internal.ConfigTable.CONNECTION_TIMEOUT;
import static dev.eventbus.rabbitmq.internal.ConfigTable.HOST;
import static dev.eventbus.rabbitmq.internal.ConfigTable.MAX_MESSAGE_BYTES;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PASSWORD;
import static dev.eventbus.rabbitmq.internal.ConfigTable.RECOVERY_INTERVAL;
import static dev.eventbus.rabbitmq.internal.ConfigTable.USERNAME;
import static dev.eventbus.rabbitmq.internal.ConfigTable.VIRTUAL_HOST;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.recovery.RecordedBinding;
import com.rabbitmq.client.impl.recovery.RecordedExchange;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import dev.eventbus.ConfigurationException;
import dev.eventbus.RetryableEventBusException;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes this adapter's connections and channels. Connections recover automatically, with
 * topology recovery limited to consumers (and their prefetch): exchanges and queues are durable, a
 * subscription that finds its queue gone declares it again itself, and recovering the recorded
 * declarations would replay every short-lived (closed) declaration channel. Thread-safe.
 */
final class Connections {
  private static final Logger log = LoggerFactory.getLogger(Connections.class);
  private static final TopologyRecoveryFilter CONSUMERS_ONLY =
      new TopologyRecoveryFilter() {
        @Override
        public boolean filterExchange(RecordedExchange recordedExchange) {
          return false;
        }

        @Override
        public boolean filterQueue(RecordedQueue recordedQueue) {
          return false;
        }

        @Override
        public boolean filterBinding(RecordedBinding recordedBinding) {
          return false;
        }
      };

  private final ConnectionFactory factory;
  private final Settings settings;

  Connections(Settings settings) {
    this.settings = settings;
    this.factory = new ConnectionFactory();
    factory.setHost(settings.get(HOST));
    factory.setPort(settings.port);
    factory.setVirtualHost(settings.get(VIRTUAL_HOST));
    factory.setUsername(settings.get(USERNAME));
    factory.setPassword(settings.get(PASSWORD));
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setTopologyRecoveryFilter(CONSUMERS_ONLY);
    factory.setNetworkRecoveryInterval(settings.get(RECOVERY_INTERVAL).toMillis());
    factory.setConnectionTimeout((int) settings.get(CONNECTION_TIMEOUT).toMillis());
    factory.setMaxInboundMessageBodySize(
        (int) Math.min(Integer.MAX_VALUE, settings.get(MAX_MESSAGE_BYTES)));
    if (settings.tls) {
      try {
        SSLContext context =
            settings.sslContext != null ? settings.sslContext : SSLContext.getDefault();
        factory.useSslProtocol(context);
        factory.enableHostnameVerification();
      } catch (NoSuchAlgorithmException e) {
        throw new ConfigurationException(
            ConfigTable.qualified(ConfigTable.TLS), true, "a JVM with a default TLS context");
      }
    }
  }

  /** Opens a connection named {@code <connection-name>-<role>}; retryable failure if refused. */
  Connection open(String role) {
    String name = settings.get(CONNECTION_NAME) + "-" + role;
    try {
      return factory.newConnection(name);
    } catch (IOException | TimeoutException e) {
      throw new RetryableEventBusException(
          "Cannot connect to RabbitMQ at " + settings.endpoint() + " (" + name + "): " + e, e);
    }
  }

  static Channel openChannel(Connection connection) throws IOException {
    return connection
        .openChannel()
        .orElseThrow(
            () -> new IOException("no free channel on " + connection.getClientProvidedName()));
  }

  /** Closes a channel or connection; one that is gone already, or fails to close, is gone. */
  static void closeQuietly(AutoCloseable channelOrConnection) {
    try {
      // One closed already (a failed passive declare, a dead connection) is left alone: closing
      // it again only builds an AlreadyClosedException.
      boolean open =
          channelOrConnection instanceof com.rabbitmq.client.ShutdownNotifier s
              ? s.isOpen()
              : channelOrConnection != null;
      if (open) {
        channelOrConnection.close();
      }
    } catch (Exception e) {
      log.debug("Closing {} failed: {}", channelOrConnection, e.toString());
    }
  }
}
