package io.nextbest.server.grpc;

import java.util.function.Function;
import java.util.function.Supplier;

import io.grpc.MethodDescriptor;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

import io.nextbest.server.security.AuditLog;
import io.nextbest.server.security.CurrentCaller;

/**
 * Runs an audited rpc's body and writes its line to the audit log: who called, what
 * about, and how it ended, failures included (with the status the caller gets).
 */
final class Audited {

	private final AuditLog audit;

	Audited(AuditLog audit) {
		this.audit = audit;
	}

	/**
	 * @param <T> what the body returns
	 * @param method the rpc
	 * @param subject {@code customer} or {@code rules}
	 * @param subjectValue the customer id or rule set version known before the body runs;
	 * may be empty
	 * @param body the rpc's work
	 * @param outcome what to record of the result
	 * @return what the body returned
	 */
	<T> T run(MethodDescriptor<?, ?> method, String subject, String subjectValue, Supplier<T> body,
			Function<T, Outcome> outcome) {
		String caller = CurrentCaller.name();
		T result;
		try {
			result = body.get();
		}
		catch (RuntimeException ex) {
			// Mapped here once, so that the audit line has the status the caller gets.
			StatusException status = GrpcErrors.toStatus(ex);
			this.audit.record(method.getFullMethodName(), caller, subject, subjectValue,
					status.getStatus().getCode().name(), "");
			throw new StatusRuntimeException(status.getStatus(), status.getTrailers());
		}
		Outcome found = outcome.apply(result);
		this.audit.record(method.getFullMethodName(), caller, subject,
				found.subjectValue().isEmpty() ? subjectValue : found.subjectValue(), "OK", found.detail());
		return result;
	}

	/**
	 * What an audited rpc that succeeded did.
	 *
	 * @param subjectValue the subject's value the body found (e.g. the version a reload
	 * serves), or empty to keep the one known before
	 * @param detail more about the outcome; may be empty
	 */
	record Outcome(String subjectValue, String detail) {

		static Outcome detail(String detail) {
			return new Outcome("", detail);
		}

	}

}
