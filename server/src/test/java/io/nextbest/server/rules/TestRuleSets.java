package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.nextbest.server.system.NextBestProperties;

/** Current rule sets for tests outside this package: a rules directory, not watched. */
public final class TestRuleSets {

	private TestRuleSets() {
	}

	/**
	 * @param directory the rules directory
	 * @param clock tells when rule sets are loaded
	 * @return its current rule set, loaded
	 */
	public static CurrentRuleSet current(Path directory, Clock clock) {
		NextBestProperties properties = new NextBestProperties(new NextBestProperties.Rules(directory, false,
				java.time.Duration.ofMillis(150), 19, NextBestProperties.Compiler.IN_SERVER, ""), null, null, null,
				null, null);
		return new CurrentRuleSet(properties, clock, new RuleMetrics(new SimpleMeterRegistry()));
	}

}
