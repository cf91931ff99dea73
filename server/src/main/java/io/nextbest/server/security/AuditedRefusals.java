package io.nextbest.server.security;

import java.util.function.Supplier;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.CallContext;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Writes every call refused for its credentials or roles to the audit log: as an
 * interceptor just outside the authentication interceptor for a credential that is
 * missing or wrong (the caller gets UNAUTHENTICATED), and as the authorisation event
 * publisher for a known caller without the role (PERMISSION_DENIED).
 */
final class AuditedRefusals implements ServerInterceptor, AuthorizationEventPublisher, Ordered {

	private final AuditLog audit;

	AuditedRefusals(AuditLog audit) {
		this.audit = audit;
	}

	@Override
	public int getOrder() {
		// Inside the exception handler (which turns the refusal into a status), outside
		// the authentication interceptor.
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		try {
			return next.startCall(call, headers);
		}
		catch (AuthenticationException ex) {
			boolean presented = headers.containsKey(AUTHORIZATION) || ex.getMessage() == null
					|| !ex.getMessage().equals("not authenticated");
			this.audit.record(call.getMethodDescriptor().getFullMethodName(),
					presented ? "(invalid credential)" : "(no credential)", "", "", "UNAUTHENTICATED",
					presented ? String.valueOf(ex.getMessage()) : "");
			throw ex;
		}
	}

	@Override
	public <T> void publishAuthorizationEvent(Supplier<Authentication> authentication, T object,
			AuthorizationResult result) {
		if (result.isGranted() || !(object instanceof CallContext call)) {
			return;
		}
		Authentication who = authentication.get();
		if (who == null || who instanceof AnonymousAuthenticationToken) {
			// Answered UNAUTHENTICATED, and logged as such by the interceptor.
			return;
		}
		this.audit.record(call.method().getFullMethodName(), who.getName(), "", "", "PERMISSION_DENIED",
				"no role for this rpc");
	}

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

}
