package io.nextbest.engine.ruleset;

/**
 * A compile stopped before its end because its outcome is no longer wanted: the files it
 * compiles were saved again meanwhile, or the server is stopping.
 */
public class CompileCancelledException extends RuntimeException {

	/**
	 * @param reason why, as the reload reports it: "superseded by a newer save"
	 */
	public CompileCancelledException(String reason) {
		super(reason);
	}

}
