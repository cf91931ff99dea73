package io.nextbest.server.system;

import java.time.Clock;

import com.hazelcast.core.HazelcastInstance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.engine.context.ContextLimits;
import io.nextbest.server.context.ContextStore;
import io.nextbest.server.context.HazelcastContextStore;

/** Wires the boundaries: the clock, the context store and its limits. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ContextLimits contextLimits(NextBestProperties properties) {
		return properties.context().limits();
	}

	@Bean
	ContextStore contextStore(HazelcastInstance hazelcast, ContextLimits limits, NextBestProperties properties) {
		return new HazelcastContextStore(hazelcast, limits, properties.context().readCache());
	}

}
