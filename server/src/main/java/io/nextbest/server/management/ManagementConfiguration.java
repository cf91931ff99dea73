package io.nextbest.server.management;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.server.context.StoreHealth;
import io.nextbest.server.rules.CurrentRuleSet;
import io.nextbest.server.rules.ReloadAttempt;

/**
 * What the management port (Spring Boot Actuator, configured in application.yaml) tells
 * about the server beyond what Spring Boot knows: the {@code store} and {@code rules}
 * health indicators, members of the readiness group, and the serving rule set's version
 * in {@code /info}.
 * <p>
 * Neither indicator does I/O: a health check must answer at once however slow the
 * database is, so the store's indicator reads {@link StoreHealth}, which the store keeps
 * up to date as it works, instead of running a query.
 */
@Configuration(proxyBeanMethods = false)
class ManagementConfiguration {

	/**
	 * The durable store: DOWN, with its problem and since when, while the store cannot be
	 * used. The server is then not ready (readiness, gRPC health) and keeps answering
	 * what it can from memory.
	 */
	@Bean
	HealthIndicator storeHealthIndicator(StoreHealth store) {
		return () -> {
			StoreHealth.State state = store.state();
			Health.Builder health = state.up() ? Health.up() : Health.down().withDetail("problem", state.problem());
			return health.withDetail("since", state.since().toString()).build();
		};
	}

	/**
	 * The rule set: always UP once the server has started, since a rule set always
	 * serves; a rejected reload is a detail to act on (the last good rule set keeps
	 * serving), not a reason to take the server out of a load balancer's rotation.
	 */
	@Bean
	HealthIndicator rulesHealthIndicator(CurrentRuleSet rules) {
		return () -> {
			RuleSet ruleSet = rules.get();
			ReloadAttempt last = rules.lastAttempt();
			Map<String, Object> lastReload = new LinkedHashMap<>();
			lastReload.put("at", last.at().toString());
			lastReload.put("trigger", last.trigger());
			lastReload.put("outcome", last.outcome().name());
			lastReload.put("version", last.hash());
			// Records, written as JSON objects: file, line, column, message.
			lastReload.put("problems", last.problems());
			return Health.up()
				.withDetail("version", ruleSet.version().hash())
				.withDetail("loadedAt", ruleSet.version().loadedAt().toString())
				.withDetail("directory", rules.directory().toString())
				.withDetail("lastReload", lastReload)
				.build();
		};
	}

	/** The serving rule set in {@code /info}, beside the build. */
	@Bean
	InfoContributor rulesInfoContributor(CurrentRuleSet rules) {
		return (info) -> {
			RuleSet ruleSet = rules.get();
			info.withDetail("rules",
					Map.of("version", ruleSet.version().hash(), "loadedAt", ruleSet.version().loadedAt().toString()));
		};
	}

}
