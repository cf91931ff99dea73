package io.nextbest.server.rules;

/**
 * A validation was asked for while another runs: validations run one at a time, and the
 * caller is to ask again once the other has finished.
 */
public class ValidationBusyException extends RuntimeException {

	ValidationBusyException() {
		super("Another validation of rules is running; validations run one at a time. Retry when it has finished.");
	}

}
