package io.nextbest.server.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.nextbest.engine.model.RuleDiagnostic;
import io.nextbest.engine.ruleset.RuleFiles;
import io.nextbest.engine.scenario.RuleSetLoader;
import io.nextbest.engine.scenario.Validation;

/**
 * Compiles and checks rule files into a rule set for a reload or a validation: in the
 * server itself ({@link InServerCompiler}) or in a process of its own
 * ({@link RuleCompilerProcess}). Either stops a compile that takes longer than its time
 * limit, and reports that as the files' problem; either can be told to cancel the compile
 * in progress, when a newer save makes it pointless.
 */
interface RuleCompiler extends AutoCloseable {

	/** Compiles on the calling thread, in the server, with no time limit. */
	RuleCompiler IN_SERVER = (files, origin, now) -> RuleSetLoader.validate(files, origin,
			Clock.fixed(now, ZoneOffset.UTC));

	/**
	 * Builds a rule set from files and checks it, scenarios included, as
	 * {@link RuleSetLoader#validate} does.
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param now when the rule set is loaded, and the moment of the scenarios
	 * @return the outcome; a compile over the time limit is invalid, with the problem
	 * {@link #tooSlow}
	 * @throws CompileCancelledException when {@link #cancel} stopped it
	 */
	Validation validate(RuleFiles files, String origin, Instant now);

	/**
	 * Gets ready for the compiles to come, by compiling files once and dropping the
	 * result; a compiler with nothing to get ready does nothing.
	 * @param files rule files like those to come
	 */
	default void prepare(RuleFiles files) {
	}

	/**
	 * Stops the compile in progress, if any, whose {@link #validate} then throws
	 * {@link io.nextbest.engine.ruleset.CompileCancelledException}; the compiles after it
	 * run as usual.
	 * @param reason why, for the reload's report
	 */
	default void cancel(String reason) {
	}

	/** Releases what the compiler holds. */
	@Override
	default void close() {
	}

	/**
	 * The outcome of a compile stopped at the time limit.
	 * @param files the files it compiled
	 * @param origin where they come from
	 * @param limit the time limit
	 * @return an invalid outcome, with one problem saying so
	 */
	static Validation tooSlow(RuleFiles files, String origin, Duration limit) {
		return new Validation(files.hash(), null,
				List.of(new RuleDiagnostic(origin, 0, 0,
						"compile took longer than " + text(limit)
								+ " (nextbest.rules.compile-timeout) and was stopped; the rule set is not used")),
				List.of());
	}

	/**
	 * @param duration a duration
	 * @return it for people: "30 s", "250 ms"
	 */
	static String text(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

}
