package io.nextbest.server.rules;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.util.unit.DataSize;

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
		NextBestProperties properties = new NextBestProperties(
				rules(directory, false, Duration.ofMillis(150), NextBestProperties.Compiler.IN_SERVER, ""), null, null,
				null, null);
		return new CurrentRuleSet(properties, clock, new RuleMetrics(new SimpleMeterRegistry()));
	}

	/**
	 * @param directory the rules directory
	 * @param clock tells when rule sets are loaded
	 * @param held holds the validations of files that hold its marker
	 * @return its current rule set, loaded, whose validations compile as {@code held}
	 * does
	 */
	public static CurrentRuleSet currentWithHeldValidations(Path directory, Clock clock, HeldCompile held) {
		NextBestProperties properties = new NextBestProperties(
				rules(directory, false, Duration.ofMillis(150), NextBestProperties.Compiler.IN_SERVER, ""), null, null,
				null, null);
		return new CurrentRuleSet(properties, clock, new RuleMetrics(new SimpleMeterRegistry()), RuleCompiler.IN_SERVER,
				held.compiler(Duration.ofMinutes(5)));
	}

	/**
	 * Rule settings with the default limits (1 MB a file, 8 MB a rule set, 30 s a
	 * compile).
	 */
	static NextBestProperties.Rules rules(Path directory, boolean watch, Duration reloadDelay,
			NextBestProperties.Compiler compiler, String compilerJvmOptions) {
		return rules(directory, watch, reloadDelay, compiler, compilerJvmOptions, DataSize.ofMegabytes(1),
				DataSize.ofMegabytes(8), Duration.ofSeconds(30));
	}

	static NextBestProperties.Rules rules(Path directory, boolean watch, Duration reloadDelay,
			NextBestProperties.Compiler compiler, String compilerJvmOptions, DataSize maxFileSize,
			DataSize maxRuleSetSize, Duration compileTimeout) {
		return new NextBestProperties.Rules(directory, watch, reloadDelay, 19, compiler, compilerJvmOptions,
				maxFileSize, maxRuleSetSize, compileTimeout);
	}

}
