package io.nextbest.server.rules;

import org.junit.jupiter.api.AfterEach;

import io.nextbest.server.system.NextBestProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloading as {@link CurrentRuleSetTest} checks it, with the rules compiled in the
 * compiler process, as a server does by default.
 */
class CurrentRuleSetCompilerProcessTest extends CurrentRuleSetTest {

	@Override
	NextBestProperties.Compiler compiler() {
		return NextBestProperties.Compiler.PROCESS;
	}

	/** Runs before the rule set is closed: every compile was the process's. */
	@AfterEach
	void noCompileFellBackToTheServer() {
		assertThat(((RuleCompilerProcess) this.current.compiler()).compilesInServer()).isZero();
	}

}
