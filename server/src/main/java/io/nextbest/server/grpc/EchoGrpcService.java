package io.nextbest.server.grpc;

import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.EchoRequest;
import io.nextbest.api.v1.EchoResponse;
import io.nextbest.api.v1.EchoServiceGrpc;

/**
 * Diagnostics: echoes on the same server, port and executor as the real services, so that
 * the benchmarks' baseline is what gRPC alone costs on the machine.
 */
@Service
class EchoGrpcService extends EchoServiceGrpc.EchoServiceImplBase {

	@Override
	public void echo(EchoRequest request, StreamObserver<EchoResponse> responses) {
		responses.onNext(EchoResponse.newBuilder().setPayload(request.getPayload()).build());
		responses.onCompleted();
	}

}
