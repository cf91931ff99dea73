package io.nextbest.server.connect;

import java.util.Base64;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import org.springframework.http.HttpStatus;

/**
 * A gRPC status as the Connect protocol's error: the code in lower snake case, the
 * description as the message, the status details (a {@code google.rpc.BadRequest} naming
 * the field at fault) base64-encoded with their JSON alongside for people reading it, and
 * the HTTP status the Connect protocol gives the code. A stream carries the same document
 * in its end-stream message ({@link #endStream}).
 *
 * @param http the HTTP status
 * @param json the error document
 */
record ConnectError(int http, String json) {

	private static final JsonFormat.Printer DETAILS = JsonFormat.printer()
		.omittingInsignificantWhitespace()
		.usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder()
			.add(BadRequest.getDescriptor())
			.add(ErrorInfo.getDescriptor())
			.add(RetryInfo.getDescriptor())
			.build());

	static ConnectError of(Status status, Metadata trailers) {
		return new ConnectError(httpStatus(status.getCode()), error(status, trailers).toString());
	}

	/**
	 * The end of a Connect stream: the JSON of its end-stream message, {@code {}} when
	 * the call succeeded, otherwise the same error document as a unary call's under
	 * {@code "error"}. The HTTP status of a stream is 200 whatever its end.
	 * @param status how the call ended
	 * @param trailers its trailers, with the status details; may be null
	 * @return the end-stream message's JSON
	 */
	static String endStream(Status status, Metadata trailers) {
		JsonObject end = new JsonObject();
		if (!status.isOk()) {
			end.add("error", error(status, trailers));
		}
		return end.toString();
	}

	private static JsonObject error(Status status, Metadata trailers) {
		JsonObject error = new JsonObject();
		error.addProperty("code", status.getCode().name().toLowerCase(Locale.ROOT));
		if (status.getDescription() != null) {
			error.addProperty("message", status.getDescription());
		}
		com.google.rpc.Status full = (trailers != null) ? StatusProto.fromStatusAndTrailers(status, trailers) : null;
		if (full != null && full.getDetailsCount() > 0) {
			JsonArray details = new JsonArray();
			full.getDetailsList().forEach((detail) -> details.add(detail(detail)));
			error.add("details", details);
		}
		return error;
	}

	private static JsonObject detail(Any any) {
		JsonObject detail = new JsonObject();
		String type = any.getTypeUrl();
		detail.addProperty("type", type.substring(type.lastIndexOf('/') + 1));
		detail.addProperty("value", Base64.getEncoder().withoutPadding().encodeToString(any.getValue().toByteArray()));
		try {
			JsonObject debug = JsonParser.parseString(DETAILS.print(any)).getAsJsonObject();
			debug.remove("@type");
			detail.add("debug", debug);
		}
		catch (InvalidProtocolBufferException ex) {
			// A detail of a type not registered above: its bytes alone.
		}
		return detail;
	}

	/** The Connect protocol's HTTP status for each code. */
	static int httpStatus(Status.Code code) {
		return switch (code) {
			case OK -> HttpStatus.OK.value();
			case CANCELLED -> 499;
			case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST.value();
			case DEADLINE_EXCEEDED -> HttpStatus.GATEWAY_TIMEOUT.value();
			case NOT_FOUND -> HttpStatus.NOT_FOUND.value();
			case ALREADY_EXISTS, ABORTED -> HttpStatus.CONFLICT.value();
			case PERMISSION_DENIED -> HttpStatus.FORBIDDEN.value();
			case RESOURCE_EXHAUSTED -> HttpStatus.TOO_MANY_REQUESTS.value();
			case UNIMPLEMENTED -> HttpStatus.NOT_IMPLEMENTED.value();
			case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE.value();
			case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED.value();
			case UNKNOWN, INTERNAL, DATA_LOSS -> HttpStatus.INTERNAL_SERVER_ERROR.value();
		};
	}

}
