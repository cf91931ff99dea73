package io.nextbest.server.system;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics registry, in Prometheus form, with the JVM's own metrics (memory, class
 * loading, garbage collection, threads, CPU) beside the server's.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	@Bean(destroyMethod = "close")
	PrometheusMeterRegistry meterRegistry() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new JvmMemoryMetrics().bindTo(registry);
		new ClassLoaderMetrics().bindTo(registry);
		new JvmThreadMetrics().bindTo(registry);
		new ProcessorMetrics().bindTo(registry);
		return registry;
	}

	@Bean(destroyMethod = "close")
	JvmGcMetrics gcMetrics(PrometheusMeterRegistry registry) {
		JvmGcMetrics metrics = new JvmGcMetrics();
		metrics.bindTo(registry);
		return metrics;
	}

}
