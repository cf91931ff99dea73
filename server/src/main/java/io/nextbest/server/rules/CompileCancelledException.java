package io.nextbest.server.rules;

/**
 * A compile stopped before its end because its outcome is no longer wanted: the files it
 * compiles were saved again meanwhile, or the server is stopping.
 */
class CompileCancelledException extends RuntimeException {

	/**
	 * @param reason why, as the reload reports it: "superseded by a newer save"
	 */
	CompileCancelledException(String reason) {
		super(reason);
	}

}
