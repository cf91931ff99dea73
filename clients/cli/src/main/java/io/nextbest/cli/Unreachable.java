package io.nextbest.cli;

import io.grpc.StatusRuntimeException;

/**
 * A call ran out of time before the tool could even connect to the server: a connection
 * problem, not a slow answer.
 */
final class Unreachable extends RuntimeException {

	Unreachable(String message, StatusRuntimeException cause) {
		super(message, cause);
	}

}
