package io.nextbest.engine.scenario;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.CachingClassLoader;
import io.nextbest.engine.ruleset.Cancellation;
import io.nextbest.engine.ruleset.CompileCancelledException;
import io.nextbest.engine.ruleset.Problems;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.ruleset.RuleSet;
import io.nextbest.engine.ruleset.RuleSetBuilder;
import io.nextbest.engine.ruleset.RuleSetException;

/**
 * Builds a {@link RuleSet} from rule files ({@link RuleSetBuilder}) and runs the
 * scenarios under {@code scenarios/} on it. Everything is checked before a rule set is
 * handed out: YAML and DRL syntax, compile errors, every action a rule proposes must be
 * in the catalogue, and every scenario must pass. Problems are reported with file, line
 * and column. It sits above the decision engine because a scenario is a decision.
 */
public final class RuleSetLoader {

	private RuleSetLoader() {
	}

	/**
	 * Loads and validates a rules directory.
	 * @param directory the rules directory
	 * @param clock tells when the rule set is loaded
	 * @return the rule set
	 * @throws RuleSetException listing every problem, failed scenarios included, when the
	 * rule set is not valid
	 */
	public static RuleSet load(Path directory, Clock clock) {
		Validation validation = validate(RuleFiles.read(directory), directory.toString(), clock);
		if (!validation.valid()) {
			throw new RuleSetException(directory.toString(), validation.problems());
		}
		return validation.ruleSet();
	}

	/**
	 * Builds a rule set from files and checks it, scenarios included. Never throws for a
	 * problem in the files: they are all in the result.
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param clock tells when the rule set is loaded, and the moment of the scenarios
	 * @return the outcome
	 */
	public static Validation validate(RuleFiles files, String origin, Clock clock) {
		return validate(files, origin, clock, Cancellation.NONE);
	}

	/**
	 * Builds a rule set from files and checks it, as
	 * {@link #validate(RuleFiles, String, Clock)} does, stopping between its steps (each
	 * file, the build, each scenario) once cancelled.
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param clock tells when the rule set is loaded, and the moment of the scenarios
	 * @param cancellation tells when to stop
	 * @return the outcome
	 * @throws CompileCancelledException when cancelled before the end
	 */
	public static Validation validate(RuleFiles files, String origin, Clock clock, Cancellation cancellation) {
		// Drools and its Java compiler also look types up through the thread's context
		// class loader; through the caching one, lookups are answered from memory.
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(CachingClassLoader.server());
		try {
			return build(files, origin, clock, cancellation);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static Validation build(RuleFiles files, String origin, Clock clock, Cancellation cancellation) {
		Instant now = clock.instant();
		List<RuleDiagnostic> diagnostics = new ArrayList<>();
		List<Scenario> scenarios = new ArrayList<>();
		RuleSet ruleSet = RuleSetBuilder.build(files, origin, now, cancellation, diagnostics,
				(name, text) -> scenarios.addAll(ScenarioParser.parse(name, text, now, diagnostics)));
		String hash = files.hash();
		if (ruleSet == null) {
			return new Validation(hash, null, Problems.capped(diagnostics, origin), List.of());
		}
		return new Validation(hash, ruleSet, List.of(), ScenarioRunner.run(ruleSet, scenarios, cancellation));
	}

}
