package io.nextbest.server.grpc;

import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.spi.exception.RetryableException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

import io.nextbest.server.context.DurableStoreException;
import io.nextbest.server.journeys.UnknownJourneyException;
import io.nextbest.server.logging.LogThrottle;

/**
 * The one place exceptions become gRPC statuses. Callers get a status and a sentence,
 * never a stack trace: INVALID_ARGUMENT names the field (also as a
 * {@code google.rpc.BadRequest} detail), UNAVAILABLE says to retry, a refused credential
 * is UNAUTHENTICATED and a missing role PERMISSION_DENIED (neither says more), and
 * anything unexpected is INTERNAL with a reference to the server log. A failure that
 * every call runs into is logged once a minute per kind, with the count of those left
 * out: identical internal errors (same exception, thrown at the same place) share the
 * reference of the last one logged. Request messages that cannot be read never reach a
 * service: the {@link RequestGuard} answers them.
 */
@Component
public class GrpcErrors implements GrpcExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

	private static final LogThrottle THROTTLE = new LogThrottle(LogThrottle.MINUTE);

	/** The reference of the last internal error logged, by kind. */
	private static final ConcurrentMap<String, String> REFERENCES = new ConcurrentHashMap<>();

	@Override
	public StatusException handleException(Throwable exception) {
		return toStatus(exception);
	}

	/**
	 * A request field found wrong before the request reaches a service (the Connect
	 * bridge reading JSON): the status a service finding it would give.
	 * @param field the field at fault, as the caller named it
	 * @param problem what is wrong with it
	 * @return INVALID_ARGUMENT with a {@code google.rpc.BadRequest} detail
	 */
	public static StatusException invalidArgument(String field, String problem) {
		return toStatus(new InvalidArgumentException(field, problem));
	}

	static StatusException toStatus(Throwable exception) {
		Throwable cause = unwrap(exception);
		if (cause instanceof StatusException status) {
			return status;
		}
		if (cause instanceof StatusRuntimeException status) {
			return new StatusException(status.getStatus(), status.getTrailers());
		}
		if (cause instanceof AuthenticationException) {
			// No hint about what failed or what exists: the audit log has the detail.
			return Status.UNAUTHENTICATED
				.withDescription("Authentication failed: send a valid API key or token (authorization: Bearer ...)"
						+ " or a known client certificate.")
				.asException();
		}
		if (cause instanceof AccessDeniedException) {
			return Status.PERMISSION_DENIED.withDescription("Access denied.").asException();
		}
		if (cause instanceof InvalidArgumentException invalid) {
			com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
				.setCode(Code.INVALID_ARGUMENT_VALUE)
				.setMessage(invalid.getMessage())
				.addDetails(com.google.protobuf.Any.pack(BadRequest.newBuilder()
					.addFieldViolations(BadRequest.FieldViolation.newBuilder()
						.setField(invalid.field())
						.setDescription(invalid.problem()))
					.build()))
				.build();
			return StatusProto.toStatusException(status);
		}
		if (cause instanceof UnknownJourneyException unknown) {
			return Status.NOT_FOUND.withDescription(unknown.getMessage()).asException();
		}
		if (causedBy(cause, DurableStoreException.class)) {
			long heldBack = THROTTLE.admit("durable-store");
			if (heldBack >= 0) {
				log.warn("Durable store failure{}", LogThrottle.heldBack(heldBack), cause);
			}
			return Status.UNAVAILABLE
				.withDescription("The durable store did not commit; nothing was recorded. Retry shortly.")
				.asException();
		}
		if (cause instanceof HazelcastInstanceNotActiveException || cause instanceof RetryableException) {
			return Status.UNAVAILABLE.withDescription("The customer context store is not available; retry shortly.")
				.asException();
		}
		if (cause instanceof HazelcastException) {
			long heldBack = THROTTLE.admit("context-store");
			if (heldBack >= 0) {
				log.warn("Context store failure{}", LogThrottle.heldBack(heldBack), cause);
			}
			return Status.UNAVAILABLE.withDescription("The customer context store failed; retry shortly.")
				.asException();
		}
		String reference = internal(cause);
		return Status.INTERNAL
			.withDescription("Internal error; the server log has the details under reference " + reference + ".")
			.asException();
	}

	/**
	 * Logs an internal error, or counts it as one like the last logged: its reference.
	 */
	private static String internal(Throwable cause) {
		StackTraceElement[] stack = cause.getStackTrace();
		String kind = "internal " + cause.getClass().getName() + ((stack.length > 0) ? " at " + stack[0] : "");
		long heldBack = THROTTLE.admit(kind);
		if (heldBack < 0) {
			String reference = REFERENCES.get(kind);
			if (reference != null) {
				return reference;
			}
		}
		String reference = UUID.randomUUID().toString();
		REFERENCES.put(kind, reference);
		log.error("Internal error, reference {}{}", reference, LogThrottle.heldBack(Math.max(0, heldBack)), cause);
		return reference;
	}

	private static boolean causedBy(Throwable exception, Class<? extends Throwable> type) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static Throwable unwrap(Throwable exception) {
		Throwable cause = exception;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
