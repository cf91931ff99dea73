package io.nextbest.server.rules;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Compiles and checks rule files into a rule set for a reload or a validation: in the
 * server itself ({@link #IN_SERVER}) or in a process of its own
 * ({@link RuleCompilerProcess}).
 */
interface RuleCompiler extends AutoCloseable {

	/** Compiles on the calling thread, in the server. */
	RuleCompiler IN_SERVER = (files, origin, now) -> RuleSetLoader.validate(files, origin,
			Clock.fixed(now, ZoneOffset.UTC));

	/**
	 * Builds a rule set from files and checks it, scenarios included, as
	 * {@link RuleSetLoader#validate} does.
	 * @param files the rule files
	 * @param origin where the files come from, for messages
	 * @param now when the rule set is loaded, and the moment of the scenarios
	 * @return the outcome
	 */
	Validation validate(RuleFiles files, String origin, Instant now);

	/**
	 * Gets ready for the compiles to come, by compiling files once and dropping the
	 * result; a compiler with nothing to get ready does nothing.
	 * @param files rule files like those to come
	 */
	default void prepare(RuleFiles files) {
	}

	/** Releases what the compiler holds. */
	@Override
	default void close() {
	}

}
