package io.nextbest.server.grpc;

import java.util.UUID;
import java.util.concurrent.CompletionException;
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
import org.springframework.stereotype.Component;

import io.nextbest.server.context.DurableStoreException;

/**
 * The one place exceptions become gRPC statuses. Callers get a status and a sentence,
 * never a stack trace: INVALID_ARGUMENT names the field (also as a
 * {@code google.rpc.BadRequest} detail), UNAVAILABLE says to retry, and anything
 * unexpected is INTERNAL with a reference to the server log.
 */
@Component
class GrpcErrors implements GrpcExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

	@Override
	public StatusException handleException(Throwable exception) {
		return toStatus(exception);
	}

	static StatusException toStatus(Throwable exception) {
		Throwable cause = unwrap(exception);
		if (cause instanceof StatusException status) {
			return status;
		}
		if (cause instanceof StatusRuntimeException status) {
			return new StatusException(status.getStatus(), status.getTrailers());
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
		if (causedBy(cause, DurableStoreException.class)) {
			log.warn("Durable store failure", cause);
			return Status.UNAVAILABLE
				.withDescription("The durable store did not commit; nothing was recorded. Retry shortly.")
				.asException();
		}
		if (cause instanceof HazelcastInstanceNotActiveException || cause instanceof RetryableException) {
			return Status.UNAVAILABLE.withDescription("The customer context store is not available; retry shortly.")
				.asException();
		}
		if (cause instanceof HazelcastException) {
			log.warn("Context store failure", cause);
			return Status.UNAVAILABLE.withDescription("The customer context store failed; retry shortly.")
				.asException();
		}
		String reference = UUID.randomUUID().toString();
		log.error("Internal error, reference {}", reference, cause);
		return Status.INTERNAL
			.withDescription("Internal error; the server log has the details under reference " + reference + ".")
			.asException();
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
