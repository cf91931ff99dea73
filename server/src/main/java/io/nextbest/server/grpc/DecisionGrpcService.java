package io.nextbest.server.grpc;

import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.api.v1.DecisionServiceGrpc;
import io.nextbest.engine.decision.DecisionRequest;
import io.nextbest.server.decision.Decider;
import io.nextbest.server.security.CurrentCaller;

/** The DecisionService API over the {@link Decider}. */
@Service
class DecisionGrpcService extends DecisionServiceGrpc.DecisionServiceImplBase {

	private final Decider decider;

	DecisionGrpcService(Decider decider) {
		this.decider = decider;
	}

	@Override
	public void decide(DecideRequest request, StreamObserver<DecideResponse> responses) {
		DecisionRequest decision = RequestMapper.decision(request);
		CurrentCaller.requireMayActFor(decision.customerId());
		DecideResponse response = ResponseMapper.decision(this.decider.decide(decision));
		responses.onNext(response);
		responses.onCompleted();
	}

}
