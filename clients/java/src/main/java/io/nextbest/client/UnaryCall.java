package io.nextbest.client;

import java.util.concurrent.CompletableFuture;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The future of one unary call. Cancelling it cancels the call, so that the server stops
 * working on an answer nobody waits for.
 */
final class UnaryCall<Q, R> extends CompletableFuture<R> implements ClientResponseObserver<Q, R> {

	private volatile ClientCallStreamObserver<Q> call;

	@Override
	public void beforeStart(ClientCallStreamObserver<Q> call) {
		this.call = call;
	}

	@Override
	public void onNext(R response) {
		complete(response);
	}

	@Override
	public void onError(Throwable error) {
		completeExceptionally(error);
	}

	@Override
	public void onCompleted() {
		// A unary call answers exactly once, so onNext has completed the future already.
	}

	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		ClientCallStreamObserver<Q> call = this.call;
		if (cancelled && call != null) {
			call.cancel("cancelled by the caller", null);
		}
		return cancelled;
	}

}
