package io.nextbest.server.grpc;

/** A request field is missing or wrong; answered INVALID_ARGUMENT naming the field. */
class InvalidArgumentException extends RuntimeException {

	private final String field;

	InvalidArgumentException(String field, String problem) {
		super(field + ": " + problem);
		this.field = field;
	}

	String field() {
		return this.field;
	}

	String problem() {
		return getMessage().substring(this.field.length() + 2);
	}

}
