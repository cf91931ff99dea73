package io.nextbest.cli;

import java.nio.file.Path;
import java.time.Clock;

import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;
import picocli.CommandLine.Parameters;

/** The rules directory argument of {@code validate} and {@code test}, and its check. */
final class RulesDirectory {

	/** Exit code when the rules are invalid or a scenario fails. */
	static final int FAILED = 1;

	@Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "${env:NBA_RULES_DIR:-rules}",
			description = "The rules directory. Default: $NBA_RULES_DIR, else rules.")
	Path directory;

	/**
	 * Reads, compiles and checks the directory, scenarios included, as the server would.
	 */
	Validation validate() {
		return RuleSetLoader.validate(RuleFiles.read(this.directory), this.directory.toString(), Clock.systemUTC());
	}

}
