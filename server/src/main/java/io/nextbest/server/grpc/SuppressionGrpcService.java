package io.nextbest.server.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.SuppressionServiceGrpc;
import io.nextbest.server.security.CurrentCaller;
import io.nextbest.server.suppression.BulkSuppressor;

/** The SuppressionService API over the {@link BulkSuppressor}. */
@Service
class SuppressionGrpcService extends SuppressionServiceGrpc.SuppressionServiceImplBase {

	private final BulkSuppressor suppressor;

	SuppressionGrpcService(BulkSuppressor suppressor) {
		this.suppressor = suppressor;
	}

	@Override
	public StreamObserver<CheckRequest> check(StreamObserver<CheckResponse> responses) {
		if (CurrentCaller.get().filter((caller) -> caller.customerId() != null).isPresent()) {
			// Lists are for engines; a token for one customer has no business checking
			// them.
			throw new AccessDeniedException("a token restricted to one customer cannot check lists");
		}
		return new SuppressionCheckStream(this.suppressor, (ServerCallStreamObserver<CheckResponse>) responses);
	}

}
