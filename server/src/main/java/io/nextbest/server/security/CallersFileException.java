package io.nextbest.server.security;

import java.util.List;

/** A callers file that cannot be used, with every problem found in it. */
class CallersFileException extends RuntimeException {

	private final List<String> problems;

	CallersFileException(List<String> problems) {
		super(String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	List<String> problems() {
		return this.problems;
	}

}
