package io.nextbest.server.grpc;

import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.server.decision.Decider;

/** The DecisionService API over the {@link Decider}. */
@Service
class DecisionGrpcService extends DecisionServiceGrpc.DecisionServiceImplBase {

	private final Decider decider;

	DecisionGrpcService(Decider decider) {
		this.decider = decider;
	}

	@Override
	public void decide(DecideRequest request, StreamObserver<DecideResponse> responses) {
		DecideResponse response = ResponseMapper.decision(this.decider.decide(RequestMapper.decision(request)));
		responses.onNext(response);
		responses.onCompleted();
	}

}
