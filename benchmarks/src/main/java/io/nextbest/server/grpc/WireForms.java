package io.nextbest.server.grpc;

import io.nextbest.api.v1.DecideRequest;
import io.nextbest.api.v1.DecideResponse;
import io.nextbest.server.decision.Decision;
import io.nextbest.server.decision.DecisionRequest;

/**
 * The server's own request and response mappers, which are package-private, for the
 * benchmarks that hand a decision to another member: what crosses between members is
 * exactly what the gRPC layer reads and writes.
 */
public final class WireForms {

	private WireForms() {
	}

	/**
	 * @param request a request as the gRPC layer receives it
	 * @return the validated request
	 */
	public static DecisionRequest decisionRequest(DecideRequest request) {
		return RequestMapper.decision(request);
	}

	/**
	 * @param decision a decision
	 * @return the response the gRPC layer would send for it
	 */
	public static DecideResponse decideResponse(Decision decision) {
		return ResponseMapper.decision(decision);
	}

}
