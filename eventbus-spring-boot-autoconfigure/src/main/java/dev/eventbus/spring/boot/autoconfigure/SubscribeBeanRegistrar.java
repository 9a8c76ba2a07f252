package dev.eventbus.spring.boot.autoconfigure;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.EventHandler;
import dev.eventbus.Subscribe;
import java.lang.reflect.Method;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Subscribes the application's handlers once every singleton exists, before the bus starts:
 *
 * <ul>
 *   <li>every singleton bean with {@link Subscribe @Subscribe} methods, through {@link
 *       EventBus#subscribe(Object, java.util.function.UnaryOperator)} with the {@code Environment}
 *       resolving placeholders in topic and group ({@code ${orders.topic}}). The bean as the
 *       context holds it is subscribed, so a method's {@code @Transactional} or other advice
 *       applies (class-based proxies, Spring Boot's default);
 *   <li>every {@link EventHandler} bean whose {@code @Bean} method carries {@code @Subscribe}: its
 *       payload type is the bean's type argument ({@code EventHandler<OrderPlaced>}).
 * </ul>
 *
 * <p>Runs once, on the thread refreshing the context.
 */
public final class SubscribeBeanRegistrar
    implements SmartInitializingSingleton, BeanFactoryAware, EnvironmentAware {
  private static final Logger log = LoggerFactory.getLogger(SubscribeBeanRegistrar.class);
  private ConfigurableListableBeanFactory beanFactory;
  private Environment environment;

  /** Creates the registrar; the auto-configuration does. */
  public SubscribeBeanRegistrar() {}

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
  }

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void afterSingletonsInstantiated() {
    EventBus bus = beanFactory.getBean(EventBus.class);
    for (String name : beanFactory.getBeanNamesForType(Object.class, false, false)) {
      Class<?> type =
          ScopedProxyUtils.isScopedTarget(name) ? null : beanFactory.getType(name, false);
      if (type == null) {
        continue;
      }
      if (EventHandler.class.isAssignableFrom(type)) {
        subscribeHandlerBean(bus, name);
      } else if (hasHandlerMethods(ClassUtils.getUserClass(type))) {
        bus.subscribe(beanFactory.getBean(name), environment::resolveRequiredPlaceholders)
            .forEach(s -> log.debug("Subscribed bean {} to {}/{}", name, s.topic(), s.group()));
      }
    }
  }

  /** Whether a class has {@code @Subscribe} handler methods (not {@code @Bean} methods). */
  private static boolean hasHandlerMethods(Class<?> type) {
    Map<Method, Subscribe> methods =
        MethodIntrospector.selectMethods(
            type,
            (MethodIntrospector.MetadataLookup<Subscribe>)
                m -> AnnotatedElementUtils.findMergedAnnotation(m, Subscribe.class));
    if (methods.isEmpty()) {
      return false;
    }
    long beanMethods =
        methods.keySet().stream().filter(m -> m.isAnnotationPresent(Bean.class)).count();
    if (beanMethods == methods.size()) {
      return false; // a configuration class declaring EventHandler beans
    }
    if (beanMethods > 0) {
      throw new ConfigurationException(
          "subscribe.handlers",
          type.getName(),
          "a class with @Subscribe handler methods or @Subscribe @Bean methods, not both");
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void subscribeHandlerBean(EventBus bus, String name) {
    Subscribe s = beanFactory.findAnnotationOnBean(name, Subscribe.class);
    if (s == null) {
      throw new ConfigurationException(
          "subscribe.handlers",
          name,
          "an EventHandler bean whose @Bean method carries @Subscribe(topic, group)");
    }
    Class<?> payload =
        beanFactory
            .getMergedBeanDefinition(name)
            .getResolvableType()
            .as(EventHandler.class)
            .resolveGeneric(0);
    if (payload == null) {
      throw new ConfigurationException(
          "subscribe.handlers",
          name,
          "an EventHandler bean declared with its payload type, EventHandler<Payload>");
    }
    String topic = environment.resolveRequiredPlaceholders(s.topic());
    String group = environment.resolveRequiredPlaceholders(s.group());
    EventHandler handler = beanFactory.getBean(name, EventHandler.class);
    bus.subscribe(topic, group, (Class) payload, handler);
    log.debug("Subscribed EventHandler bean {} to {}/{}", name, topic, group);
  }
}
