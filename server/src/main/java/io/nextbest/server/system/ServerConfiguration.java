package io.nextbest.server.system;

import java.time.Clock;

import com.hazelcast.core.HazelcastInstance;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.server.context.ContextStore;
import io.nextbest.server.context.HazelcastContextStore;

/** Wires the boundaries: the clock and the context store. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ContextStore contextStore(HazelcastInstance hazelcast, NextBestProperties properties) {
		return new HazelcastContextStore(hazelcast, properties.context().limits(), properties.context().readCache());
	}

}
