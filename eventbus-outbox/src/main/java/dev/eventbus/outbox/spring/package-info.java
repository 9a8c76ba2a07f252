/** The outbox in Spring-managed transactions; needs spring-jdbc on the class path. */
package dev.eventbus.outbox.spring;
