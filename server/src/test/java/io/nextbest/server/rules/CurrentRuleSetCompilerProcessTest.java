package io.nextbest.server.rules;

import io.nextbest.server.system.NextBestProperties;

/**
 * Reloading as {@link CurrentRuleSetTest} checks it, with the rules compiled in the
 * compiler process, as a server does by default.
 */
class CurrentRuleSetCompilerProcessTest extends CurrentRuleSetTest {

	@Override
	NextBestProperties.Compiler compiler() {
		return NextBestProperties.Compiler.PROCESS;
	}

}
