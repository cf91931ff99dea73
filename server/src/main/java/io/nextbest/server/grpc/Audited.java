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
	 * @param outcome what to record of the result: the subject's value found by the body
	 * (e.g. the version a reload serves), and a detail
	 * @return what the body returned
	 */
	<T> T run(MethodDescriptor<?, ?> method, String subject, String subjectValue, Supplier<T> body,
			Function<T, String[]> outcome) {
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
		String[] found = outcome.apply(result);
		this.audit.record(method.getFullMethodName(), caller, subject, found[0].isEmpty() ? subjectValue : found[0],
				"OK", found[1]);
		return result;
	}

}
