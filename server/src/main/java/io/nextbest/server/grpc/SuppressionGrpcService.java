package io.nextbest.server.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.CheckRequest;
import io.nextbest.api.v1.CheckResponse;
import io.nextbest.api.v1.SuppressionServiceGrpc;
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
		return new SuppressionCheckStream(this.suppressor, (ServerCallStreamObserver<CheckResponse>) responses);
	}

}
